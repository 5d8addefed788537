/**
 * Retention: deleting what is older than the settings say, in small transactions with a pause between
 * them, so a running pipeline (which writes in transactions of its own) never waits long for the lock.
 *
 * An article goes with everything that hangs on it: mentions, narratives, alerts and their ledger links
 * (foreign keys ON DELETE CASCADE), its Telegram post row, and its search-index row (SQLite's contentless
 * FTS5 table must be told the row's stems; PostgreSQL's stems are a column of the row). Its key stays
 * behind as a tombstone, so a feed repeating the item never stores it again; tombstones and seen item
 * keys expire after `dedupKeysMs`. The stories of pruned articles are counted again from the members
 * left, in the same transaction; a story left with none is deleted.
 */
import { stemmedText } from '../search/stem.js';
import type { Db, Executor } from './db.js';
import { refreshStories } from './stories-sql.js';
import type { PruneCounts, PruneOptions, PrunePolicy } from './types.js';
import { placeholders as list } from './sql-values.js';

/** Rows per transaction when the caller does not say. */
export const DEFAULT_PRUNE_BATCH = 500;
/** Pause between two transactions: other writers get the lock in between. */
const DEFAULT_PAUSE_MS = 20;
/** SQLite FTS5: index pages written per merge step after a prune (deletions are only markers until merged). */
const FTS_MERGE_PAGES = 200;
/** At most this many merge steps per prune (a bound, not a target). */
const FTS_MERGE_STEPS = 10_000;

const NO_ALERT = 'NOT EXISTS (SELECT 1 FROM alerts al WHERE al.article_id = a.id)';
const HAS_ALERT = 'EXISTS (SELECT 1 FROM alerts al WHERE al.article_id = a.id)';
/** Only finished deliveries are history; a pending or sending one is still work. */
const DELIVERY_DONE = "status IN ('sent', 'failed')";
/** Telegram post rows without an article (seen again after the prune), not seen since the cutoff. */
const ORPHAN_POSTS = 'SELECT key FROM telegram_posts tp WHERE last_seen < ? AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.key = tp.key) ORDER BY last_seen LIMIT ?';

export function emptyCounts(): PruneCounts {
  return {
    articles: 0, alertedArticles: 0, mentions: 0, narratives: 0, alerts: 0, telegramPosts: 0, stories: 0,
    deliveries: 0, deliveryLinks: 0, seenItems: 0, tombstonesAdded: 0, tombstonesExpired: 0, spikes: 0,
  };
}

function cutoff(now: Date, ms: number): string | null {
  return ms > 0 ? new Date(now.getTime() - ms).toISOString() : null;
}


async function count(ex: Executor, sql: string, params: unknown[]): Promise<number> {
  return Number((await ex.get<{ n: number }>(sql, params))?.n ?? 0);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Victim { id: number; key: string; title: string | null; text: string }

/** Delete one batch of articles (already chosen) with their dependants; counts added to `c`. */
async function deleteArticles(db: Db, victims: Victim[], now: string, c: PruneCounts, alerted: boolean): Promise<void> {
  // Stemming is the slow part: done before the transaction opens, checked against the row inside it.
  const stems = new Map(victims.map((v) => [v.id, { title: v.title, text: v.text, t: stemmedText(v.title), b: stemmedText(v.text) }]));
  await db.transaction(async (tx) => {
    const ids = victims.map((v) => v.id);
    const inList = list(ids.length);
    c.mentions += await count(tx, `SELECT COUNT(*) AS n FROM mentions WHERE article_id IN (${inList})`, ids);
    c.narratives += await count(tx, `SELECT COUNT(*) AS n FROM article_narratives WHERE article_id IN (${inList})`, ids);
    c.alerts += await count(tx, `SELECT COUNT(*) AS n FROM alerts WHERE article_id IN (${inList})`, ids);
    c.deliveryLinks += await count(tx,
      `SELECT COUNT(*) AS n FROM delivery_alerts WHERE alert_id IN (SELECT id FROM alerts WHERE article_id IN (${inList}))`, ids);
    const keys = victims.map((v) => v.key);
    c.telegramPosts += (await tx.run(`DELETE FROM telegram_posts WHERE key IN (${list(keys.length)})`, keys)).changes;
    if (db.dialect === 'sqlite') await unindex(tx, ids, stems);
    for (const key of keys) {
      c.tombstonesAdded += (await tx.run('INSERT INTO article_tombstones (key, pruned_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, now])).changes;
    }
    const stories = (await tx.all<{ story_id: number | null }>(`SELECT DISTINCT story_id FROM articles WHERE id IN (${inList}) AND story_id IS NOT NULL`, ids))
      .map((r) => Number(r.story_id));
    const deleted = (await tx.run(`DELETE FROM articles WHERE id IN (${inList})`, ids)).changes;
    c.stories += await refreshStories(tx, db.dialect, stories);
    if (alerted) c.alertedArticles += deleted;
    else c.articles += deleted;
  });
}

/** SQLite: take indexed rows out of the contentless FTS5 table with the stems they were indexed with. */
async function unindex(tx: Executor, ids: number[], stems: Map<number, { title: string | null; text: string; t: string; b: string }>): Promise<void> {
  const through = Number((await tx.get<{ n: number }>('SELECT indexed_through AS n FROM text_index_state'))?.n ?? 0);
  for (const id of ids.filter((i) => i <= through)) {
    const now = await tx.get<{ title: string | null; text: string }>('SELECT title, text FROM articles WHERE id = ?', [id]);
    if (!now) continue;
    let s = stems.get(id)!;
    // Rewritten (an edited Telegram post) since it was read: its index row holds the new words.
    if (now.title !== s.title || now.text !== s.text) s = { ...now, t: stemmedText(now.title), b: stemmedText(now.text) };
    await tx.run("INSERT INTO articles_search (articles_search, rowid, title, body) VALUES ('delete', ?, ?, ?)", [id, s.t, s.b]);
  }
}

/** Repeat `step` (one transaction of at most `batch` rows) until it takes fewer rows than a batch. */
async function inBatches(batch: number, pauseMs: number, step: () => Promise<number>): Promise<void> {
  for (;;) {
    const n = await step();
    if (n < batch) return;
    await pause(pauseMs);
  }
}

async function pruneArticles(db: Db, before: string, alerted: boolean, o: Required<PruneOptions>, c: PruneCounts): Promise<void> {
  const sql = `SELECT a.id, a.key, a.title, a.text FROM articles a WHERE a.created < ? AND ${alerted ? HAS_ALERT : NO_ALERT} ORDER BY a.created, a.id LIMIT ?`;
  await inBatches(o.batchSize, o.pauseMs, async () => {
    const rows = await db.all<Victim>(sql, [before, o.batchSize]);
    if (rows.length > 0) await deleteArticles(db, rows.map((r) => ({ ...r, id: Number(r.id) })), o.now.toISOString(), c, alerted);
    await pause(0);
    return rows.length;
  });
}

/**
 * SQLite: a contentless FTS5 table keeps a deleted row's words as delete markers until its segments are
 * merged, so the index would not shrink. Merge in small steps (each its own transaction) until there is
 * nothing left to merge: measured, this gives back what the pruned rows took.
 */
async function compactSearchIndex(db: Db, pauseMs: number): Promise<void> {
  for (let step = 0; step < FTS_MERGE_STEPS; step++) {
    const changed = await db.transaction(async (tx) => {
      const before = await count(tx, 'SELECT total_changes() AS n', []);
      await tx.run("INSERT INTO articles_search (articles_search, rank) VALUES ('merge', ?)", [-FTS_MERGE_PAGES]);
      return (await count(tx, 'SELECT total_changes() AS n', [])) - before;
    });
    if (changed < 2) return;
    await pause(pauseMs);
  }
}

/** Delete `select`'s rows (a query of ids or keys, oldest first, `?` for the cutoff and the limit) in batches. */
async function pruneSimple(db: Db, table: string, column: string, select: string, before: string, o: Required<PruneOptions>): Promise<number> {
  let total = 0;
  await inBatches(o.batchSize, o.pauseMs, async () => {
    const rows = await db.all<Record<string, unknown>>(select, [before, o.batchSize]);
    const values = rows.map((r) => r[column]);
    if (values.length > 0) total += (await db.run(`DELETE FROM ${table} WHERE ${column} IN (${list(values.length)})`, values)).changes;
    return rows.length;
  });
  return total;
}

/** What a prune would delete now, per table, without deleting anything. */
async function dryRun(db: Db, p: PrunePolicy, now: Date): Promise<PruneCounts> {
  const c = emptyCounts();
  const articles = cutoff(now, p.articlesMs);
  const alerted = cutoff(now, p.alertedArticlesMs);
  const chosen: string[] = [];
  const params: unknown[] = [];
  if (articles) {
    c.articles = await count(db, `SELECT COUNT(*) AS n FROM articles a WHERE a.created < ? AND ${NO_ALERT}`, [articles]);
    chosen.push(`(a.created < ? AND ${NO_ALERT})`);
    params.push(articles);
  }
  if (alerted) {
    c.alertedArticles = await count(db, `SELECT COUNT(*) AS n FROM articles a WHERE a.created < ? AND ${HAS_ALERT}`, [alerted]);
    chosen.push(`(a.created < ? AND ${HAS_ALERT})`);
    params.push(alerted);
  }
  if (chosen.length > 0) {
    const ids = `SELECT a.id FROM articles a WHERE ${chosen.join(' OR ')}`;
    c.mentions = await count(db, `SELECT COUNT(*) AS n FROM mentions WHERE article_id IN (${ids})`, params);
    c.narratives = await count(db, `SELECT COUNT(*) AS n FROM article_narratives WHERE article_id IN (${ids})`, params);
    c.alerts = await count(db, `SELECT COUNT(*) AS n FROM alerts WHERE article_id IN (${ids})`, params);
    c.deliveryLinks = await count(db, `SELECT COUNT(*) AS n FROM delivery_alerts WHERE alert_id IN (SELECT id FROM alerts WHERE article_id IN (${ids}))`, params);
    c.telegramPosts = await count(db, `SELECT COUNT(*) AS n FROM telegram_posts WHERE key IN (SELECT a.key FROM articles a WHERE ${chosen.join(' OR ')})`, params);
    c.tombstonesAdded = c.articles + c.alertedArticles;
    const inStory = (negate: boolean) => `SELECT 1 FROM articles a WHERE a.story_id = s.id AND ${negate ? 'NOT ' : ''}(${chosen.join(' OR ')})`;
    c.stories = await count(db, `SELECT COUNT(*) AS n FROM stories s WHERE EXISTS (${inStory(false)}) AND NOT EXISTS (${inStory(true)})`, [...params, ...params]);
  }
  if (articles) c.telegramPosts += await count(db, `SELECT COUNT(*) AS n FROM (${ORPHAN_POSTS.replace(' LIMIT ?', '')}) o`, [articles]);
  if (alerted) c.spikes = await count(db, 'SELECT COUNT(*) AS n FROM spikes WHERE time < ?', [alerted]);
  const deliveries = cutoff(now, p.deliveriesMs);
  if (deliveries) {
    c.deliveries = await count(db, `SELECT COUNT(*) AS n FROM deliveries WHERE updated < ? AND ${DELIVERY_DONE}`, [deliveries]);
    c.deliveryLinks += await count(db, `SELECT COUNT(*) AS n FROM delivery_alerts WHERE delivery_id IN (SELECT id FROM deliveries WHERE updated < ? AND ${DELIVERY_DONE})`, [deliveries]);
  }
  const keys = cutoff(now, p.dedupKeysMs);
  if (keys) {
    c.seenItems = await count(db, 'SELECT COUNT(*) AS n FROM seen_items WHERE first_seen < ?', [keys]);
    c.tombstonesExpired = await count(db, 'SELECT COUNT(*) AS n FROM article_tombstones WHERE pruned_at < ?', [keys]);
  }
  return c;
}

/** Apply a retention policy (or, with `dryRun`, count what it would delete). A setting of 0 keeps forever. */
export async function prune(db: Db, policy: PrunePolicy, options: PruneOptions = {}): Promise<PruneCounts> {
  const o: Required<PruneOptions> = {
    dryRun: options.dryRun ?? false,
    batchSize: Math.max(1, options.batchSize ?? DEFAULT_PRUNE_BATCH),
    pauseMs: options.pauseMs ?? DEFAULT_PAUSE_MS,
    now: options.now ?? new Date(),
  };
  if (o.dryRun) return dryRun(db, policy, o.now);
  const c = emptyCounts();
  const articles = cutoff(o.now, policy.articlesMs);
  if (articles) await pruneArticles(db, articles, false, o, c);
  const alerted = cutoff(o.now, policy.alertedArticlesMs);
  if (alerted) await pruneArticles(db, alerted, true, o, c);
  if (db.dialect === 'sqlite' && c.articles + c.alertedArticles > 0) await compactSearchIndex(db, o.pauseMs);
  // A post seen again after its article was pruned gets a row back (and no article): it goes by age too.
  if (articles) c.telegramPosts += await pruneSimple(db, 'telegram_posts', 'key', ORPHAN_POSTS, articles, o);
  // A spike row is the record of an alert: it goes with the alerted articles' age (by its bucket's time).
  if (alerted) c.spikes = await pruneSimple(db, 'spikes', 'id', 'SELECT id FROM spikes WHERE time < ? ORDER BY time LIMIT ?', alerted, o);
  const deliveries = cutoff(o.now, policy.deliveriesMs);
  if (deliveries) {
    c.deliveryLinks += await count(db, `SELECT COUNT(*) AS n FROM delivery_alerts WHERE delivery_id IN (SELECT id FROM deliveries WHERE updated < ? AND ${DELIVERY_DONE})`, [deliveries]);
    c.deliveries = await pruneSimple(db, 'deliveries', 'id',
      `SELECT id FROM deliveries WHERE updated < ? AND ${DELIVERY_DONE} ORDER BY updated LIMIT ?`, deliveries, o);
  }
  const keys = cutoff(o.now, policy.dedupKeysMs);
  if (keys) {
    c.seenItems = await pruneSimple(db, 'seen_items', 'key', 'SELECT key FROM seen_items WHERE first_seen < ? ORDER BY first_seen LIMIT ?', keys, o);
    c.tombstonesExpired = await pruneSimple(db, 'article_tombstones', 'key',
      'SELECT key FROM article_tombstones WHERE pruned_at < ? ORDER BY pruned_at LIMIT ?', keys, o);
  }
  return c;
}
