/**
 * Stories in SQL, as read: lists and single stories with their summary (first report, outlets,
 * languages, last seen). Assignment as articles are stored is in story-assign-sql.ts.
 */
import type { Executor, Row } from './db.js';
import type { StoryQuery, StorySummary } from './types.js';
import { placeholders, rowTime as iso } from './sql-values.js';


const STORY_COLUMNS = `
  s.id, s.first_seen, s.last_seen, s.articles, s.outlets, s.langs, s.first_article_id,
  ar.title, ar.url, ar.feed_id, ar.site_name, ar.lang, fd.affiliation`;
const STORY_FROM = 'stories s LEFT JOIN articles ar ON ar.id = s.first_article_id LEFT JOIN feeds fd ON fd.id = ar.feed_id';
/** The alerts raised on the articles of story `p.id` (read off articles (story_id, id) and alerts (article_id, rule)). */
const ALERT_COUNT = '(SELECT COUNT(*) FROM alerts al JOIN articles x ON x.id = al.article_id WHERE x.story_id = p.id) AS alerts';

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
  // The page of stories first, then the alert count of those stories only, whatever order the
  // planner would evaluate a count in the same SELECT in.
  const rows = await db.all<Row>(
    `SELECT p.*, ${ALERT_COUNT} FROM (SELECT ${STORY_COLUMNS} FROM ${STORY_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.last_seen DESC, s.id DESC LIMIT ? OFFSET ?) p ORDER BY p.last_seen DESC, p.id DESC`,
    [...params, query.limit ?? 50, query.offset ?? 0]);
  return rows.map(storyFromRow);
}

export async function getStory(db: Executor, id: number): Promise<StorySummary | undefined> {
  const row = await db.get<Row>(`SELECT p.*, ${ALERT_COUNT} FROM (SELECT ${STORY_COLUMNS} FROM ${STORY_FROM} WHERE s.id = ?) p`, [id]);
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

/**
 * Count the stories of deleted articles again from the members left (retention): first report, first
 * and last seen, articles, outlets, languages (in the order of their first report). A story left with no
 * member is deleted, with its keys. Returns how many were deleted. On PostgreSQL each story row is locked
 * first, so an analyze worker joining it at that moment is counted in (or, if the story goes, starts a
 * new one: see story-assign-sql.ts).
 */
export async function refreshStories(tx: Executor, dialect: 'sqlite' | 'postgres', storyIds: number[]): Promise<number> {
  let deleted = 0;
  for (const id of [...new Set(storyIds)].sort((a, b) => a - b)) {
    if (dialect === 'postgres' && !(await tx.get('SELECT id FROM stories WHERE id = ? FOR UPDATE', [id]))) continue;
    const members = await tx.all<Row>(
      `SELECT lang, MIN(COALESCE(published, created)) AS first, MAX(COALESCE(published, created)) AS last, COUNT(*) AS n
       FROM articles WHERE story_id = ? GROUP BY lang ORDER BY first, lang`, [id]);
    if (!members.length) {
      deleted += (await tx.run('DELETE FROM stories WHERE id = ?', [id])).changes;
      continue;
    }
    const first = await tx.get<Row>(
      'SELECT id, COALESCE(published, created) AS t FROM articles WHERE story_id = ? ORDER BY COALESCE(published, created), id LIMIT 1', [id]);
    const outlets = await tx.get<Row>('SELECT COUNT(DISTINCT feed_id) AS n FROM articles WHERE story_id = ?', [id]);
    const last = members.map((m) => iso(m.last)).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
    await tx.run('UPDATE stories SET first_article_id = ?, first_seen = ?, last_seen = ?, articles = ?, outlets = ?, langs = ? WHERE id = ?',
      [Number(first!.id), iso(first!.t), last, members.reduce((n, m) => n + Number(m.n), 0), Number(outlets!.n), members.map((m) => String(m.lang)).join(','), id]);
  }
  return deleted;
}
