/**
 * SQLite's full-text index (FTS5 `articles_search`, over the stems of src/search/stem.ts), filled in batches. Tokenising an article and writing
 * its own FTS segment in its own transaction cost about 0.65 ms an article, most of saveAnalysis;
 * indexing 50 articles at a time costs half as much (measured on 6 KB articles, 2-core dev machine). So
 * saveAnalysis leaves new articles to this indexer, which takes every article past a watermark (one row
 * in `text_index_state`, shared by every process writing the file) in one transaction:
 *   - every BATCH articles a process saves;
 *   - before any search, so a search always sees every stored article;
 *   - when the store closes.
 * Article ids grow in commit order (SQLite writes one transaction at a time), so nothing is skipped and
 * nothing is indexed twice, whichever process flushes. PostgreSQL needs none of this: its tsvector column
 * is written with the row (see {@link postgresSearchUpdate}).
 */
import { stemmedText } from '../search/stem.js';
import type { Db, Executor } from './db.js';

/** Articles saved by this process between flushes. */
const BATCH = 50;
/** Most articles indexed in one transaction (a backlog is indexed in several). */
const MAX_PER_TRANSACTION = 500;

const PENDING = `SELECT id, title, text FROM articles WHERE id > (SELECT indexed_through FROM text_index_state) ORDER BY id LIMIT ?`;
const INDEX_ONE = 'INSERT INTO articles_search (rowid, title, body) VALUES (?, ?, ?)';
const ADVANCE = 'UPDATE text_index_state SET indexed_through = ?';
/** PostgreSQL: an article's stems, titles in weight class A and bodies in B (ts_rank weighs A highest). */
const PG_VECTOR = "setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B')";
/** PostgreSQL articles stored before migration 40, filled this many at a time. */
const PG_BACKFILL_BATCH = 200;

/** The SQL value (and its parameters) of an article's `search_stems` column on PostgreSQL. */
export function postgresSearchColumn(title: string | null, text: string): { sql: string; params: unknown[] } {
  return { sql: PG_VECTOR, params: [stemmedText(title), stemmedText(text)] };
}

/** PostgreSQL: writes the stems of every article that has none yet (stored before migration 40). */
export async function backfillPostgresSearch(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db.all<{ id: number; title: string | null; text: string }>(
      'SELECT id, title, text FROM articles WHERE search_stems IS NULL ORDER BY id LIMIT ?', [PG_BACKFILL_BATCH]);
    for (const row of rows) {
      const { sql, params } = postgresSearchColumn(row.title, row.text);
      await db.run(`UPDATE articles SET search_stems = ${sql} WHERE id = ?`, [...params, Number(row.id)]);
    }
    total += rows.length;
    if (rows.length < PG_BACKFILL_BATCH) return total;
  }
}

async function indexPending(tx: Executor, limit: number): Promise<number> {
  const rows = await tx.all<{ id: number; title: string | null; text: string }>(PENDING, [limit]);
  for (const row of rows) await tx.run(INDEX_ONE, [Number(row.id), stemmedText(row.title), stemmedText(row.text)]);
  if (rows.length > 0) await tx.run(ADVANCE, [Number(rows.at(-1)!.id)]);
  return rows.length;
}

export class SqliteTextIndex {
  private unflushed = 0;

  constructor(private readonly db: Db) {}

  /** Counts an article this process stored; indexes the pending ones every BATCH. */
  async saved(): Promise<void> {
    if (++this.unflushed >= BATCH) await this.flush();
  }

  /** Indexes every stored article past the watermark. */
  async flush(): Promise<void> {
    this.unflushed = 0;
    for (;;) {
      const indexed = await this.db.transaction((tx) => indexPending(tx, MAX_PER_TRANSACTION));
      if (indexed < MAX_PER_TRANSACTION) return;
    }
  }
}
