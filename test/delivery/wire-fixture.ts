/**
 * One wire story served by three outlets on a local fixture server: the seed article (Fixture News,
 * /feed.xml), a lightly rewritten copy (Wire Copy Daily, /b/feed.xml) that must cluster with it, and a
 * Russian report (Вести Донбасса, /c/feed.xml) where Pushilin appears inflected ("Пушилиным"). Outlet B
 * also carries a story whose title is an HTML injection attempt.
 */
import { newsPage, rssFeed, type Route } from '../helpers/fixture-server.js';
import { readSeed, seedRoutes } from '../pipeline/seed-fixture.js';

export const COPY_TITLE = 'Donbas separatists order mass evacuation of civilians to Russia';
export const XSS_TITLE = '<img src=x onerror=alert(1)> Horlivka evacuation ordered';
export const RU_TITLE = 'Пушилин объявил массовую эвакуацию жителей ДНР в Россию';
export const RU_FORM = 'Пушилиным';

/** A wire copy's light edits of the seed article (each phrase occurs in test/fixtures/seed/...en.txt). */
const REWRITES: [RegExp, string][] = [
  [/Within hours/g, 'A few hours later'],
  [/announced the move in a video statement/g, 'made the announcement in a video address'],
  [/rejected the accusation/g, 'denied the accusation'],
  [/told reporters/g, 'said'],
];

const RU_PARAGRAPHS = [
  'Массовая эвакуация мирных жителей ДНР в Ростовскую область России была объявлена Денисом Пушилиным в пятницу вечером.',
  'В первую очередь вывозят женщин, детей и пожилых людей, сообщили в администрации республики. Для прибывающих в Ростовской области развернуты пункты временного размещения.',
  'Глава ЛНР Леонид Пасечник вскоре также объявил об эвакуации населения республики в Россию.',
  'Пресс-секретарь президента России Дмитрий Песков заявил журналистам, что ему ничего не известно о планах эвакуации.',
];

function outlet(html: string, name: string): string {
  return html.replaceAll('Fixture News', name);
}

export function wireRoutes(base: string): Record<string, Route> {
  const seed = readSeed();
  const missing = REWRITES.find(([from]) => seed.paragraphs.join('\n').search(from) < 0);
  if (missing) throw new Error(`wire fixture: the seed article no longer contains ${missing[0]}: the copy would be verbatim`);
  const copy = seed.paragraphs.slice(0, -1).map((p) => REWRITES.reduce((text, [from, to]) => text.replace(from, to), p));
  const html = (body: string) => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body });
  const rss = (body: string) => ({ headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body });
  return {
    ...seedRoutes(base),
    '/b/feed.xml': rss(rssFeed('Wire Copy Daily', [
      { title: COPY_TITLE, link: `${base}/b/2022/02/18/evacuation`, guid: 'b-1', pubDate: 'Fri, 18 Feb 2022 14:05:00 GMT' },
      { title: XSS_TITLE, link: `${base}/b/2022/02/18/horlivka`, guid: 'b-2', pubDate: 'Fri, 18 Feb 2022 15:00:00 GMT' },
    ])),
    '/b/2022/02/18/evacuation': html(outlet(newsPage({ title: COPY_TITLE, paragraphs: copy, published: '2022-02-18T17:05:00+03:00' }), 'Wire Copy Daily')),
    '/b/2022/02/18/horlivka': html(outlet(newsPage({
      title: XSS_TITLE,
      published: '2022-02-18T18:00:00+03:00',
      paragraphs: [
        'Officials of the self-proclaimed DPR ordered the evacuation of Horlivka on Friday, citing the shelling of the town overnight.',
        'Buses were seen leaving the town centre in the afternoon, residents said, while queues formed at petrol stations along the main road.',
        'The order followed a similar announcement in Donetsk earlier in the day, and local officials said more towns could follow over the weekend.',
      ],
    }), 'Wire Copy Daily')),
    '/c/feed.xml': rss(rssFeed('Вести Донбасса', [
      { title: RU_TITLE, link: `${base}/c/2022/02/18/evakuaciya`, guid: 'c-1', pubDate: 'Fri, 18 Feb 2022 16:10:00 GMT' },
    ]).replace('<language>en</language>', '<language>ru</language>')),
    '/c/2022/02/18/evakuaciya': html(outlet(newsPage({ title: RU_TITLE, paragraphs: RU_PARAGRAPHS, published: '2022-02-18T19:10:00+03:00', lang: 'ru' }), 'Вести Донбасса')),
  };
}

export const WIRE_FEEDS = (base: string) => [
  { id: 'fixture-world', url: `${base}/feed.xml` },
  { id: 'wire-copy', url: `${base}/b/feed.xml` },
  { id: 'vesti', url: `${base}/c/feed.xml` },
];
