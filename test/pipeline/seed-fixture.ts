/**
 * The project's own seed article (test/fixtures/seed/, written for the project: the facts of the article
 * in ../shared/data/seed/, which a bare clone does not have, in English, Russian and Ukrainian) served
 * the way a news site would: an RSS feed whose item links to an HTML page carrying the article among
 * navigation, sidebars and a footer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newsPage, rssFeed, type Route } from '../helpers/fixture-server.js';
import { FIXTURES, sharedData } from '../helpers/paths.js';

export type SeedLang = 'en' | 'ru' | 'uk';
/** The project's seed article in one language (English by default). */
export const seedFile = (lang: SeedLang = 'en'): string => path.join(FIXTURES, 'seed', `evacuation-2022-02-18.${lang}.txt`);
export const SEED_FILE = seedFile('en');
/** The original article in ../shared/data (absent on a bare clone: tests over it skip). */
export const SHARED_SEED_FILE = sharedData('seed', 'evacuation-2022-02-18.txt');
export const SEED_TITLE = 'Separatist leaders in eastern Ukraine announce mass evacuation to Russia';

/** The entities and rules the issue says the seed must yield (the original and the project's own, in each language). */
export const SEED_ENTITIES = ['pushilin', 'pasechnik', 'dpr', 'lpr', 'putin', 'peskov', 'zelensky', 'evacuation', 'false-flag'];
export const SEED_RULES = ['donbas-evacuation', 'false-flag'];

export interface Seed {
  date: string;
  paragraphs: string[];
}

/** A seed file's first line begins with its date ("date 2022-02-18 ..."): split it off the text. */
export function readSeed(file: string = SEED_FILE): Seed {
  const text = readFileSync(file, 'utf8');
  const match = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+/.exec(text);
  if (!match) throw new Error(`seed: ${file} does not start with its date`);
  const paragraphs = text.slice(match[0].length).split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return { date: match[1]!, paragraphs };
}

/** Routes for a fixture server at `base`: /feed.xml and the article page. */
export function seedRoutes(base: string, extraItems: { title: string; link: string; description?: string }[] = []): Record<string, Route> {
  const seed = readSeed();
  const articlePath = '/world/2022/02/18/donbas-evacuation';
  const page = newsPage({ title: SEED_TITLE, paragraphs: seed.paragraphs, published: `${seed.date}T16:30:00+03:00`, author: 'Staff reporter' });
  const feed = rssFeed('Fixture World News', [
    // Tracking parameters must not make a second article key.
    { title: SEED_TITLE, link: `${base}${articlePath}?utm_source=rss&utm_medium=feed`, guid: 'seed-1', pubDate: 'Fri, 18 Feb 2022 13:30:00 GMT', description: seed.paragraphs[0] },
    ...extraItems,
  ]);
  return {
    '/feed.xml': { headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: feed },
    [articlePath]: { headers: { 'content-type': 'text/html; charset=utf-8' }, body: page },
  };
}
