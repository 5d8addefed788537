/**
 * The digest as a recipient reads it, built from plain records (no store): grouping by story (the
 * store's), each article once with its rules, every outlet and the earliest time, snippets with the inflected form
 * marked, times in the subscriber's zone, and article text escaped in every format.
 */
import { describe, expect, it } from 'vitest';
import { load } from 'cheerio';
import { buildDigest, renderAtomFeed, renderHtml, renderMarkdown, renderText, type DigestInput } from '../../src/delivery/index.js';
import { applyFilter } from '../../src/delivery/filter.js';
import { renderSlack } from '../../src/delivery/render-slack.js';
import { SubscriptionSchema } from '../../src/delivery/schema.js';
import { digestPeriod, periodLabel } from '../../src/delivery/time.js';
import type { AlertRecord, StoredArticle } from '../../src/store/types.js';
import type { Mention } from '../../src/types.js';

const WIRE = 'The two pro-Moscow separatist regions in eastern Ukraine will launch a mass evacuation of civilians into Russia starting Friday, accusing Kyiv of planning to invade the breakaway territory. Denis Pushilin, leader of the self-proclaimed Donetsk People\'s Republic, said in a televised address that the evacuation into the neighbouring Rostov region had been coordinated with the Russian leadership. Women, children and the elderly are to be evacuated first, he said, and men of fighting age are to stay.';
const REWRITE = WIRE.replace('televised address', 'video address').replace('had been coordinated', 'was coordinated').replace('he said', 'Pushilin said');
const RU = 'Массовая эвакуация мирных жителей ДНР в Ростовскую область России была объявлена Денисом Пушилиным в пятницу вечером. В первую очередь вывозят женщин и детей.';
const OTHER = 'The grain corridor talks in Istanbul ended without agreement on Thursday, ministers said, and a new round is planned for next month with the United Nations as mediator.';

function mention(text: string, form: string, entity: string): Mention {
  const start = text.indexOf(form);
  if (start < 0) throw new Error(`no '${form}' in text`);
  return { entity, start, end: start + form.length, text: form };
}

let nextId = 1;
function record(articleId: number, text: string, over: Partial<AlertRecord> & { evidence: Mention[] }): { alert: AlertRecord; article: StoredArticle } {
  const alert: AlertRecord = {
    id: nextId++, rule: 'donbas-evacuation', score: 2, priority: 'immediate', articleId, feedId: `feed-${articleId}`, url: `https://outlet${articleId}.example/a`,
    title: `Title ${articleId}`, lang: 'en', published: '2022-02-18T13:30:00.000Z', siteName: `Outlet ${articleId}`, method: 'generic', fetchError: null,
    entities: [...new Set(over.evidence.map((m) => m.entity))], created: '2022-02-18T14:00:00.000Z', ...over,
  };
  const article = { id: articleId, key: `k${articleId}`, text, created: alert.created, mentions: over.evidence } as unknown as StoredArticle;
  return { alert, article };
}

function input(records: { alert: AlertRecord; article: StoredArticle }[], extra: Partial<DigestInput> = {}): DigestInput {
  return {
    subscription: { id: 'kyiv-desk', name: 'Kyiv desk', timezone: 'Europe/Kyiv' },
    alerts: records.map((r) => r.alert),
    articles: new Map(records.map((r) => [r.article.id, r.article])),
    names: { entities: new Map([['pushilin', 'Denis Pushilin'], ['evacuation', 'Evacuation'], ['dpr', "Donetsk People's Republic"]]), feeds: new Map(), rules: new Map(), keywords: new Set(['evacuation', 'false-flag']) },
    period: { from: '2022-02-18T04:00:00.000Z', to: '2022-02-18T05:00:00.000Z' },
    now: new Date('2022-02-18T05:00:00.000Z'),
    ...extra,
  };
}

// Stories as the store assigned them: the wire copy and its rewrite are story 7, the Russian report
// story 8 (stored before stories would be null: a story of its own), the unrelated one story 9.
const wire = () => [
  record(1, WIRE, { title: 'Separatists announce mass evacuation', published: '2022-02-18T13:30:00.000Z', storyId: 7, evidence: [mention(WIRE, 'evacuation', 'evacuation'), mention(WIRE, 'Denis Pushilin', 'pushilin')] }),
  record(2, REWRITE, { title: 'Donbas separatists order evacuation', published: '2022-02-18T12:05:00.000Z', storyId: 7, evidence: [mention(REWRITE, 'evacuation', 'evacuation')] }),
  record(3, RU, { title: 'Пушилин объявил эвакуацию', lang: 'ru', storyId: 8, evidence: [mention(RU, 'эвакуация', 'evacuation'), mention(RU, 'Денисом Пушилиным', 'pushilin')] }),
  record(4, OTHER, { rule: 'watch-all', title: '<img src=x onerror=alert(1)>', storyId: 9, evidence: [] }),
];

describe('digest', () => {
  const digest = buildDigest(input(wire()));

  it('groups by story, listing every outlet once and the earliest time in the zone', () => {
    expect(digest.stories.map((s) => [s.storyId, s.alertCount, s.articles.length])).toEqual([[7, 2, 2], [8, 1, 1], [9, 1, 1]]);
    const story = digest.stories[0]!;
    expect(story.articles.map((a) => a.outlet)).toEqual(['Outlet 2', 'Outlet 1']);
    expect(story.earliestLocal).toBe('2022-02-18 14:05');
    expect(story.title).toBe('Donbas separatists order evacuation');
    expect(digest.counts).toMatchObject({ alerts: 4, articles: 4, feeds: 4, stories: 3 });
    expect(digest.subject).toBe('mediamon: 4 alerts — Evacuation, Denis Pushilin (06:00–07:00 Kyiv)');
  });

  it('lists an article that raised four rules once, with its four rules, in every format', () => {
    const evidence = [mention(WIRE, 'evacuation', 'evacuation')];
    const rules = ['donbas-evacuation', 'separatists', 'watch-all', 'false-flag'];
    const four = rules.map((rule) => record(21, WIRE, { rule, storyId: 30, title: 'Separatists announce mass evacuation', evidence }));
    const copy = record(22, REWRITE, { storyId: 30, title: 'Copy', published: '2022-02-18T14:30:00.000Z', evidence: [mention(REWRITE, 'evacuation', 'evacuation')] });
    const d = buildDigest(input([...four, copy]));
    expect(d.stories).toHaveLength(1);
    expect(d.stories[0]!.articles.map((a) => [a.articleId, a.rules])).toEqual([[21, rules], [22, ['donbas-evacuation']]]);
    expect(d.stories[0]!.rules.map((r) => [r.rule, r.alerts])).toEqual([['donbas-evacuation', 2], ['separatists', 1], ['watch-all', 1], ['false-flag', 1]]);
    expect(d.counts).toMatchObject({ alerts: 5, articles: 2, stories: 1 });
    const text = renderText(d);
    expect(text.match(/Outlet 21/g)).toHaveLength(1);
    expect(text).toContain('Outlet 21 (en, 2022-02-18 15:30) https://outlet21.example/a — donbas-evacuation, separatists, watch-all, false-flag');
    expect(text).toContain('- Rules: donbas-evacuation (2 alerts); separatists; watch-all; false-flag');
    expect(renderMarkdown(d).match(/### /g)).toHaveLength(1);
    expect(load(renderHtml(d))('h3')).toHaveLength(1);
    expect(renderSlack(d).match(/• /g)).toHaveLength(1);
  });

  it('lists an article without a story (stored before stories) as a story of its own', () => {
    const [a, b] = wire();
    const d = buildDigest(input([{ ...a!, alert: { ...a!.alert, storyId: null } }, { ...b!, alert: { ...b!.alert, storyId: undefined } }]));
    expect(d.stories.map((s) => s.articles.map((x) => x.articleId))).toEqual([[2], [1]]);
  });

  it('shows the inflected form in a marked snippet and says the language of a Russian entry', () => {
    const md = renderMarkdown(digest);
    expect(md).toContain('**Денисом Пушилиным**');
    expect(md).toMatch(/### 2\. Пушилин объявил эвакуацию — in Russian \(ru\)/);
    expect(renderText(digest)).toContain('*Денисом Пушилиным*');
    const $ = load(renderHtml(digest));
    expect($('mark').map((_, el) => $(el).text()).get()).toContain('Денисом Пушилиным');
  });

  it('renders an article title as text in Markdown, HTML, Slack and Atom', () => {
    const html = renderHtml(digest);
    expect(html).not.toContain('<img');
    expect(load(html)('h3').map((_, el) => load(el).text()).get()).toContain('<img src=x onerror=alert(1)>');
    expect(renderMarkdown(digest)).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(renderSlack(digest)).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const atom = renderAtomFeed({ id: 'urn:x', title: 'T', updated: digest.generated, selfUrl: 'http://h/a', entries: [{ id: 'urn:e', title: '<img src=x onerror=alert(1)>', updated: digest.generated, link: 'javascript:alert(1)', contentHtml: '<p>&lt;img src=x&gt;</p>' }] });
    const $ = load(atom, { xml: true });
    expect($('entry > title').text()).toBe('<img src=x onerror=alert(1)>');
    expect($('entry > content').text()).toBe('<p>&lt;img src=x&gt;</p>');
    expect($('entry > link').length).toBe(0);
  });

  it('counts what the filter left out, by reason', () => {
    const sub = SubscriptionSchema.parse({ id: 's', filter: { languages: ['en'], minScore: 2 }, channels: [{ type: 'file' }, { type: 'file', dir: '/x' }] });
    expect(sub.channels.map((c) => c.id)).toEqual(['file', 'file-2']);
    const { wanted, leftOut } = applyFilter(wire().map((r) => r.alert).concat(record(5, OTHER, { score: 1, evidence: [] }).alert), sub);
    expect(wanted.map((a) => a.articleId)).toEqual([1, 2, 4]);
    expect(leftOut).toEqual({ language: 1, score: 1 });
    const withLeftOut = buildDigest(input(wire(), { leftOut }));
    expect(renderMarkdown(withLeftOut)).toContain("Left out by the subscription's filters: 2 (language 1, score 1)");
  });
});

describe('snippets', () => {
  it('show the rarest matched entry first, the one that sets the rule apart', () => {
    const text = `Pushilin spoke on Monday. ${'Filler words about the weather and the roads. '.repeat(6)}Pushilin spoke again. ${'More filler about prices and queues at the border. '.repeat(6)}Pushilin called the shelling a false flag staged by Kyiv.`;
    const offsets = [...text.matchAll(/Pushilin/g)].map((m) => m.index!);
    const pushilin = offsets.map((start) => ({ entity: 'pushilin', start, end: start + 8, text: 'Pushilin' }));
    const flag = mention(text, 'false flag', 'false-flag');
    const digest = buildDigest(input([record(9, text, { rule: 'false-flag', evidence: [...pushilin, flag] })]));
    const first = digest.stories[0]!.snippets;
    expect(first.some((s) => s.text.includes('false flag'))).toBe(true);
    expect(renderMarkdown(digest)).toContain('**Pushilin** called the shelling a **false flag**');
  });
});

describe('headline evidence', () => {
  it('marks a title mention in the story title, not at its offsets in the body', () => {
    const title = 'Pushilin announces mass evacuation of DPR civilians to Russia';
    const body = 'The separatist leader said in a video address that women, children and the elderly would leave first.';
    const evidence: Mention[] = [
      { ...mention(title, 'Pushilin', 'pushilin'), field: 'title' },
      { ...mention(title, 'evacuation', 'evacuation'), field: 'title' },
    ];
    const digest = buildDigest(input([record(11, body, { title, evidence })]));
    const story = digest.stories[0]!;
    expect(story.snippets).toEqual([]);
    expect(renderMarkdown(digest)).toContain('### 1. **Pushilin** announces mass **evacuation** of DPR');
    expect(renderText(digest)).toContain('1. Pushilin announces mass evacuation of DPR');
    expect(renderSlack(digest)).toContain('• *_Pushilin_ announces mass _evacuation_ of DPR');
    const $ = load(renderHtml(digest));
    expect($('h3 mark').map((_, el) => $(el).text()).get()).toEqual(['Pushilin', 'evacuation']);
    expect(renderMarkdown(digest)).not.toContain('**The s');
  });
});

describe('dates without a time', () => {
  it('shows a date-only publication as the date, not as midnight UTC in the subscriber zone', () => {
    const dated = record(12, OTHER, { rule: 'watch-all', title: 'Grain talks', published: '2022-02-18T00:00:00.000Z', publishedPrecision: 'day', evidence: [] });
    const timed = record(13, WIRE, { rule: 'watch-all', title: 'Wire', published: '2022-02-18T00:00:00.000Z', publishedPrecision: 'minute', evidence: [] });
    const digest = buildDigest(input([dated, timed]));
    const times = digest.stories.flatMap((s) => s.articles).map((a) => [a.articleId, a.localTime]);
    expect(times).toEqual(expect.arrayContaining([[12, '2022-02-18'], [13, '2022-02-18 02:00']]));
    expect(renderMarkdown(digest)).toContain('(en, 2022-02-18)');
  });
});

describe('digest periods', () => {
  it('covers the previous run to this one, in the subscription zone', () => {
    const fired = new Date('2022-02-18T05:00:10.000Z'); // 07:00:10 Kyiv
    expect(digestPeriod('0 7 * * *', 'Europe/Kyiv', fired)).toEqual({ from: '2022-02-17T05:00:00.000Z', to: '2022-02-18T05:00:00.000Z' });
    expect(digestPeriod('0 * * * *', 'Europe/Kyiv', fired)).toEqual({ from: '2022-02-18T04:00:00.000Z', to: '2022-02-18T05:00:00.000Z' });
    expect(periodLabel('2022-02-18T04:00:00.000Z', '2022-02-18T05:00:00.000Z', 'Europe/Kyiv')).toBe('06:00–07:00 Kyiv');
    expect(digestPeriod('immediate', 'UTC', fired)).toBeNull();
  });
});

describe('source affiliation in digests', () => {
  const records = () => [
    record(11, RU, { title: 'Пушилин объявил эвакуацию', lang: 'ru', siteName: 'ДАН', affiliation: 'separatist-media', evidence: [mention(RU, 'эвакуация', 'evacuation')] }),
    record(12, WIRE, { title: 'Separatists announce mass evacuation', siteName: 'Reuters', affiliation: 'international', evidence: [mention(WIRE, 'evacuation', 'evacuation')] }),
    record(13, OTHER, { rule: 'watch-all', title: 'Grain talks', siteName: 'Blog', evidence: [] }),
  ];

  it('labels each outlet with its affiliation in every format; a source without one gets no label', () => {
    const digest = buildDigest(input(records()));
    const outlets = digest.stories.flatMap((s) => s.articles.map((a) => [a.outlet, a.affiliation]));
    expect(outlets).toEqual(expect.arrayContaining([['ДАН', 'separatist-media'], ['Reuters', 'international'], ['Blog', null]]));
    expect(renderMarkdown(digest)).toMatch(/\[ДАН\]\(<https:\/\/outlet11\.example\/a>\) \[separatist-media\] \(ru, /);
    expect(renderText(digest)).toContain('Reuters [international] (en, ');
    expect(renderText(digest)).toMatch(/Blog \(en, /);
    expect(renderSlack(digest)).toContain('|ДАН> [separatist-media]');
    const $ = load(renderHtml(digest));
    expect($('li').filter((_, el) => $(el).text().includes('ДАН')).text()).toContain('separatist-media');
  });

  it('a subscription can ask for some affiliations only, and the rest is counted as left out', () => {
    const sub = SubscriptionSchema.parse({ id: 's', filter: { affiliations: ['separatist-media', 'separatist-authority'] }, channels: [{ type: 'file' }] });
    const { wanted, leftOut } = applyFilter(records().map((r) => r.alert), sub);
    expect(wanted.map((a) => a.articleId)).toEqual([11]);
    expect(leftOut).toEqual({ affiliation: 2 });
    expect(() => SubscriptionSchema.parse({ id: 's', filter: { affiliations: ['kremlin'] }, channels: [{ type: 'file' }] })).toThrow(/affiliations/);
  });
});

describe('digest: the Rising section', () => {
  // A spike's alert hangs on the first article of its bucket; the digest lists it under Rising, not as a story.
  const spike = record(5, WIRE, {
    rule: 'rising-evacuation', score: 7, evidence: [], storyId: 7,
    rising: { id: 1, rule: 'rising-evacuation', watch: { kind: 'entity', id: 'evacuation' }, bucket: 'hour', time: '2022-02-18T12:00:00.000Z', count: 14, sources: 6, expected: 1.24, sd: 0.5, score: 7, articleIds: [5, 6, 7], alertId: 5, created: '2022-02-18T12:40:00.000Z' },
  });
  const digest = buildDigest(input([...wire(), spike], { baseUrl: 'https://mediamon.example' }));

  it('lists the spike once, apart from the stories, in every format', () => {
    expect(digest.rising).toMatchObject([{ what: 'Evacuation', count: 14, expected: 1.24, sources: 6, articles: 3, localTime: '2022-02-18 14:00', link: 'https://mediamon.example/entities/evacuation' }]);
    expect(digest.stories.flatMap((s) => s.articles.map((a) => a.articleId))).not.toContain(5);
    expect(digest.subject).toContain('rising: Evacuation');
    const text = renderText(digest);
    expect(text).toContain('RISING');
    expect(text).toContain('- Evacuation: 14 articles in the hour from 2022-02-18 14:00 Kyiv (usual 1.2), from 6 sources — rising-evacuation https://mediamon.example/entities/evacuation');
    expect(text).toMatch(/5 alerts: 1 rising, 4 on 4 articles from 4 feeds, in 3 stories/);
    const $ = load(renderHtml(digest));
    expect($('h2').first().text()).toBe('Rising');
    expect($('h2').first().next('ul').find('a').attr('href')).toBe('https://mediamon.example/entities/evacuation');
    expect($('h2').first().next('ul').text()).toContain('Evacuation: 14 articles in the hour from 2022-02-18 14:00 Kyiv (usual 1.2), from 6 sources');
    const slack = renderSlack(digest);
    expect(slack).toContain('*Rising*');
    expect(slack).toContain('• *<https://mediamon.example/entities/evacuation|Evacuation>*: 14 articles in the hour');
  });
});

