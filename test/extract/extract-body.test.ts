import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/index.js';

/** The source.html of a golden page (test/fixtures/pages/<slug>/). */
const fixture = (slug: string): string => readFileSync(new URL(`../fixtures/pages/${slug}/source.html`, import.meta.url), 'utf8');
const NEWS_URL = 'https://www.dailymonitor.example/world/2022/02/18/evacuation';

describe('extractArticle body (English news page)', () => {
  const { text, method } = extractArticle(fixture('news-article'), NEWS_URL);

  it.each([
    ['first paragraph', 'The separatist leaders of Donetsk and Luhansk announced on Friday'],
    ['paragraph after a figure', 'The United States warned that Moscow could use a staged incident'],
    ['subheading inside the body', 'Warnings from Washington'],
    ['blockquote', '"We will not be provoked," the Ukrainian foreign minister said'],
    ['list items', 'Buses were seen leaving Donetsk city centre'],
  ])('keeps the %s', (_label, snippet) => {
    expect(text).toContain(snippet);
  });

  it.each([
    ['navigation', 'Politics'],
    ['cookie banner', 'We use cookies'],
    ['share bar', 'Share on Facebook'],
    ['read-also box', 'Ten things to know about the conflict'],
    ['comments', 'This comment is from a reader'],
    ['sidebar', 'Celebrity chef'],
    ['footer', 'All rights reserved'],
    ['byline', 'By Jane Roe'],
    ['photo caption', 'Photo: Agency photographer'],
    ['title heading', 'Donetsk leaders announce evacuation'],
  ])('drops the %s', (_label, snippet) => {
    expect(text).not.toContain(snippet);
  });

  it('separates paragraphs with a blank line, in page order', () => {
    const paras = text.split('\n\n');
    expect(paras[0]).toMatch(/^The separatist leaders/);
    expect(paras.findIndex((p) => p.startsWith('Kyiv called'))).toBe(1);
    expect(text).not.toMatch(/\n{3,}/);
    expect(method).toBe('generic');
  });
});

describe('extractArticle body (Cyrillic table-layout page)', () => {
  const r = extractArticle(fixture('cyrillic'), 'https://region.example.ru/news/1');

  it('keeps the Russian paragraphs and drops menu, widget and "read also"', () => {
    expect(r.text).toContain('объявили о массовой эвакуации мирного населения в Россию');
    expect(r.text).toContain('интенсивность обстрелов вдоль линии соприкосновения');
    expect(r.text).not.toContain('Главная');
    expect(r.text).not.toContain('Курс рубля');
    expect(r.text).not.toContain('Читайте также');
    expect(r.text).not.toContain('ВКонтакте');
  });

  it('reads the title, date and language hints', () => {
    expect(r.title).toBe('Власти объявили эвакуацию');
    expect(r.published).toBe('2022-02-18T16:00:00+03:00');
    expect(r.langHints).toEqual(['ru-ru', 'ru']);
  });
});

describe('extractArticle robustness', () => {
  it('handles a page nested 100,000 levels deep', () => {
    const depth = 100_000;
    const html = `<html><body>${'<div>'.repeat(depth)}<p>Deep text at the bottom of the tree.</p>${'</div>'.repeat(depth)}</body></html>`;
    expect(extractArticle(html, null).text).toBe('Deep text at the bottom of the tree.');
  });

  it.each([
    ['empty string', ''],
    ['plain text', 'just some words, no markup at all'],
    ['markup fragments only', '<<<>>></div></p><html'],
    ['binary garbage', '\u0000\u0001\u00ff<\u0002>'],
  ])('returns an empty body for %s', (_label, html) => {
    const r = extractArticle(html, 'not a url');
    expect(r.text).toBe('');
    expect(r.method).toBe('generic');
  });
});

describe('extractArticle lead paragraph', () => {
  it('keeps the lead from the article header, before the body, without title or byline', () => {
    const para = '<p>Body paragraph with enough words to count as real article text, about the evacuation.</p>';
    const html = `<html><body><header class="site"><a href="/">Site</a></header><article>
      <header><h1>Headline</h1><p class="lead">The lead sums the story up in one sentence for hurried readers.</p>
      <div class="byline">By Jane Roe</div></header>
      <div class="entry-content">${para.repeat(4)}</div></article></body></html>`;
    const paras = extractArticle(html, null).text.split('\n\n');
    expect(paras[0]).toBe('The lead sums the story up in one sentence for hurried readers.');
    expect(paras).toHaveLength(5);
  });
});

describe('extractArticle end of article', () => {
  it('stops at a view counter line and drops the other stories after it', () => {
    const para = '<p>Руководители республик объявили о массовой эвакуации мирного населения, сообщает агентство.</p>';
    const html = `<html><body><div class="news">${para.repeat(4)}<p>Просмотров: 1341 Комментариев: 0</p>
      <p>Курс доллара на торгах в среду снизился на пять копеек, сообщили на бирже в первые минуты торгов.</p></div></body></html>`;
    const r = extractArticle(html, null);
    expect(r.text.split('\n\n')).toHaveLength(4);
    expect(r.text).not.toContain('Курс доллара');
  });
});

describe('extractArticle on a script-rendered page', () => {
  it('takes the body from JSON-LD articleBody when the markup has next to none', () => {
    const body = 'First paragraph of the story, as the publisher serialised it for search engines.\n'.repeat(4) +
      'Second paragraph: officials said the evacuation would continue through the night and beyond.\n'.repeat(4);
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'Rendered by script', articleBody: body });
    const html = `<html><head><script type="application/ld+json">${ld}</script></head><body><div id="app"><p>Loading…</p></div></body></html>`;
    const r = extractArticle(html, 'https://example.com/a');
    expect(r.text.split('\n\n')).toHaveLength(8);
    expect(r.text).toMatch(/^First paragraph of the story/);
    expect(r.text).not.toContain('Loading');
  });
});

describe('extractArticle feed fallback', () => {
  const feedText = 'The full story as the feed carries it. '.repeat(12).trim();
  const feedContent = { html: `<p>${feedText}</p>`, text: feedText };

  it('uses the feed text when the page is not HTML', () => {
    const r = extractArticle('', 'https://example.com/a', { feedContent, contentLanguage: 'de-DE, en;q=0.5' });
    expect(r).toMatchObject({ text: feedText, method: 'feed-fallback', langHints: ['de-de', 'en'] });
  });

  it('uses the feed text when the page body is much shorter (a teaser behind a paywall)', () => {
    const html = '<html><head><title>Story</title></head><body><article><p>Subscribe to read the full story of the day.</p></article></body></html>';
    const r = extractArticle(html, 'https://example.com/a', { feedContent });
    expect(r.method).toBe('feed-fallback');
    expect(r.text).toBe(feedText);
    expect(r.title).toBe('Story');
  });

  it('keeps the page body when it is as long as the feed text', () => {
    const r = extractArticle(fixture('news-article'), NEWS_URL, { feedContent: { html: '', text: 'Short summary from the feed.' } });
    expect(r.method).toBe('generic');
    expect(r.text).toContain('The separatist leaders');
  });
});

describe('extractArticle body (Russian page with a news feed after the article)', () => {
  const { text } = extractArticle(fixture('news-feed-dl'), null);

  it('keeps the article paragraphs', () => {
    expect(text).toContain('Власти региона сообщили в пятницу');
    expect(text).toContain('уровень воды в реке всё ещё растёт');
  });

  it('drops a <dl> of linked headlines with summaries, though it holds more text than the article', () => {
    expect(text).not.toContain('Строители завершили укладку');
    expect(text).not.toContain('Синоптики обещают');
  });

  it('drops the rating widget text', () => {
    expect(text).not.toContain('Оцените');
    expect(text).not.toContain('мнение учтено');
  });
});

describe('extractArticle body (script-rendered page with a <noscript> copy of the post)', () => {
  const { text } = extractArticle(fixture('noscript-body'), null);

  it('takes the post from the <noscript> fallback', () => {
    expect(text).toContain('Browsers check each address a reader visits');
    expect(text).toContain('the server cannot learn which page');
  });

  it('still skips a short <noscript> notice', () => {
    expect(text).not.toContain('Please enable JavaScript');
  });

  it('does not repeat a body that the page also shows outside <noscript>', () => {
    const para = '<p>Officials said the evacuation would continue through the night, according to a statement released late on Friday by the regional administration.</p>';
    const html = `<html><body><article>${para.repeat(3)}<noscript><div>${para.repeat(3)}</div></noscript></article></body></html>`;
    expect(extractArticle(html, null).text.split('Officials said').length - 1).toBe(3);
  });
});

describe('extractArticle body (read-also lines and subscription pitches inside the body)', () => {
  const { text } = extractArticle(fixture('read-also-lines'), null);

  it('keeps the article paragraphs around them', () => {
    expect(text).toContain('reabrieron este martes las operaciones de carga');
    expect(text).toContain('el tráfico se normalizará durante la semana');
    expect(text).toContain('tardará al menos diez días');
  });

  it('drops a "Lea también: <other story>" line and a "subscribe now" pitch', () => {
    expect(text).not.toContain('Pescadores piden ayuda');
    expect(text).not.toContain('Subscribe now');
  });
});

describe("extractArticle body (lead paragraph in the article's <header>)", () => {
  const { text } = extractArticle(fixture('header-lead'), null);

  it('keeps the lead from the article header, before the body', () => {
    expect(text).toMatch(/^Cargo ships will be allowed back/);
    expect(text).toContain('traffic should be back to normal');
  });

  it("drops the site's header", () => {
    expect(text).not.toContain('Your local paper');
  });
});

describe('extractArticle body (a long legal notice in the footer)', () => {
  const { text } = extractArticle(fixture('legal-footer'), null);

  it('takes the article, not the longer copyright block', () => {
    expect(text).toContain('Российский центровой набрал 11 очков');
    expect(text).toContain('занимает пятое место в конференции');
    expect(text).not.toContain('правообладатель');
  });
});

describe('extractArticle body (image legends, author box and login notice)', () => {
  const { text } = extractArticle(fixture('captions-authorbox'), null);

  it('keeps the paragraphs', () => {
    expect(text).toContain('deutlich erhöhten Lawinengefahr');
    expect(text).toContain('den aktuellen Lawinenbericht vor jeder Tour');
  });

  it.each([
    ['inline image legend', 'Abbildung: Schneehöhen'],
    ['image metadata', 'Bergretter im Einsatz'],
    ['author box', 'Ich schreibe seit zwanzig Jahren'],
    ['login notice', 'Sie müssen sich einloggen'],
  ])('drops the %s', (_label, snippet) => {
    expect(text).not.toContain(snippet);
  });
});

describe('extractArticle body (article split into sibling boxes around a link list)', () => {
  const { text } = extractArticle(fixture('split-boxes'), null);

  it('takes every text box, not just the best one', () => {
    expect(text).toContain('die alte Brücke über den Fluss nicht abzureißen');
    expect(text).toContain('Die Bauarbeiten sollen im Frühjahr beginnen');
    expect(text).toContain('Anwohner hatten sich seit Jahren');
  });

  it('leaves the link list out', () => {
    expect(text).not.toContain('Weitere Nachrichten aus dem Landkreis');
  });
});

describe('extractArticle drops long teaser cards beside the article', () => {
  const { text } = extractArticle(fixture('teaser-cards-long'), null);

  it('keeps the article paragraphs', () => {
    expect(text).toContain('The harbour bridge reopened to traffic on Monday morning');
    expect(text).toContain('Commuters had faced detours of up to forty minutes');
  });

  it('drops same-class cards that open with a linked headline and end with a link', () => {
    expect(text).not.toContain('Another story headline');
    expect(text).not.toContain('Summary text of another story');
  });
});

describe('leading dateline widgets are no body text', () => {
  const lead = 'Власти самопровозглашённой республики объявили об эвакуации жителей в Россию, сообщили местные СМИ в пятницу вечером.';
  const story = (widget: string): string =>
    `<html><head><title>Эвакуация</title></head><body><article><h1>Эвакуация</h1><p>${widget}</p><p>${lead}</p><p>${lead} Колонны автобусов выехали из города.</p><p>${lead} Власти призвали жителей взять документы.</p></article></body></html>`;

  it.each([
    ['Russian, "today"', 'Сегодня в 15:33 — Общество и политика региона'],
    ['Ukrainian, "today"', 'Сьогодні, 15:33 • Новини регіону'],
    ['Russian, "yesterday"', 'Вчера, 09:12 | Политика'],
    ['English, "yesterday"', 'Yesterday, 18:40 · Europe and the wider world'],
    ['a date, a time and a section', '18.02.2022, 15:33 · Политика'],
  ])('%s', (_what, widget) => {
    const { text } = extractArticle(story(widget), null);
    expect(text.startsWith('Власти самопровозглашённой республики')).toBe(true);
    expect(text).not.toContain(widget);
  });
});
