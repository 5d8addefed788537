/**
 * Stories in SQL: each new article joins a story as it is stored (in the article's transaction), and
 * the story's summary (first report, outlets, languages, last seen) is kept up to date. The candidate
 * set is bounded: stored members sharing a watchlist entry, among the last RECENT_ARTICLES articles,
 * within the story window of the article's time, at most MAX_MEMBERS of them. Never all pairs.
 */
import { chooseStory, rarity, STORY_WINDOW_MS, storyFeatures, type StoryFeatures, type StoryMember } from '../stories/score.js';
import type { Mention } from '../types.js';
import type { Executor, Row } from './db.js';
import type { ArticleInput, StoryQuery, StorySummary } from './types.js';

/** Articles (by id) among which candidates and entry rarity are looked up. */
const RECENT_ARTICLES = 5000;
/** Candidate members scored per new article. */
const MAX_MEMBERS = 300;

const TIME = 'COALESCE(ar.published, ar.created)';

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Put a just-inserted article into a story (an existing one or a new one); returns the story id. */
export async function assignStory(tx: Executor, articleId: number, article: ArticleInput, mentions: Mention[], now: string): Promise<number> {
  const time = Date.parse(article.published ?? '') || Date.parse(now);
  const features = storyFeatures({ title: article.title, text: article.text, lang: article.lang, time, entities: mentions.map((m) => m.entity) });
  await tx.run('UPDATE articles SET story_terms = ?, story_numbers = ? WHERE id = ?', [features.terms.join(' '), features.numbers.join(' '), articleId]);
  const members = features.entities.length ? await candidates(tx, articleId, features) : [];
  let storyId: number | null = null;
  if (members.length) {
    const df = await tx.all<Row>(
      `SELECT entity, COUNT(DISTINCT article_id) AS n FROM mentions WHERE article_id > ? AND entity IN (${placeholders(features.entities.length)}) GROUP BY entity`,
      [articleId - RECENT_ARTICLES, ...features.entities]);
    const weight = rarity(new Map(df.map((r) => [String(r.entity), Number(r.n)])), Math.min(articleId, RECENT_ARTICLES));
    storyId = chooseStory(features, members, weight)?.storyId ?? null;
  }
  const at = new Date(time).toISOString();
  if (storyId === null) {
    const row = await tx.get<{ id: number }>(
      'INSERT INTO stories (first_article_id, first_seen, last_seen, articles, outlets, langs) VALUES (?, ?, ?, 1, 1, ?) RETURNING id',
      [articleId, at, at, article.lang]);
    storyId = Number(row!.id);
    await tx.run('UPDATE articles SET story_id = ? WHERE id = ?', [storyId, articleId]);
    return storyId;
  }
  await tx.run('UPDATE articles SET story_id = ? WHERE id = ?', [storyId, articleId]);
  await addToStory(tx, storyId, { id: articleId, at, feedId: article.feedId, lang: article.lang });
  return storyId;
}

/** Stored articles that share an entry with the new one, in its time window, each with its entries. */
async function candidates(tx: Executor, articleId: number, f: StoryFeatures): Promise<StoryMember[]> {
  const from = new Date(f.time - STORY_WINDOW_MS).toISOString();
  const to = new Date(f.time + STORY_WINDOW_MS).toISOString();
  const rows = await tx.all<Row>(
    `SELECT DISTINCT ar.id, ar.story_id, ar.lang, ${TIME} AS t, ar.story_terms, ar.story_numbers
     FROM mentions m JOIN articles ar ON ar.id = m.article_id
     WHERE m.entity IN (${placeholders(f.entities.length)}) AND m.article_id > ? AND m.article_id <> ?
       AND ar.story_id IS NOT NULL AND ${TIME} >= ? AND ${TIME} <= ?
     ORDER BY ar.id DESC LIMIT ?`,
    [...f.entities, articleId - RECENT_ARTICLES, articleId, from, to, MAX_MEMBERS]);
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const entities = new Map<number, string[]>();
  for (const r of await tx.all<Row>(`SELECT DISTINCT article_id, entity FROM mentions WHERE article_id IN (${placeholders(ids.length)})`, ids)) {
    entities.set(Number(r.article_id), [...(entities.get(Number(r.article_id)) ?? []), String(r.entity)]);
  }
  const words = (v: unknown) => (v ? String(v).split(' ').filter(Boolean) : []);
  return rows.map((r) => ({
    storyId: Number(r.story_id), lang: String(r.lang), time: Date.parse(iso(r.t)),
    entities: entities.get(Number(r.id)) ?? [], terms: words(r.story_terms), numbers: words(r.story_numbers),
  }));
}

/**
 * Count a new member into its story's summary: first report, last seen, articles, outlets, languages.
 * Incremental (a few index reads), so a story that runs for weeks and gathers thousands of reports
 * costs each new report no more than the first did.
 */
async function addToStory(tx: Executor, storyId: number, member: { id: number; at: string; feedId: string; lang: string }): Promise<void> {
  const story = await tx.get<Row>('SELECT first_article_id, first_seen, last_seen, langs FROM stories WHERE id = ?', [storyId]);
  if (!story) return;
  const firstSeen = Date.parse(iso(story.first_seen));
  const time = Date.parse(member.at);
  const becomesFirst = time < firstSeen || (time === firstSeen && member.id < Number(story.first_article_id));
  const outlet = await tx.get<Row>('SELECT 1 AS one FROM articles WHERE story_id = ? AND feed_id = ? AND id <> ? LIMIT 1', [storyId, member.feedId, member.id]);
  const langs = String(story.langs).split(',').filter(Boolean);
  if (!langs.includes(member.lang)) {
    if (becomesFirst) langs.unshift(member.lang);
    else langs.push(member.lang);
  }
  await tx.run(
    `UPDATE stories SET first_article_id = ?, first_seen = ?, last_seen = ?, articles = articles + 1, outlets = outlets + ?, langs = ? WHERE id = ?`,
    [becomesFirst ? member.id : Number(story.first_article_id), becomesFirst ? member.at : iso(story.first_seen),
      time > Date.parse(iso(story.last_seen)) ? member.at : iso(story.last_seen), outlet ? 0 : 1, langs.join(','), storyId]);
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
