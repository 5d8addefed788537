/**
 * Story assignment in SQL: each new article joins a story as it is stored (in the article's
 * transaction). Candidates come from an indexed key table, never from a join over recent mentions:
 *
 * - `story_keys` (entry, publication day, story): a story has a row for each watchlist entry its
 *   members name on each day. An article looks up its MAX_LOOKUP_KEYS rarest entries over the days of
 *   its story window, at most STORIES_PER_KEY stories a key (an index range read each);
 * - the best MAX_STORIES of those (by the rarity of the entries they share) are scored on at most
 *   MEMBERS_PER_STORY of their members within the window (index on story and time).
 *
 * So an article costs a bounded number of index reads whatever it names (an article of 500 entries
 * reads as many keys as one of 8) and however large the store or a story grows. Entry rarity comes from
 * `story_entry_counts`: articles naming an entry per block of 1,000 article ids, summed over the last
 * blocks (about the last RECENT_ARTICLES articles).
 *
 * On PostgreSQL two workers storing two reports of one new event at once would each see no story and
 * start two: the decision is serialised by transaction-level advisory locks on the article's lookup
 * keys (taken in one order, so two articles never wait on each other in a cycle). SQLite's writer lock
 * already serialises every store transaction.
 */
import { chooseStory, rarity, STORY_WINDOW_MS, storyFeatures, type StoryFeatures, type StoryMember } from '../stories/score.js';
import type { Mention } from '../types.js';
import type { Executor, Row } from './db.js';
import type { ArticleInput } from './types.js';
import { chunks, placeholders, rowTime as iso } from './sql-values.js';

/** Articles (by id) over which an entry's rarity is counted (in blocks of ENTRY_BLOCK ids). */
const RECENT_ARTICLES = 5000;
const ENTRY_BLOCK = 1000;
/** The rarest entries of an article used to find candidate stories (and locked on PostgreSQL). */
const MAX_LOOKUP_KEYS = 8;
/** Entries of an article written as story keys (its rarest): bounds the writes of an article naming hundreds. */
const MAX_WRITTEN_KEYS = 64;
/** Stories read per lookup key (the latest days of the window first). */
const STORIES_PER_KEY = 40;
/** Candidate stories scored per article, and members scored per story: at most 300 members. */
const MAX_STORIES = 50;
const MEMBERS_PER_STORY = 6;
/** PostgreSQL advisory lock namespace (the first key of the two-key form) for story decisions. */
const STORY_LOCK_SPACE = 727_274_053;
const DAY_MS = 86_400_000;

const TIME = 'COALESCE(ar.published, ar.created)';

export type Dialect = 'sqlite' | 'postgres';


/** Put a just-inserted article into a story (an existing one or a new one); returns the story id. */
export async function assignStory(tx: Executor, dialect: Dialect, articleId: number, article: ArticleInput, mentions: Mention[], now: string): Promise<number> {
  const time = Date.parse(article.published ?? '') || Date.parse(now);
  const entities = [...new Set(mentions.map((m) => m.entity))];
  // An article naming no watched entry can never match (nor be matched: scores need a shared entry), so
  // its words are not stemmed; it is a story of its own.
  const f: StoryFeatures = entities.length
    ? storyFeatures({ title: article.title, text: article.text, lang: article.lang, time, entities })
    : { lang: article.lang, time, entities: [], terms: [], numbers: [] };
  const df = await entryCounts(tx, articleId, f.entities);
  const weight = rarity(df, Math.min(articleId, RECENT_ARTICLES));
  // Rarest first (ties by id, so two workers order one article's entries alike).
  const byRarity = [...f.entities].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const lookup = byRarity.slice(0, MAX_LOOKUP_KEYS);
  if (dialect === 'postgres' && lookup.length) {
    await tx.all(`SELECT pg_advisory_xact_lock(${STORY_LOCK_SPACE}, h) FROM (SELECT DISTINCT hashtext(e) AS h FROM unnest(?::text[]) AS e ORDER BY h) AS k`, [lookup]);
  }
  const members = lookup.length ? await candidates(tx, articleId, f, lookup, weight) : [];
  let storyId = members.length ? chooseStory(f, members, weight)?.storyId ?? null : null;
  const at = new Date(time).toISOString();
  // A story the prune deleted since the candidates were read (PostgreSQL): the article starts its own.
  if (storyId !== null && !(await addToStory(tx, dialect, storyId, { id: articleId, at, feedId: article.feedId, lang: article.lang }))) storyId = null;
  if (storyId === null) {
    const row = await tx.get<{ id: number }>(
      'INSERT INTO stories (first_article_id, first_seen, last_seen, articles, outlets, langs) VALUES (?, ?, ?, 1, 1, ?) RETURNING id',
      [articleId, at, at, article.lang]);
    storyId = Number(row!.id);
  }
  await tx.run('UPDATE articles SET story_id = ?, story_terms = ?, story_numbers = ? WHERE id = ?', [storyId, f.terms.join(' '), f.numbers.join(' '), articleId]);
  await writeKeys(tx, articleId, storyId, Math.floor(time / DAY_MS), byRarity.slice(0, MAX_WRITTEN_KEYS), f.entities);
  return storyId;
}

/** How many recent articles name each entry, this one included (counted before it is added). */
async function entryCounts(tx: Executor, articleId: number, entities: string[]): Promise<Map<string, number>> {
  const df = new Map(entities.map((e) => [e, 1]));
  const from = Math.floor(Math.max(0, articleId - RECENT_ARTICLES) / ENTRY_BLOCK);
  for (const part of chunks(entities, 200)) {
    const rows = await tx.all<Row>(`SELECT entity, SUM(n) AS n FROM story_entry_counts WHERE entity IN (${placeholders(part.length)}) AND block >= ? GROUP BY entity`, [...part, from]);
    for (const r of rows) df.set(String(r.entity), Number(r.n) + 1);
  }
  return df;
}

/** Record the article's keys under its story and count its entries into their block. */
async function writeKeys(tx: Executor, articleId: number, storyId: number, day: number, keys: string[], entities: string[]): Promise<void> {
  for (const part of chunks([...keys].sort(), 100)) {
    await tx.run(`INSERT INTO story_keys (entity, day, story_id) VALUES ${part.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
      part.flatMap((e) => [e, day, storyId]));
  }
  const block = Math.floor(articleId / ENTRY_BLOCK);
  // Sorted, so concurrent writers take these row locks in one order.
  for (const part of chunks([...entities].sort(), 100)) {
    await tx.run(`INSERT INTO story_entry_counts (entity, block, n) VALUES ${part.map(() => '(?, ?, 1)').join(', ')}
      ON CONFLICT (entity, block) DO UPDATE SET n = story_entry_counts.n + 1`, part.flatMap((e) => [e, block]));
  }
  // Blocks past the rarity window are never read again: the first article of a block clears them.
  if (articleId % ENTRY_BLOCK === 0) await tx.run('DELETE FROM story_entry_counts WHERE block < ?', [block - RECENT_ARTICLES / ENTRY_BLOCK - 1]);
}

/** Members (within the window) of the stories that share the article's rarest entries. */
async function candidates(tx: Executor, articleId: number, f: StoryFeatures, lookup: string[], weight: (e: string) => number): Promise<StoryMember[]> {
  const firstDay = Math.floor((f.time - STORY_WINDOW_MS) / DAY_MS);
  const lastDay = Math.floor((f.time + STORY_WINDOW_MS) / DAY_MS);
  const perKey = lookup.map((_, i) => `SELECT entity, story_id FROM (SELECT entity, story_id FROM story_keys WHERE entity = ? AND day BETWEEN ? AND ? ORDER BY day DESC, story_id DESC LIMIT ${STORIES_PER_KEY}) AS k${i}`);
  const hits = await tx.all<Row>(perKey.join(' UNION ALL '), lookup.flatMap((e) => [e, firstDay, lastDay]));
  const shared = new Map<number, number>();
  for (const h of hits) shared.set(Number(h.story_id), (shared.get(Number(h.story_id)) ?? 0) + weight(String(h.entity)));
  const stories = [...shared].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, MAX_STORIES).map(([id]) => id);
  if (!stories.length) return [];
  const from = new Date(f.time - STORY_WINDOW_MS).toISOString();
  const to = new Date(f.time + STORY_WINDOW_MS).toISOString();
  const perStory = stories.map((_, i) => `SELECT * FROM (SELECT ar.id, ar.story_id, ar.lang, ${TIME} AS t, ar.story_terms, ar.story_numbers FROM articles ar
    WHERE ar.story_id = ? AND ${TIME} >= ? AND ${TIME} <= ? AND ar.id <> ? ORDER BY ${TIME} DESC LIMIT ${MEMBERS_PER_STORY}) AS s${i}`);
  const rows = await tx.all<Row>(perStory.join(' UNION ALL '), stories.flatMap((s) => [s, from, to, articleId]));
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
 * costs each new report no more than the first did. False when the story is gone.
 */
async function addToStory(tx: Executor, dialect: Dialect, storyId: number, member: { id: number; at: string; feedId: string; lang: string }): Promise<boolean> {
  // Locked on PostgreSQL: two workers adding to one story must not each write a summary built on the same read.
  const story = await tx.get<Row>(`SELECT first_article_id, first_seen, last_seen, langs FROM stories WHERE id = ?${dialect === 'postgres' ? ' FOR UPDATE' : ''}`, [storyId]);
  if (!story) return false;
  const firstSeen = Date.parse(iso(story.first_seen));
  const time = Date.parse(member.at);
  const becomesFirst = time < firstSeen || (time === firstSeen && member.id < Number(story.first_article_id));
  const outlet = await tx.get<Row>('SELECT 1 AS one FROM articles WHERE story_id = ? AND feed_id = ? AND id <> ? LIMIT 1', [storyId, member.feedId, member.id]);
  const langs = String(story.langs).split(',').filter(Boolean);
  if (!langs.includes(member.lang)) {
    if (becomesFirst) langs.unshift(member.lang);
    else langs.push(member.lang);
  }
  const updated = await tx.run(
    `UPDATE stories SET first_article_id = ?, first_seen = ?, last_seen = ?, articles = articles + 1, outlets = outlets + ?, langs = ? WHERE id = ?`,
    [becomesFirst ? member.id : Number(story.first_article_id), becomesFirst ? member.at : iso(story.first_seen),
      time > Date.parse(iso(story.last_seen)) ? member.at : iso(story.last_seen), outlet ? 0 : 1, langs.join(','), storyId]);
  return updated.changes > 0;
}
