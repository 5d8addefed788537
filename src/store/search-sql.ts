/**
 * The read side used by the server: alert filters (rule, entity, language, feed, date range) and
 * full-text search over article titles and bodies, written once for both dialects. SQLite searches an
 * FTS5 table filled in batches (text-index.ts; flushed before every search); PostgreSQL a generated
 * tsvector column (migration 3). Both use the 'simple' (no stemming) configuration, since articles are in
 * several languages: every word of the query must appear, each as a word prefix ("evacu" finds
 * "evacuation", "эвакуац" finds "эвакуация").
 */
import type { AlertQuery } from './types.js';

/** Longest search accepted, in words; more is ignored. */
const MAX_QUERY_WORDS = 12;
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a search, lower-cased; punctuation and operators are dropped, so no query syntax leaks through. */
export function searchWords(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).slice(0, MAX_QUERY_WORDS);
}

/** WHERE clauses and parameters for an alert query over `alerts al JOIN articles ar LEFT JOIN feeds fd`. */
export function alertFilters(query: AlertQuery, dialect: 'sqlite' | 'postgres'): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (query.since) add('al.created >= ?', isoOr(query.since));
  if (query.until) add('al.created < ?', isoOr(query.until));
  if (query.rule) add('al.rule = ?', query.rule);
  if (query.lang) add('ar.lang = ?', query.lang);
  if (query.feed) add('ar.feed_id = ?', query.feed);
  if (query.affiliation) add('fd.affiliation = ?', query.affiliation);
  if (query.entity) add('EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = al.article_id AND m.entity = ?)', query.entity);
  if (query.afterId !== undefined) add('al.id > ?', query.afterId);
  const words = searchWords(query.text ?? '');
  if (words.length > 0) {
    if (dialect === 'sqlite') {
      add('al.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)', words.map((w) => `"${w}"*`).join(' '));
    } else {
      add("ar.search_vector @@ to_tsquery('simple', ?)", words.map((w) => `${w}:*`).join(' & '));
    }
  }
  return { where, params };
}

function isoOr(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
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
    COUNT(*) AS n FROM feeds GROUP BY 1`,
  deliveries: "SELECT channel || '|' || status AS key, COUNT(*) AS n FROM deliveries GROUP BY channel, status",
} as const;
