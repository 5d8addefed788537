import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/index.js';

/** The source.html of a golden page (test/fixtures/pages/<slug>/). */
const fixture = (slug: string): string => readFileSync(new URL(`../fixtures/pages/${slug}/source.html`, import.meta.url), 'utf8');

const page = (head: string, body = '<p>Body text of the article, long enough to be a paragraph of its own.</p>'): string =>
  `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;
const ld = (obj: unknown): string => `<script type="application/ld+json">${JSON.stringify(obj)}</script>`;

describe('title', () => {
  it.each([
    ['og:title', page('<meta property="og:title" content="Evacuation announced"><title>Evacuation announced | Daily</title>'), 'Evacuation announced'],
    ['JSON-LD headline', page(ld({ '@type': 'NewsArticle', headline: 'Headline from JSON-LD' })), 'Headline from JSON-LD'],
    ['JSON-LD @graph', page(ld({ '@graph': [{ '@type': 'WebSite', name: 'Site' }, { '@type': 'Article', headline: 'Graph headline' }] })), 'Graph headline'],
    ['single <h1>', page('<title>Site name</title>', '<h1>The real headline</h1><p>text</p>'), 'The real headline'],
    ['<title> minus site name', page('<title>Kyiv rejects claims – The Daily Monitor</title><meta property="og:site_name" content="The Daily Monitor">'), 'Kyiv rejects claims'],
    ['<h1> the <title> repeats, not the logo <h1>', page('<title>Post title here | My Blog</title>', '<h1><a href="/">My Blog</a></h1><h2>Post title here</h2>'), 'Post title here'],
    ['nothing', page(''), null],
    ['an <h1> without its <small> kicker', page('<title>Site</title>', '<h1><small>Tunisia</small><br> Big tasks for the new government</h1><p>text</p>'), 'Big tasks for the new government'],
    ['an <h1> without its overline and the colon after it', page('<title>Site</title>', '<h1><span class="overline">Border traffic </span><span class="colon">: </span><span>Commuters wait for hours</span></h1><p>text</p>'), 'Commuters wait for hours'],
    ['a permalink <h1> (not a logo)', page('<title>Site</title>', '<h1><a href="/2022/02/18/story">Story of the day</a></h1><p>text</p>'), 'Story of the day'],
    ['not a logo <h1> linking to ../index.html', page('<title>Real title</title>', '<h1><a href="../index.html">example.org</a></h1><p>text</p>'), 'Real title'],
    ['the <h1> <title> repeats, not an <h2> repeating all of <title>', page('<title>Dead bumblebees under lime trees: why | Bumblebees</title><meta property="og:site_name" content="Bumblebees">', '<h1>Dead bumblebees under lime trees</h1><h2>Dead bumblebees under lime trees: why | Bumblebees</h2>'), 'Dead bumblebees under lime trees'],
    ['an <h2> that is the whole og:title, over an <h1> only part of <title>', page('<title>Company pensions for employees (bAV) - When do they pay? - Moneytip</title><meta property="og:title" content="Save with your boss">', '<h1>Company pensions for employees</h1><h2>Save with your boss</h2>'), 'Save with your boss'],
    ['the short part of <title> when the long one is the site name', page('<title>Fair supply chains - Protestant Youth Association (PYA)</title><meta property="og:site_name" content="Protestant Youth Association">', '<h1><a href="/"><img src="logo.png" alt=""></a></h1><h1>Fair supply chains</h1>'), 'Fair supply chains'],
    ['an <h1> that adds a site name to og:title', page('<meta property="og:title" content="What we do not want to hear">', '<h1>What we do not want to hear | FACETS.NET</h1>'), 'What we do not want to hear'],
    ['a <title> without site part, over a classed heading it does not mention', page('<title>On the trail of Rafael Nadal</title>', '<h2 class="headline">Contact persons</h2><p>text</p>'), 'On the trail of Rafael Nadal'],
    ['a headline without the date before it', page('<title>Site</title>', '<h1>23.01.2022 - Wierer wins the final race</h1>'), 'Wierer wins the final race'],
  ])('from %s', (_source, html, expected) => {
    expect(extractArticle(html, null).title).toBe(expected);
  });

  it('drops the kicker and screen-reader text of the headline', () => {
    expect(extractArticle(fixture('headline-kicker'), null).title).toBe('Pendler warten stundenlang');
  });

  it.each([
    ['headline-furniture', 'headings that label page furniture (Navigation, Kontakt) are no title', 'Erinnerung an die Opfer der Flut'],
    ['headline-dateline-tags', 'a heading holding the og:title, then a date and tags', 'Zuschauer kehren in die Hallen zurück'],
    ['headline-quote-kicker', 'a quoted kicker and " / " before the headline', 'Anna Beispiel ist neue Präsidentin des Landesrats'],
  ])('from %s: %s', (name, _what, expected) => {
    expect(extractArticle(fixture(name), null).title).toBe(expected);
  });

  it.each([
    ['a date before the headline in the heading', page('<meta property="og:title" content="The quietest end of the world">', '<h2 class="entry-title">Jun 17 The quietest end of the world</h2><p>text</p>'), 'The quietest end of the world'],
    ['a press-release label and a colon before the headline', page('<title>Boosters are available until the end of February</title>', '<h1>Press release of the health department :Boosters are available until the end of February</h1><p>text</p>'), 'Boosters are available until the end of February'],
    ['the one <h1> in other quotes, not an <h2> og:title starts with', page('<meta property="og:title" content="Rapper answers a jibe and calls him &quot;finished&quot;">', '<h1>Rapper answers a jibe and calls him „finished“</h1><h2>Rapper</h2><p>text</p>'), 'Rapper answers a jibe and calls him „finished“'],
    ['the one <h1> with a typo, not an <h2> og:title starts with', page('<meta property="og:title" content="Il Climate Clock ha iniziato a scorrere - Vegolosi.it">', '<h1>ll Climate Clock ha iniziato a scorrere</h1><h2>Il Climate Clock</h2><p>text</p>'), 'll Climate Clock ha iniziato a scorrere'],
    ['the post, not the blog name in the one <h1>', page('<title>Cinemas go digital | Time 4 talks</title>', '<h1>Time 4 talks</h1><h2 class="entry-title">Cinemas go digital</h2><p>text</p>'), 'Cinemas go digital'],
    ['a dash inside the headline is kept', page('<meta property="og:title" content="Campsite kits – what the fair shows">', '<h1>Freedom on wheels – Campsite kits – what the fair shows</h1><p>text</p>'), 'Freedom on wheels – Campsite kits – what the fair shows'],
  ])('from %s', (_source, html, expected) => {
    expect(extractArticle(html, null).title).toBe(expected);
  });
});

describe('author', () => {
  it.each([
    ['JSON-LD author list', page(ld({ '@type': 'NewsArticle', author: [{ name: 'Jane Roe' }, { name: 'John Doe' }] })), 'Jane Roe, John Doe'],
    ['meta author', page('<meta name="author" content="Anna Schmidt">'), 'Anna Schmidt'],
    ['article:author that is not a URL', page('<meta property="article:author" content="Ivan Petrov">'), 'Ivan Petrov'],
    ['itemprop author', page('', '<span itemprop="author">Maria Rossi</span><p>text</p>'), 'Maria Rossi'],
    ['byline with "By"', page('', '<div class="byline">By Tom Smith</div><p>text</p>'), 'Tom Smith'],
    ['rel=author link wording', page('', '<a rel="author" href="/u/cem">View all posts by Cem Basman →</a><p>text</p>'), 'Cem Basman'],
    ['a comment-form label, skipped for the next source', page('<meta name="author" content="Name (required)">', '<div class="byline">Von Anna Berg</div>'), 'Anna Berg'],
    ['a byline without its date', page('', '<div class="byline">Jana Roth am 21. April 2020 um 11:14 Uhr</div><p>text</p>'), 'Jana Roth'],
    ['a byline with "Von:" and a trailing dash', page('', '<div class="author">Von:Moritz Berg -</div><p>text</p>'), 'Moritz Berg'],
    ['"Posted on <date> by <name>"', page('', '<div class="byline">Posted on September 21, 2020 by Adi Tal</div><p>text</p>'), 'Adi Tal'],
    ['a person over the site name in meta author', page('<meta name="author" content="Daily Monitor"><meta property="og:site_name" content="Daily Monitor">', '<div class="byline">By Tom Smith</div><p>text</p>'), 'Tom Smith'],
    ['not a comment header or a form label', page('', '<div class="author">Art Edwards says:</div><p>text</p><label class="comment-author">Name *</label>'), null],
    ['a byline without "Text und Interview:" and "Alle Artikel"', page('', '<div class="author">Text und Interview: Harald Wille Alle Artikel</div><p>text</p>'), 'Harald Wille'],
    ['a JSON-LD name with an HTML entity', page(ld({ '@type': 'NewsArticle', author: { name: 'Redacci&oacute;n Diario' } })), 'Redacción Diario'],
    ['not a bare label', page('', '<div class="author">Stand:</div><p>text</p>'), null],
    ['not a photo credit', page('', '<div class="byline">Foto: Ingo Schneider</div><p>text</p>'), null],
    ['not the log-in link of an author-classed box', page('', '<div class="author-login"><a href="/login">Войти</a></div><p>text</p>'), null],
    ['not a call to read the site on Telegram', page('', '<div class="author">Читайте нас в Telegram</div><p>text</p>'), null],
    ['not a Ukrainian call to follow the channel', page('', '<div class="author">Стежте за нами у соцмережах</div><p>text</p>'), null],
    ['a name after a call to action in another author box', page('', '<div class="author">Read us on Telegram</div><div class="byline">By Olena Koval</div><p>text</p>'), 'Olena Koval'],
    ['nothing', page(''), null],
  ])('from %s', (_source, html, expected) => {
    expect(extractArticle(html, null).author).toBe(expected);
  });
});

describe('published date', () => {
  it.each([
    ['date-archive-capture', 'https://web.archive.org/web/20131110121040/http://blog.example/warum-kinder-fragen/', 'the post\'s date, not the archive capture\'s (toolbar, address)', '2013-04-04'],
    ['date-shown-among', null, 'of two machine dates, the one the page shows', '2023-01-01'],
  ])('from %s (%s): %s', (name, _url, _what, expected) => {
    expect(extractArticle(fixture(name), _url).published?.slice(0, 10)).toBe(expected);
  });

  it('reads the date of a Wayback capture\'s original address, not the capture time', () => {
    expect(extractArticle(page(''), 'https://web.archive.org/web/20140226/http://example.org/2013/08/07/story/').published).toBe('2013-08-07');
  });

  it("skips an archived page's header clock, which shows the capture day", () => {
    const html = page('<title>Court: trial goes on</title>', '<div><span>Donnerstag, 16. Februar 2012</span></div><h1>Court: trial goes on</h1><div><span>14. Februar 2012</span></div><p>text</p>');
    expect(extractArticle(html, 'https://web.archive.org/web/20120216182711/http://news.example/court-trial').published).toBe('2012-02-14');
  });

  it.each([
    ['a dash', '<p>27.1.2022 - At the memorial, four new stones were laid in front of the houses where the women had lived.</p>', '2022-01-27'],
    ['a quote, in bold', '<p><strong>01.02.2022 „The labour market started the year well,“ the agency said on Tuesday in its monthly report.</strong></p>', '2022-02-01'],
  ])('reads a dateline opening the first paragraph (then %s) when nothing else dates the page', (_then, body, expected) => {
    const html = page('<title>Memorial stones laid</title>', `<h1>Memorial stones laid</h1>${body}`);
    expect(extractArticle(html, null).published).toBe(expected);
  });

  it.each([
    ['JSON-LD datePublished', page(ld({ '@type': 'NewsArticle', datePublished: '2022-02-18T19:05:00+03:00' })), null, '2022-02-18T19:05:00+03:00'],
    ['article:published_time', page('<meta property="article:published_time" content="2022-02-18T16:00:00Z">'), null, '2022-02-18T16:00:00Z'],
    ['meta name=date', page('<meta name="date" content="2021-03-04">'), null, '2021-03-04'],
    ['dc.date', page('<meta name="DC.date" content="2020-01-02T10:11:12+0100">'), null, '2020-01-02T10:11:12+01:00'],
    ['itemprop datePublished', page('', '<meta itemprop="datePublished" content="2019-08-02"><p>text</p>'), null, '2019-08-02'],
    ['<time datetime>', page('', '<time datetime="2018-06-22T08:00:00+02:00">22 June</time><p>text</p>'), null, '2018-06-22T08:00:00+02:00'],
    ['URL path', page(''), 'https://example.com/news/2017/05/09/story', '2017-05-09'],
    ['written German date', page('', '<div class="post-date">18. Februar 2022</div><p>text</p>'), null, '2022-02-18'],
    ['written Russian date', page('', '<span class="date">18 февраля 2022</span><p>text</p>'), null, '2022-02-18'],
    ['short German date (two-digit year)', page('', '<span class="post-created">28.01.22</span><p>text</p>'), null, '2022-01-28'],
    ['the local time and offset the page shows at the same minute (UTC timestamp, local display)', page(ld({ '@type': 'NewsArticle', datePublished: '2019-10-18T22:04:00Z' }), '<span class="date">19. Oktober 2019 00:04 Uhr</span><p>text</p>'), null, '2019-10-19T00:04:00+02:00'],
    ['the local time shown glued to the place name, over a vendor meta that calls local time UTC', page(`${ld({ '@type': 'NewsArticle', datePublished: '2022-05-04T00:44:52Z' })}<meta property="cxenseparse:recs:publishtime" content="2022-05-03T21:44:52Z">`, '<div class="date">Brasília03/05/2022 21:44</div><p>text</p>'), null, '2022-05-03T21:44:52-03:00'],
    ['a 12-hour clock shown at the same minute', page('<meta property="article:published_time" content="2022-05-04T01:15:00Z">', '<div class="date">May 3, 2022 9:15 pm</div><p>text</p>'), null, '2022-05-03T21:15:00-04:00'],
    ['the change date the page shows as its only dateline', page(ld({ '@type': 'NewsArticle', datePublished: '2020-01-03T09:48:24Z', dateModified: '2020-01-06T09:22:36Z' }), '<div class="date">Monday, 6 January 2020</div><p>text</p>'), null, '2020-01-06T09:22:36Z'],
    ['not a change date the page labels as an update', page(ld({ '@type': 'NewsArticle', datePublished: '2020-01-03T09:48:24Z', dateModified: '2020-01-06T09:22:36Z' }), '<div class="date">Updated 6 January 2020</div><p>text</p>'), null, '2020-01-03T09:48:24Z'],
    ['not a change date shown first when the page also shows the published day', page(ld({ '@type': 'NewsArticle', datePublished: '2020-01-03T09:48:24Z', dateModified: '2020-01-06T09:22:36Z' }), '<div class="date">6 January 2020</div><div class="date">3 January 2020</div><p>text</p>'), null, '2020-01-03T09:48:24Z'],
    ['the date shown in a short text when no element is classed as a date', page(`${ld({ '@type': 'NewsArticle', datePublished: '2021-12-06T14:36:00' })}<meta property="article:published_time" content="2022-12-15T09:13:00">`, '<p><span>15.12.2022</span></p><p>text</p>'), null, '2022-12-15T09:13:00'],
    ['a timestamp whose local day no time zone turns into the URL day', page('<meta property="article:published_time" content="2022-05-07T13:43:46-05:00">'), 'https://example.com/2022/05/06/story', '2022-05-07T13:43:46-05:00'],
    ['a change date shown first beside a leftover ISO timestamp, when the page also shows the published day', page(ld({ '@type': 'NewsArticle', datePublished: '2022-12-25T11:00:02+00:00', dateModified: '2022-12-07T09:10:52+00:00' }), '<div class="meta">Anna Berg<span>2022-12-07T10:10:52+01:00</span>25. Dezember 2022</div><p>text</p>'), null, '2022-12-25T11:00:02+00:00'],
    ['a short text that opens with a date, not a date inside a sentence before it', page('', '<p>The rules (cancelled on 28.02.2017) still apply to members who joined before.</p><p><span>1. Februar 2022, Anna Berg</span></p><p>text</p>'), null, '2022-02-01'],
    ['the dateline, not the first of several teasers\' publication <time>s', page('', '<div class="date">31. Oktober 2023</div><p>text</p><aside><time class="published" datetime="2020-12-03 07:32:49">3. Dezember 2020</time><time class="published" datetime="2023-01-06 21:59:35">6. Januar 2023</time></aside>'), null, '2023-10-31'],
    ['the publication <time> on the day the page shows, among teasers\' of other days', page('', '<div class="date">6. Januar 2023</div><p>text</p><aside><time class="published" datetime="2020-12-03T07:32:49">x</time><time class="published" datetime="2023-01-06T21:59:35">y</time></aside>'), null, '2023-01-06T21:59:35'],
    ['the date shown in the text, not the first of the comments\' <time>s of several days', page('', '<p><span>am 20.09.2020</span></p><p>text</p><section><time datetime="2020-09-23T18:19:06+02:00">x</time><time datetime="2020-09-26T10:40:52+02:00">y</time></section>'), null, '2020-09-20'],
    ['"Stand:" labels the date a German news page shows, over a generic meta date', page('<meta name="date" content="2020-04-29T11:52:23">', '<p>Stand: 28.04.2020 18:00 Uhr</p><p>text</p>'), null, '2020-04-28'],
    ['"Erstellt am" labels the publication date, over a generic meta date', page('<meta name="date" content="2023-01-11">', '<p>Erstellt am: 01.11.2023</p><p>text</p>'), null, '2023-11-01'],
    ['the shown day of a date stored as Central European midnight', page('<meta property="article:published_time" content="2021-11-04T23:00:00Z">', '<div class="date">5. November 2021</div><p>text</p>'), null, '2021-11-05'],
    ["the timestamp, not today's date in the page header", page('<meta property="article:published_time" content="2022-02-03T23:10:00Z">', '<div class="date">Freitag, 4. Februar 2022</div><p>text</p>'), null, '2022-02-03T23:10:00Z'],
    ["another vendor's publication-time meta key", page('<meta property="shareaholic:article_published_time" content="2017-06-07T11:19:22+02:00">'), null, '2017-06-07T11:19:22+02:00'],
    ['URL path, over a "published on" sentence about another text', page('', '<p>The essay was published on 16 February 2017 in a weekly.</p>'), 'https://example.com/2017/06/07/story', '2017-06-07'],
    ['a date written with spaces after the dots', page('', '<span class="date">Von Tennis Bund 4. 2. 2022.</span><p>text</p>'), null, '2022-02-04'],
    ['a date written with bars', page('', '<p>26 | 01 | 2022</p><p>text</p>'), null, '2022-01-26'],
    ["the canonical URL's date, for a page fetched under another URL", page('<link rel="canonical" href="https://example.com/2012/01/05/63421951">', '<aside><time datetime="2013-04-10T10:00:00">other story</time></aside><p>text</p>'), 'https://example.com/amp/63421951', '2012-01-05'],
    ["the article's <time>, over a generic meta date (the CMS's generation date)", page('<meta name="date" content="2020-04-30">', '<time>29.04.2020, 12:01 Uhr</time><p>text</p>'), null, '2020-04-29'],
    ['URL path with a one-digit month', page(''), 'https://example.com/home/2017/7/12/story', '2017-07-12'],
    ['URL path segment written day-month-year', page(''), 'https://example.org/meldungen/29-10-2021', '2021-10-29'],
    ['URL path, over a sidebar <time> of another day', page('', '<aside><time datetime="2009-04-11T18:06:36">old</time></aside><p>text</p>'), 'https://example.com/2019/10/22/story', '2019-10-22'],
    ['<time> on the URL day (kept, with its time)', page('', '<time datetime="2019-10-22T08:00:00Z">x</time><p>text</p>'), 'https://example.com/2019/10/22/story', '2019-10-22T08:00:00Z'],
    ['nothing', page(''), null, null],
  ])('from %s', (_source, html, url, expected) => {
    expect(extractArticle(html, url).published).toBe(expected);
  });

  it('takes the written date labelled as published, not the one labelled as updated', () => {
    expect(extractArticle(fixture('dates-in-text'), null).published).toBe('2022-02-18');
  });

  it('keeps modified apart from published', () => {
    const r = extractArticle(page(ld({ '@type': 'Article', datePublished: '2022-02-18', dateModified: '2022-02-19T08:00:00Z' })), null);
    expect(r).toMatchObject({ published: '2022-02-18', modified: '2022-02-19T08:00:00Z' });
  });
});

describe('canonical URL, site name, language hints', () => {
  it('resolves a relative canonical link against the page URL', () => {
    const r = extractArticle(page('<link rel="canonical" href="/a/b?x=1">'), 'https://news.example.com/c');
    expect(r.canonicalUrl).toBe('https://news.example.com/a/b?x=1');
  });

  it('falls back to og:url and reads og:site_name', () => {
    const r = extractArticle(page('<meta property="og:url" content="https://example.com/x"><meta property="og:site_name" content="Example News">'), null);
    expect(r).toMatchObject({ canonicalUrl: 'https://example.com/x', siteName: 'Example News' });
  });

  it('collects <html lang>, og:locale, content-language and the HTTP header, lower-cased and deduplicated', () => {
    const html = '<html lang="uk-UA"><head><meta property="og:locale" content="uk_UA"><meta http-equiv="Content-Language" content="uk"></head><body></body></html>';
    expect(extractArticle(html, null, { contentLanguage: 'uk, ru' }).langHints).toEqual(['uk-ua', 'uk', 'ru']);
  });
});

describe('published date a day off the URL date', () => {
  const html = fixture('utc-date-url');

  it('takes the URL day when the UTC timestamp falls on the next day', () => {
    expect(extractArticle(html, 'https://news.example/2023/11/08/council-mayor/').published).toBe('2023-11-08');
  });

  it('keeps the timestamp without a URL date, or when the URL date is further off', () => {
    expect(extractArticle(html, 'https://news.example/council-mayor/').published).toBe('2023-11-09T05:30:59Z');
    expect(extractArticle(html, 'https://news.example/2023/11/01/council-mayor/').published).toBe('2023-11-09T05:30:59Z');
  });
});
