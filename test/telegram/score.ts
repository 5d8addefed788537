/**
 * The score of ../shared/data/telegram-dev/ (its README): share of posts whose id, datetime, text_flat,
 * views (as a number), forwarded_from name and has_media are all right; plus each page's channel title
 * and `before`. Used by test/telegram/dev-pages.test.ts and test/bench/telegram.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasMedia, parseTelegramPage, parseViews, TelegramError, type TelegramPost } from '../../src/sources/telegram.js';

export interface ExpectedPost {
  id: string;
  datetime: string | null;
  text: string;
  text_flat: string;
  views: string | null;
  forwarded_from: { name: string; href: string | null } | null;
  has_media: boolean;
}

export interface ExpectedPage {
  file: string;
  channel: string | null;
  before: string | null;
  post_count: number;
  posts: ExpectedPost[];
}

export interface PostMiss {
  page: string;
  id: string;
  fields: string[];
}

export interface DevScore {
  posts: number;
  right: number;
  pages: number;
  titlesRight: number;
  beforeRight: number;
  notFoundRight: number;
  notFoundPages: number;
  misses: PostMiss[];
  pageMisses: string[];
}

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

export function loadExpected(dir: string): ExpectedPage[] {
  return readFileSync(join(dir, 'expected.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ExpectedPage);
}

function wrongFields(want: ExpectedPost, got: TelegramPost | undefined): string[] {
  if (!got) return ['missing'];
  const wrong: string[] = [];
  const time = (value: string | null) => (value ? Date.parse(value) : null);
  if (time(want.datetime) !== time(got.published)) wrong.push('datetime');
  if (flat(want.text_flat) !== flat(got.text)) wrong.push('text');
  if (parseViews(want.views) !== got.views) wrong.push('views');
  if ((want.forwarded_from?.name ?? null) !== (got.forwardedFrom?.name ?? null)) wrong.push('forwarded_from');
  if (want.has_media !== hasMedia(got)) wrong.push('has_media');
  return wrong;
}

/** Score every page of the dev set (pages/ and expected.jsonl in `dir`). */
export function scoreDevPages(dir: string): DevScore {
  const score: DevScore = { posts: 0, right: 0, pages: 0, titlesRight: 0, beforeRight: 0, notFoundRight: 0, notFoundPages: 0, misses: [], pageMisses: [] };
  for (const page of loadExpected(dir)) {
    const html = readFileSync(join(dir, 'pages', page.file), 'utf8');
    if (page.post_count === 0 && page.channel === null) {
      score.notFoundPages++;
      try {
        parseTelegramPage(html);
        score.pageMisses.push(`${page.file}: read as a channel, expected not-found`);
      } catch (error) {
        if (error instanceof TelegramError && error.kind === 'not-found') score.notFoundRight++;
        else throw error;
      }
      continue;
    }
    const parsed = parseTelegramPage(html);
    score.pages++;
    if (parsed.title === page.channel) score.titlesRight++;
    else score.pageMisses.push(`${page.file}: title ${JSON.stringify(parsed.title)} != ${JSON.stringify(page.channel)}`);
    if ((parsed.before === null ? null : String(parsed.before)) === page.before) score.beforeRight++;
    else score.pageMisses.push(`${page.file}: before ${parsed.before} != ${page.before}`);
    const byGuid = new Map(parsed.posts.map((p) => [p.guid, p]));
    for (const want of page.posts) {
      score.posts++;
      const fields = wrongFields(want, byGuid.get(want.id));
      if (fields.length === 0) score.right++;
      else score.misses.push({ page: page.file, id: want.id, fields });
    }
  }
  return score;
}
