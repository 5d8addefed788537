/** The entity tags of stored articles, for lists and pages: most prominent first. */
import type { Executor } from './db.js';

/**
 * The distinct watchlist entities of each article among `ids`, most prominent first: named in the
 * headline, then by how often the text names them, then by id (so equal entities keep a stable order).
 */
export async function entityIdsOf(db: Executor, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await db.all<{ article_id: number; entity: string }>(
      `SELECT article_id, entity FROM mentions WHERE article_id IN (${part.map(() => '?').join(', ')})
       GROUP BY article_id, entity
       ORDER BY article_id, MAX(CASE WHEN field = 'title' THEN 1 ELSE 0 END) DESC, COUNT(*) DESC, entity`,
      part,
    );
    for (const r of rows) {
      const list = out.get(Number(r.article_id)) ?? [];
      list.push(r.entity);
      out.set(Number(r.article_id), list);
    }
  }
  return out;
}
