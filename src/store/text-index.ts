/**
 * SQLite's full-text index (FTS5 `articles_fts`), filled in batches. Tokenising an article and writing
 * its own FTS segment in its own transaction cost about 0.65 ms an article, most of saveAnalysis;
 * indexing 50 articles at a time costs half as much (measured on 6 KB articles, 2-core dev machine). So
 * saveAnalysis leaves new articles to this indexer, which takes every article past a watermark (one row
 * in `text_index_state`, shared by every process writing the file) in one transaction:
 *   - every BATCH articles a process saves;
 *   - before any search, so a search always sees every stored article;
 *   - when the store closes.
 * Article ids grow in commit order (SQLite writes one transaction at a time), so nothing is skipped and
 * nothing is indexed twice, whichever process flushes. PostgreSQL needs none of this: its tsvector column
 * is generated with the row.
 */
import type { Db } from './db.js';

/** Articles saved by this process between flushes. */
const BATCH = 50;
/** Most articles indexed in one transaction (a backlog is indexed in several). */
const MAX_PER_TRANSACTION = 500;

const RANGE_END = `SELECT max(id) AS last FROM (
  SELECT id FROM articles WHERE id > (SELECT indexed_through FROM text_index_state) ORDER BY id LIMIT ?)`;
const INDEX_RANGE = `INSERT INTO articles_fts (rowid, title, text)
  SELECT id, coalesce(title, ''), text FROM articles WHERE id > (SELECT indexed_through FROM text_index_state) AND id <= ? ORDER BY id`;
const ADVANCE = 'UPDATE text_index_state SET indexed_through = ?';

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
      const indexed = await this.db.transaction(async (tx) => {
        const end = await tx.get<{ last: number | null }>(RANGE_END, [MAX_PER_TRANSACTION]);
        if (end?.last == null) return 0;
        const { changes } = await tx.run(INDEX_RANGE, [end.last]);
        await tx.run(ADVANCE, [end.last]);
        return changes;
      });
      if (indexed < MAX_PER_TRANSACTION) return;
    }
  }
}
