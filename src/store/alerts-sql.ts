/**
 * Reading alerts: a page of them filtered and searched (the SQL from search-sql.ts), their counts,
 * given ids, an article's, and those a (subscription, channel) has not claimed yet; each with its
 * article's facts, entities, narratives and, for a rising alert, its spike.
 */
import type { Mention } from '../types.js';
import type { Db, Row } from './db.js';
import { NOT_CLAIMED } from './ledger-sql.js';
import type { AlertSql } from './search-sql.js';
import { narrativeIdsOf } from './narratives-sql.js';
import { spikesOfAlerts } from './spikes-sql.js';
import { chunks, placeholders, precisionFromRow, toIso } from './sql-values.js';
import { entityIdsOf } from './tags-sql.js';
import type { AlertQuery, AlertRecord } from './types.js';

const ALERT_SELECT_COLUMNS = `al.id, al.rule, al.score, al.priority, al.evidence, al.created, al.article_id,
         ar.feed_id, ar.url, ar.title, ar.lang, ar.published, ar.published_precision, ar.site_name, ar.method, ar.fetch_error, ar.story_id, fd.affiliation`;
const ALERT_SELECT = `
  SELECT ${ALERT_SELECT_COLUMNS}
  FROM alerts al JOIN articles ar ON ar.id = al.article_id LEFT JOIN feeds fd ON fd.id = ar.feed_id`;

/** The FROM of an alert count: articles and feeds joined only when the filters or the search use them (each is a lookup per alert). */
function alertsFrom(q: AlertSql): string {
  const sql = [q.join, ...q.where].join(' ');
  const feeds = /\bfd\./.test(sql);
  const articles = feeds || /\bar\./.test(sql);
  return `alerts al${articles ? ' JOIN articles ar ON ar.id = al.article_id' : ''}${feeds ? ' LEFT JOIN feeds fd ON fd.id = ar.feed_id' : ''}`;
}

/**
 * listAlerts orders, newest first (SQLite keeps ISO text, PostgreSQL timestamptz: both sort as times).
 * By article time or stored time, an article's alerts stay together in the order they were raised.
 */
const ALERT_ORDER: Record<NonNullable<AlertQuery['sort']>, string> = {
  id: 'al.id DESC',
  published: 'COALESCE(ar.published, al.created) DESC, al.article_id DESC, al.id',
  created: 'al.created DESC, al.article_id DESC, al.id',
};

/** One page of alerts for `query`, whose SQL is `q`. */
export async function listAlerts(db: Db, q: AlertSql, query: AlertQuery): Promise<AlertRecord[]> {
  // An explicit sort (the CLI's) wins; otherwise a search ranks best match first, else newest alert first.
  const sorted = query.sort !== undefined;
  const sql = `${ALERT_SELECT} ${q.join} ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''} ORDER BY ${sorted ? ALERT_ORDER[query.sort!] : q.order} LIMIT ? OFFSET ?`;
  const rows = await db.all(sql, [...q.joinParams, ...q.params, ...(sorted ? [] : q.orderParams), query.limit ?? 1000, query.offset ?? 0]);
  return alertRecords(db, rows);
}

export async function countAlerts(db: Db, q: AlertSql): Promise<{ alerts: number; articles: number }> {
  const row = await db.get<Row>(
    `SELECT COUNT(*) AS alerts, COUNT(DISTINCT al.article_id) AS articles FROM ${alertsFrom(q)} ${q.join}
     ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''}`,
    [...q.joinParams, ...q.params],
  );
  return { alerts: Number(row?.alerts ?? 0), articles: Number(row?.articles ?? 0) };
}

/**
 * A PostgreSQL search's page and counts from one query: the matches (every article's stems read) once,
 * for both. `rank` is the search's rank (q.rank).
 */
export async function rankedAlertsWithCount(db: Db, q: AlertSql, rank: string, query: AlertQuery): Promise<{ alerts: AlertRecord[]; total: { alerts: number; articles: number } }> {
  const rows = await db.all<Row>(
    `WITH m AS MATERIALIZED (SELECT al.id, al.article_id, ${rank} AS r FROM ${alertsFrom(q)} ${q.join} ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''}),
          page AS (SELECT id, r FROM m ORDER BY r DESC, id DESC LIMIT ? OFFSET ?)
     ${ALERT_SELECT} JOIN page ON page.id = al.id
     CROSS JOIN (SELECT COUNT(*) AS n_alerts, COUNT(DISTINCT article_id) AS n_articles FROM m) c
     ORDER BY page.r DESC, al.id DESC`.replace(ALERT_SELECT_COLUMNS, `${ALERT_SELECT_COLUMNS}, c.n_alerts, c.n_articles`),
    [...q.orderParams, ...q.joinParams, ...q.params, query.limit ?? 1000, query.offset ?? 0]);
  // A page past the last match has no row to carry the counts.
  const total = rows.length ? { alerts: Number(rows[0]!.n_alerts), articles: Number(rows[0]!.n_articles) } : await countAlerts(db, q);
  return { alerts: await alertRecords(db, rows), total };
}

export async function getAlerts(db: Db, ids: number[]): Promise<AlertRecord[]> {
  const rows: Row[] = [];
  for (const part of chunks(ids)) {
    rows.push(...(await db.all(`${ALERT_SELECT} WHERE al.id IN (${placeholders(part.length)}) ORDER BY al.id`, part)));
  }
  return alertRecords(db, rows);
}

export async function alertIdsForArticle(db: Db, articleId: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>('SELECT id FROM alerts WHERE article_id = ? ORDER BY id', [articleId]);
  return rows.map((r) => Number(r.id));
}

/** Alerts raised since a time that no delivery of (subscription, channel) has claimed, oldest first. */
export async function undeliveredAlerts(db: Db, subscription: string, channel: string, since: string, limit: number): Promise<AlertRecord[]> {
  const sql = `${ALERT_SELECT} WHERE al.created >= ? AND ${NOT_CLAIMED} ORDER BY al.id LIMIT ?`;
  return alertRecords(db, await db.all(sql, [toIso(since) ?? since, subscription, channel, limit]));
}

async function alertRecords(db: Db, rows: Row[]): Promise<AlertRecord[]> {
  const articleIds = [...new Set(rows.map((r) => Number(r.article_id)))];
  const entities = await entityIdsOf(db, articleIds);
  const narratives = await narrativeIdsOf(db, articleIds);
  const spikes = await spikesOfAlerts(db, rows.filter((r) => !(JSON.parse(r.evidence as string) as unknown[]).length).map((r) => Number(r.id)));
  return rows.map((row) => ({
    id: Number(row.id),
    rule: row.rule as string,
    score: Number(row.score),
    priority: row.priority as AlertRecord['priority'],
    articleId: Number(row.article_id),
    feedId: row.feed_id as string,
    url: (row.url as string) ?? null,
    title: (row.title as string) ?? null,
    lang: row.lang as string,
    published: (row.published as string) ?? null,
    publishedPrecision: precisionFromRow(row.published_precision),
    siteName: (row.site_name as string) ?? null,
    method: row.method as AlertRecord['method'],
    fetchError: (row.fetch_error as string) ?? null,
    affiliation: (row.affiliation as string) ?? null,
    entities: entities.get(Number(row.article_id)) ?? [],
    narratives: narratives.get(Number(row.article_id)) ?? [],
    evidence: JSON.parse(row.evidence as string) as Mention[],
    storyId: row.story_id === null || row.story_id === undefined ? null : Number(row.story_id),
    ...(spikes.has(Number(row.id)) ? { rising: spikes.get(Number(row.id))! } : {}),
    created: row.created as string,
  }));
}
