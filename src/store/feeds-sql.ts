/**
 * The feeds table: one row a configured source with its polling state (validators, last status,
 * consecutive errors, next poll, why it was disabled) and its registry keys; and the item keys a feed
 * has seen, so a repeated item is never fetched twice.
 */
import type { Db, Row } from './db.js';
import { chunks, placeholders, toIso } from './sql-values.js';
import type { FeedState, FeedStatePatch, FeedSync } from './types.js';

const FEED_COLUMNS: Record<keyof FeedStatePatch, string> = {
  title: 'title',
  etag: 'etag',
  lastModified: 'last_modified',
  bodyHash: 'body_hash',
  lastPolledAt: 'last_polled_at',
  lastStatus: 'last_status',
  lastHttpStatus: 'last_http_status',
  lastError: 'last_error',
  consecutiveErrors: 'consecutive_errors',
  nextPollAt: 'next_poll_at',
  intervalMs: 'interval_ms',
  disabledReason: 'disabled_reason',
  itemsSeen: 'items_seen',
  lastNewItemAt: 'last_new_item_at',
};

function feedFromRow(row: Row): FeedState {
  return {
    id: row.id as string,
    url: row.url as string,
    title: (row.title as string) ?? null,
    etag: (row.etag as string) ?? null,
    lastModified: (row.last_modified as string) ?? null,
    bodyHash: (row.body_hash as string) ?? null,
    lastPolledAt: (row.last_polled_at as string) ?? null,
    lastStatus: (row.last_status as string) ?? null,
    lastHttpStatus: (row.last_http_status as number) ?? null,
    lastError: (row.last_error as string) ?? null,
    consecutiveErrors: Number(row.consecutive_errors ?? 0),
    nextPollAt: (row.next_poll_at as string) ?? null,
    intervalMs: row.interval_ms == null ? null : Number(row.interval_ms),
    disabledReason: (row.disabled_reason as string) ?? null,
    itemsSeen: Number(row.items_seen ?? 0),
    lastNewItemAt: (row.last_new_item_at as string) ?? null,
    removedAt: toIso((row.removed_at as string) ?? null),
    affiliation: (row.affiliation as string) ?? null,
    country: (row.country as string) ?? null,
    owner: (row.owner as string) ?? null,
  };
}

export async function syncFeeds(db: Db, feeds: FeedSync[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const feed of feeds) {
      await tx.run(
        `INSERT INTO feeds (id, url, title, affiliation, country, owner) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, title = COALESCE(excluded.title, feeds.title),
           affiliation = excluded.affiliation, country = excluded.country, owner = excluded.owner, removed_at = NULL`,
        [feed.id, feed.url, feed.title ?? null, feed.affiliation ?? null, feed.country ?? null, feed.owner ?? null],
      );
    }
  });
}

export async function retireFeeds(db: Db, configured: string[]): Promise<string[]> {
  const keep = new Set(configured);
  const gone = (await db.all<{ id: string }>('SELECT id FROM feeds WHERE removed_at IS NULL')).map((r) => r.id).filter((id) => !keep.has(id));
  if (gone.length === 0) return [];
  const now = new Date().toISOString();
  for (const part of chunks(gone)) await db.run(`UPDATE feeds SET removed_at = ? WHERE id IN (${placeholders(part.length)})`, [now, ...part]);
  return gone.sort();
}

export async function getFeed(db: Db, id: string): Promise<FeedState | undefined> {
  const row = await db.get('SELECT * FROM feeds WHERE id = ?', [id]);
  return row ? feedFromRow(row) : undefined;
}

export async function listFeeds(db: Db): Promise<FeedState[]> {
  return (await db.all('SELECT * FROM feeds ORDER BY id')).map(feedFromRow);
}

export async function updateFeed(db: Db, id: string, patch: FeedStatePatch): Promise<void> {
  const keys = Object.keys(patch) as (keyof FeedStatePatch)[];
  if (keys.length === 0) return;
  const sets = keys.map((key) => `${FEED_COLUMNS[key]} = ?`).join(', ');
  await db.run(`UPDATE feeds SET ${sets} WHERE id = ?`, [...keys.map((key) => patch[key] ?? null), id]);
}

/** The keys no feed item, stored article or pruned article (tombstone) has had. */
export async function filterUnseen(db: Db, keys: string[]): Promise<string[]> {
  const known = new Set<string>();
  for (const part of chunks([...new Set(keys)])) {
    const list = placeholders(part.length);
    const rows = await db.all<{ key: string }>(
      `SELECT key FROM seen_items WHERE key IN (${list}) UNION SELECT key FROM articles WHERE key IN (${list})
       UNION SELECT key FROM article_tombstones WHERE key IN (${list})`,
      [...part, ...part, ...part],
    );
    for (const row of rows) known.add(row.key);
  }
  return [...new Set(keys)].filter((key) => !known.has(key));
}

export async function markSeen(db: Db, feedId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    for (const key of keys) {
      await tx.run('INSERT INTO seen_items (key, feed_id, first_seen) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING', [key, feedId, now]);
    }
  });
}
