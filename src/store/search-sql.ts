/**
 * The read side used by the server: alert filters (rule, entity, language, feed, date range) and
 * full-text search over article titles and bodies, written once for both dialects. Both stores index
 * the same stemmed token stream (src/search/stem.ts: Snowball English and Russian, a Ukrainian
 * stemmer), so any inflected form finds every other: SQLite in a contentless FTS5 table filled in
 * batches (text-index.ts; flushed before every search), PostgreSQL in a tsvector column ('simple'
 * configuration over the stems) written with the article. Matches are ranked: FTS5 bm25 with titles
 * weighted 4:1, ts_rank with titles in weight class A and bodies in B.
 */
import { isEmptySearch, parseSearch, toFts5, toTsquery, type SearchQuery } from '../search/query.js';
import type { AlertQuery } from './types.js';
import { isoOr } from './sql-values.js';

/** SQL pieces for an alert query over `alerts al JOIN articles ar`, in parameter order: join, where, order. */
export interface AlertSql {
  join: string;
  joinParams: unknown[];
  where: string[];
  params: unknown[];
  /** ORDER BY clause (without LIMIT). */
  order: string;
  orderParams: unknown[];
  /** PostgreSQL's search rank (best first, then al.id DESC, is `order`), its parameters in orderParams; absent without a search. */
  rank?: string;
}

/** The search an alert query asks for (parsed `search`, else `text` parsed here), or null. */
export function searchOf(query: AlertQuery): SearchQuery | null {
  const search = query.search ?? parseSearch(query.text);
  return isEmptySearch(search) ? null : search;
}

/** WHERE clauses, the search join and the order for an alert query over `alerts al JOIN articles ar LEFT JOIN feeds fd`. */
export function alertFilters(query: AlertQuery, dialect: 'sqlite' | 'postgres'): AlertSql {
  const sql: AlertSql = { join: '', joinParams: [], where: [], params: [], order: 'al.id DESC', orderParams: [] };
  const add = (clause: string, value: unknown) => {
    sql.where.push(clause);
    sql.params.push(value);
  };
  if (query.since) add('al.created >= ?', isoOr(query.since));
  if (query.until) add('al.created < ?', isoOr(query.until));
  if (query.rule) add('al.rule = ?', query.rule);
  if (query.lang) add('ar.lang = ?', query.lang);
  if (query.feed) add('ar.feed_id = ?', query.feed);
  if (query.affiliation) add('fd.affiliation = ?', query.affiliation);
  if (query.entity) add('EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = al.article_id AND m.entity = ?)', query.entity);
  if (query.narrative) add('EXISTS (SELECT 1 FROM article_narratives n WHERE n.article_id = al.article_id AND n.narrative = ?)', query.narrative);
  if (query.afterId !== undefined) add('al.id > ?', query.afterId);
  const search = searchOf(query);
  if (search) addSearch(sql, search, dialect, add);
  return sql;
}

function addSearch(sql: AlertSql, search: SearchQuery, dialect: 'sqlite' | 'postgres', add: (clause: string, value: unknown) => void): void {
  if (dialect === 'sqlite') {
    const { match, exclude } = toFts5(search);
    if (match) {
      sql.join = `JOIN (SELECT rowid AS sid, bm25(articles_search, 4.0, 1.0) AS srank FROM articles_search WHERE articles_search MATCH ?) s ON s.sid = al.article_id`;
      sql.joinParams.push(match);
      sql.order = 's.srank, al.id DESC';
    }
    if (exclude) add('al.article_id NOT IN (SELECT rowid FROM articles_search WHERE articles_search MATCH ?)', exclude);
    return;
  }
  const { match, exclude } = toTsquery(search);
  if (match) {
    add("ar.search_stems @@ to_tsquery('simple', ?)", match);
    sql.rank = "ts_rank(ar.search_stems, to_tsquery('simple', ?))";
    sql.order = `${sql.rank} DESC, al.id DESC`;
    sql.orderParams.push(match);
  }
  if (exclude) add("NOT (coalesce(ar.search_stems, ''::tsvector) @@ to_tsquery('simple', ?))", exclude);
}


/** Figures for /metrics: articles by extraction method, alerts by rule, feeds by state, deliveries (ledger) by channel and status. */
export const STATS_SQL = {
  articlesByMethod: 'SELECT method AS key, COUNT(*) AS n FROM articles GROUP BY method',
  alertsByRule: 'SELECT rule AS key, COUNT(*) AS n FROM alerts GROUP BY rule',
  feedsByState: `
    SELECT CASE
      WHEN disabled_reason IS NOT NULL THEN 'disabled'
      WHEN consecutive_errors > 0 THEN 'failing'
      WHEN last_status IS NULL THEN 'never-polled'
      ELSE last_status END AS key,
    COUNT(*) AS n FROM feeds WHERE removed_at IS NULL GROUP BY 1`,
  deliveries: "SELECT channel || '|' || status AS key, COUNT(*) AS n FROM deliveries GROUP BY channel, status",
} as const;
