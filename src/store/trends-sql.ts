/**
 * Counts over time for src/trends: articles per hour or day (by publication time, else the time they
 * were stored), optionally only those mentioning an entity, raising a rule's alert, carrying a
 * narrative, from one feed or from the sources of one affiliation (the feed row's), with the number of distinct feeds (sources) in each bucket.
 */
import type { Bucket } from '../types.js';
import type { Executor } from './db.js';

export interface TrendQuery {
  bucket: 'hour' | 'day';
  /** ISO time: buckets from here on. */
  since: string;
  until?: string;
  entity?: string;
  rule?: string;
  narrative?: string;
  feed?: string;
  /** Only articles from sources of this affiliation (feeds.yaml `affiliation`, kept on the feed row). */
  affiliation?: string;
}

function bucketKey(dialect: 'sqlite' | 'postgres', bucket: 'hour' | 'day'): string {
  if (dialect === 'sqlite') {
    const at = 'coalesce(ar.published, ar.created)';
    return bucket === 'hour' ? `substr(${at}, 1, 13) || ':00:00.000Z'` : `substr(${at}, 1, 10) || 'T00:00:00.000Z'`;
  }
  const at = "(coalesce(ar.published, ar.created) AT TIME ZONE 'UTC')";
  return bucket === 'hour' ? `to_char(${at}, 'YYYY-MM-DD"T"HH24":00:00.000Z"')` : `to_char(${at}, 'YYYY-MM-DD"T00:00:00.000Z"')`;
}

/** The WHERE of a trend query over `articles ar`, in parameter order. */
export function trendWhere(query: Omit<TrendQuery, 'bucket'>): { where: string[]; params: unknown[] } {
  const where = ['coalesce(ar.published, ar.created) >= ?'];
  const params: unknown[] = [new Date(query.since).toISOString()];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (query.until) add('coalesce(ar.published, ar.created) < ?', new Date(query.until).toISOString());
  if (query.entity) add('EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = ar.id AND m.entity = ?)', query.entity);
  if (query.rule) add('EXISTS (SELECT 1 FROM alerts al WHERE al.article_id = ar.id AND al.rule = ?)', query.rule);
  if (query.narrative) add('EXISTS (SELECT 1 FROM article_narratives n WHERE n.article_id = ar.id AND n.narrative = ?)', query.narrative);
  if (query.feed) add('ar.feed_id = ?', query.feed);
  if (query.affiliation) add('EXISTS (SELECT 1 FROM feeds fd WHERE fd.id = ar.feed_id AND fd.affiliation = ?)', query.affiliation);
  return { where, params };
}

/** Buckets with at least one article, oldest first. */
export async function trendCounts(db: Executor, dialect: 'sqlite' | 'postgres', query: TrendQuery): Promise<Bucket[]> {
  const { where, params } = trendWhere(query);
  const rows = await db.all<{ t: string; n: number; s: number }>(
    `SELECT ${bucketKey(dialect, query.bucket)} AS t, COUNT(*) AS n, COUNT(DISTINCT ar.feed_id) AS s
     FROM articles ar WHERE ${where.join(' AND ')} GROUP BY 1 ORDER BY 1`, params);
  return rows.map((r) => ({ time: r.t, count: Number(r.n), sources: Number(r.s) }));
}

/**
 * Buckets of every entity at once (one pass over the mentions, for rising rules watching every entry or
 * every entry of a kind): entity -> buckets with at least one article, oldest first.
 */
export async function trendCountsByEntity(db: Executor, dialect: 'sqlite' | 'postgres', query: { bucket: 'hour' | 'day'; since: string; until?: string; entities?: string[] }): Promise<Map<string, Bucket[]>> {
  const { where, params } = trendWhere({ since: query.since, until: query.until });
  if (query.entities) {
    if (query.entities.length === 0) return new Map();
    where.push(`m.entity IN (${query.entities.map(() => '?').join(', ')})`);
    params.push(...query.entities);
  }
  const rows = await db.all<{ e: string; t: string; n: number; s: number }>(
    `SELECT m.entity AS e, ${bucketKey(dialect, query.bucket)} AS t, COUNT(DISTINCT ar.id) AS n, COUNT(DISTINCT ar.feed_id) AS s
     FROM mentions m JOIN articles ar ON ar.id = m.article_id WHERE ${where.join(' AND ')} GROUP BY 1, 2 ORDER BY 1, 2`, params);
  const out = new Map<string, Bucket[]>();
  for (const r of rows) {
    const list = out.get(r.e) ?? out.set(r.e, []).get(r.e)!;
    list.push({ time: r.t, count: Number(r.n), sources: Number(r.s) });
  }
  return out;
}
