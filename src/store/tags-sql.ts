/** The tags of stored articles (entities, narratives), for lists and pages, grouped per article. */
import type { Executor } from './db.js';

/** Rows of (article_id, tag) for `ids`, 500 ids a query, in the query's order, grouped per article. */
export async function tagsByArticle(db: Executor, ids: number[], sql: (placeholders: string) => string): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await db.all<{ article_id: number; tag: string }>(sql(part.map(() => '?').join(', ')), part);
    for (const r of rows) {
      const list = out.get(Number(r.article_id)) ?? [];
      list.push(r.tag);
      out.set(Number(r.article_id), list);
    }
  }
  return out;
}

/**
 * The distinct watchlist entities of each article among `ids`, most prominent first: named in the
 * headline, then by how often the text names them, then by id (so equal entities keep a stable order).
 */
export function entityIdsOf(db: Executor, ids: number[]): Promise<Map<number, string[]>> {
  return tagsByArticle(db, ids, (placeholders) =>
    `SELECT article_id, entity AS tag FROM mentions WHERE article_id IN (${placeholders})
     GROUP BY article_id, entity
     ORDER BY article_id, MAX(CASE WHEN field = 'title' THEN 1 ELSE 0 END) DESC, COUNT(*) DESC, entity`);
}
