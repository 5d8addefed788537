/** The narratives an article carries (table article_narratives, migration 41): writes and reads. */
import type { NarrativeHit } from '../types.js';
import type { Executor } from './db.js';
import { tagsByArticle } from './tags-sql.js';

/** SQLite caps bound parameters per statement. */
const CHUNK = 100;

/** Replaces an article's narratives (inside the caller's transaction). */
export async function writeNarratives(tx: Executor, articleId: number, hits: NarrativeHit[], replace: boolean): Promise<void> {
  if (replace) await tx.run('DELETE FROM article_narratives WHERE article_id = ?', [articleId]);
  for (let i = 0; i < hits.length; i += CHUNK) {
    const part = hits.slice(i, i + CHUNK);
    await tx.run(
      `INSERT INTO article_narratives (article_id, narrative, claim, start_offset, end_offset) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((h) => [articleId, h.narrative, h.claim, h.start, h.end]),
    );
  }
}

/** The distinct narrative ids of each article among `ids`. */
export function narrativeIdsOf(db: Executor, ids: number[]): Promise<Map<number, string[]>> {
  return tagsByArticle(db, ids, (placeholders) =>
    `SELECT DISTINCT article_id, narrative AS tag FROM article_narratives WHERE article_id IN (${placeholders}) ORDER BY narrative`);
}

/** An article's narrative evidence, sentences cut from its text. */
export async function narrativesOfArticle(db: Executor, articleId: number, text: string): Promise<NarrativeHit[]> {
  const rows = await db.all<{ narrative: string; claim: string; start_offset: number; end_offset: number }>(
    'SELECT narrative, claim, start_offset, end_offset FROM article_narratives WHERE article_id = ? ORDER BY start_offset, narrative', [articleId]);
  return rows.map((r) => ({
    narrative: r.narrative, claim: r.claim, start: Number(r.start_offset), end: Number(r.end_offset),
    sentence: text.slice(Number(r.start_offset), Number(r.end_offset)),
  }));
}
