/**
 * Spikes raised by rising rules (src/trends/alerts.ts): one row per (rule, series, bucket, time), unique,
 * so a spike is raised once however many processes look at once. Each row names the articles of its
 * bucket (up to SPIKE_ARTICLES, oldest first) and the alert it raised: an alert row of the rule on the
 * bucket's first article that has no alert of that rule yet (an alert belongs to an article, so the
 * ledger, digests and immediate channels take a spike like any alert).
 */
import type { Executor, Row } from './db.js';
import { trendWhere } from './trends-sql.js';
import { INSERT_ALERT } from './reanalyze-sql.js';
import type { SpikeInput, SpikeQuery, SpikeRecord, SpikeWatch } from './types.js';

/** Articles of a spiking bucket kept on its row (and candidates for carrying its alert). */
export const SPIKE_ARTICLES = 50;
const DAY_MS = 86_400_000;

export const seriesKey = (watch: SpikeWatch): string => `${watch.kind}:${watch.id}`;

function watchOf(series: string): SpikeWatch {
  const at = series.indexOf(':');
  return { kind: series.slice(0, at) as SpikeWatch['kind'], id: series.slice(at + 1) };
}

function spikeFromRow(r: Row): SpikeRecord {
  return {
    id: Number(r.id), rule: r.rule as string, watch: watchOf(r.series as string), bucket: r.bucket === 'day' ? 'day' : 'hour', time: r.time as string,
    count: Number(r.count), sources: Number(r.sources), expected: Number(r.expected), sd: Number(r.sd), score: Number(r.score),
    articleIds: JSON.parse(r.article_ids as string) as number[], alertId: r.alert_id === null || r.alert_id === undefined ? null : Number(r.alert_id),
    created: r.created instanceof Date ? r.created.toISOString() : String(r.created),
  };
}

/** The articles of one bucket of a series, oldest first. */
async function bucketArticles(tx: Executor, input: SpikeInput): Promise<number[]> {
  const start = Date.parse(input.time);
  const until = new Date(start + (input.bucket === 'hour' ? DAY_MS / 24 : DAY_MS)).toISOString();
  const filter = { [input.watch.kind]: input.watch.id } as Record<SpikeWatch['kind'], string>;
  const { where, params } = trendWhere({ since: input.time, until, ...filter });
  const rows = await tx.all<{ id: number }>(
    `SELECT ar.id FROM articles ar WHERE ${where.join(' AND ')} ORDER BY coalesce(ar.published, ar.created), ar.id LIMIT ?`, [...params, SPIKE_ARTICLES]);
  return rows.map((r) => Number(r.id));
}

/**
 * Record a spike and raise its alert, in one transaction; null when this spike was raised before (by this
 * process or another). `alertId` is null only when every listed article already carries an alert of the rule.
 */
export async function raiseSpike(tx: Executor, input: SpikeInput, now: string): Promise<{ spikeId: number; alertId: number | null } | null> {
  const articleIds = await bucketArticles(tx, input);
  const spike = await tx.get<{ id: number }>(
    `INSERT INTO spikes (rule, series, bucket, time, count, sources, expected, sd, score, article_ids, created)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule, series, bucket, time) DO NOTHING RETURNING id`,
    [input.rule, seriesKey(input.watch), input.bucket, input.time, input.count, input.sources, input.expected, input.sd, input.score, JSON.stringify(articleIds), now]);
  if (!spike) return null;
  const spikeId = Number(spike.id);
  for (const articleId of articleIds) {
    const alert = await tx.get<{ id: number }>(INSERT_ALERT, [articleId, input.rule, input.score, input.priority, '[]', now]);
    if (!alert) continue;
    await tx.run('UPDATE spikes SET alert_id = ? WHERE id = ?', [Number(alert.id), spikeId]);
    return { spikeId, alertId: Number(alert.id) };
  }
  return { spikeId, alertId: null };
}

/** Spikes newest bucket first. */
export async function listSpikes(db: Executor, query: SpikeQuery): Promise<SpikeRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.since) { where.push('time >= ?'); params.push(new Date(query.since).toISOString()); }
  if (query.until) { where.push('time < ?'); params.push(new Date(query.until).toISOString()); }
  if (query.rule) { where.push('rule = ?'); params.push(query.rule); }
  if (query.watch) { where.push('series = ?'); params.push(seriesKey(query.watch)); }
  if (query.bucket) { where.push('bucket = ?'); params.push(query.bucket); }
  const rows = await db.all(`SELECT * FROM spikes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC, id DESC LIMIT ?`, [...params, query.limit ?? 100]);
  return rows.map(spikeFromRow);
}

/** The spikes behind the given alerts: alert id -> spike. */
export async function spikesOfAlerts(db: Executor, alertIds: number[]): Promise<Map<number, SpikeRecord>> {
  const out = new Map<number, SpikeRecord>();
  for (let i = 0; i < alertIds.length; i += 500) {
    const part = alertIds.slice(i, i + 500);
    const rows = await db.all(`SELECT * FROM spikes WHERE alert_id IN (${part.map(() => '?').join(', ')})`, part);
    for (const r of rows) out.set(Number(r.alert_id), spikeFromRow(r));
  }
  return out;
}
