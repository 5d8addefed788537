/** The narratives an article carries (table article_narratives, migration 41): writes and reads. */
import type { NarrativeHit } from '../types.js';
import type { Executor } from './db.js';

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
export async function narrativeIdsOf(db: Executor, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await db.all<{ article_id: number; narrative: string }>(
      `SELECT DISTINCT article_id, narrative FROM article_narratives WHERE article_id IN (${part.map(() => '?').join(', ')}) ORDER BY narrative`, part);
    for (const r of rows) {
      const list = out.get(Number(r.article_id)) ?? [];
      list.push(r.narrative);
      out.set(Number(r.article_id), list);
    }
  }
  return out;
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
