/**
 * Stories in SQL, as read: lists and single stories with their summary (first report, outlets,
 * languages, last seen). Assignment as articles are stored is in story-assign-sql.ts.
 */
import type { Executor, Row } from './db.js';
import type { StoryQuery, StorySummary } from './types.js';

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

const STORY_SELECT = `
  SELECT s.id, s.first_seen, s.last_seen, s.articles, s.outlets, s.langs, s.first_article_id,
         ar.title, ar.url, ar.feed_id, ar.site_name, ar.lang, fd.affiliation,
         (SELECT COUNT(*) FROM alerts al JOIN articles x ON x.id = al.article_id WHERE x.story_id = s.id) AS alerts
  FROM stories s LEFT JOIN articles ar ON ar.id = s.first_article_id LEFT JOIN feeds fd ON fd.id = ar.feed_id`;

function storyFromRow(r: Row): StorySummary {
  return {
    id: Number(r.id), firstSeen: iso(r.first_seen), lastSeen: iso(r.last_seen), articles: Number(r.articles), outlets: Number(r.outlets),
    langs: String(r.langs).split(',').filter(Boolean), alerts: Number(r.alerts),
    first: { articleId: Number(r.first_article_id), title: (r.title as string) ?? null, url: (r.url as string) ?? null, feedId: (r.feed_id as string) ?? null,
      siteName: (r.site_name as string) ?? null, lang: (r.lang as string) ?? null, affiliation: (r.affiliation as string) ?? null },
  };
}

/** Stories, most recently active first. */
export async function listStories(db: Executor, query: StoryQuery): Promise<StorySummary[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.since) { where.push('s.last_seen >= ?'); params.push(new Date(query.since).toISOString()); }
  if (query.minArticles) { where.push('s.articles >= ?'); params.push(query.minArticles); }
  const rows = await db.all<Row>(`${STORY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.last_seen DESC, s.id DESC LIMIT ? OFFSET ?`,
    [...params, query.limit ?? 50, query.offset ?? 0]);
  return rows.map(storyFromRow);
}

export async function getStory(db: Executor, id: number): Promise<StorySummary | undefined> {
  const row = await db.get<Row>(`${STORY_SELECT} WHERE s.id = ?`, [id]);
  return row ? storyFromRow(row) : undefined;
}

/** The story ids of articles (null for articles stored before stories). */
export async function storyIdsOf(db: Executor, articleIds: number[]): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  for (let i = 0; i < articleIds.length; i += 500) {
    const part = articleIds.slice(i, i + 500);
    const rows = await db.all<Row>(`SELECT id, story_id FROM articles WHERE id IN (${placeholders(part.length)})`, part);
    for (const r of rows) out.set(Number(r.id), r.story_id === null || r.story_id === undefined ? null : Number(r.story_id));
  }
  return out;
}

