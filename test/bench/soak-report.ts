/**
 * What the soak checks at the end: every offered article stored exactly once (by URL, per source
 * group), the hostile feeds' failures recorded on their rows with their kinds, memory flat, queues
 * drained; plus the database's size and Redis's memory. Reads the database through raw SQL because the
 * Store does not list every article's URL.
 */
import { statSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Db } from '../../src/store/db.js';
import { STAGES, type QueueSet } from '../../src/queues/index.js';
import { round } from './harness.js';
import { offeredUrls, type SoakFeed } from './soak-sources.js';

/** RSS is "flat" when the last quarter's mean is not above the second quarter's by more than this. */
export const RSS_MARGIN_PCT = 10;

export interface QueueDepth {
  waiting: number;
  active: number;
  /** Delayed retries and pages waiting for their host (unfinished work). */
  delayed: number;
  /** Delayed page fetches whose article is already stored from the feed's text (upgrades only). */
  upgrades: number;
  failed: number;
}

export interface Sample {
  s: number;
  articles: number;
  queues: Record<string, QueueDepth>;
  rssMb: Record<string, number>;
  cpuMs: Record<string, number>;
  redisMb: number;
  dbMb: number;
}

export async function queueDepths(set: QueueSet): Promise<Record<string, QueueDepth>> {
  const out: Record<string, QueueDepth> = {};
  for (const stage of STAGES) {
    const q = set.queues[stage];
    const c = await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'waiting-children');
    let delayed = 0;
    let upgrades = 0;
    if (c.delayed) {
      for (const job of await q.getDelayed(0, -1)) {
        if (job.repeatJobKey) continue; // a scheduler's next tick, not work
        if ((job.data as { analysedFromFeed?: boolean }).analysedFromFeed) upgrades++;
        else delayed++;
      }
    }
    out[stage] = { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0), active: c.active ?? 0, delayed, upgrades, failed: c.failed ?? 0 };
  }
  return out;
}

export function unfinished(depths: Record<string, QueueDepth>): number {
  return Object.values(depths).reduce((a, d) => a + d.waiting + d.active + d.delayed, 0);
}

export async function redisUsedMb(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return round(Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN) / 1048576, 1);
}

export async function prefixKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    n += keys.length;
  } while (cursor !== '0');
  return n;
}

/** Bytes on disk of the run's database: the SQLite file (+ WAL), or the PostgreSQL schema's relations. */
export async function dbSizeMb(db: Db, url: string): Promise<number> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    const size = (f: string) => { try { return statSync(f).size; } catch { return 0; } };
    return round((size(file) + size(`${file}-wal`)) / 1048576, 1);
  }
  const schema = new URL(url).searchParams.get('schema');
  const rows = await db.all<{ bytes: number | string | null }>(
    `SELECT sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'm')`,
    [schema],
  );
  return round(Number(rows[0]?.bytes ?? 0) / 1048576, 1);
}

export interface GroupOutcome {
  group: string;
  expected: number;
  stored: number;
  missing: number;
  duplicates: number;
  unexpected: number;
  /** Articles by extraction method (feed-fallback = analysed from the feed's text). */
  methods: Record<string, number>;
  /** Fallback reasons by their first words. */
  fetchErrors: Record<string, number>;
  missingSample: string[];
  /** Titles with Cyrillic letters (the wrong-charset feed's titles are Russian: decoded or mojibake?). */
  cyrillicTitles: number;
  /** Items the feed gained but never served whole (its host made the poller wait, or the cut item). */
  notServed: number;
}

/** Every offered article stored exactly once, per group of sources. */
export async function articleOutcomes(db: Db, feeds: SoakFeed[]): Promise<GroupOutcome[]> {
  const rows = await db.all<{ feed_id: string; url: string | null; method: string; fetch_error: string | null; title: string | null }>('SELECT feed_id, url, method, fetch_error, title FROM articles');
  const byUrl = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = r.url ?? `(no url) ${r.feed_id}`;
    byUrl.set(key, [...(byUrl.get(key) ?? []), r]);
  }
  const groups = new Map<string, SoakFeed[]>();
  for (const f of feeds) if (f.yieldsArticles) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
  const known = new Set<string>();
  const out: GroupOutcome[] = [];
  for (const [group, members] of groups) {
    const o: GroupOutcome = { group, expected: 0, stored: 0, missing: 0, duplicates: 0, unexpected: 0, methods: {}, fetchErrors: {}, missingSample: [], cyrillicTitles: 0, notServed: 0 };
    const ids = new Set(members.map((m) => m.id));
    for (const f of members) {
      o.notServed += Math.max(0, f.items - f.served.size);
      for (const url of offeredUrls(f)) {
        known.add(url);
        o.expected++;
        const hits = byUrl.get(url) ?? [];
        if (hits.length === 0) {
          o.missing++;
          if (o.missingSample.length < 3) o.missingSample.push(url);
          continue;
        }
        o.stored++;
        o.duplicates += hits.length - 1;
        for (const h of hits) {
          o.methods[h.method] = (o.methods[h.method] ?? 0) + 1;
          if (h.title && /[а-яё]/i.test(h.title)) o.cyrillicTitles++;
          if (h.fetch_error) {
            const reason = h.fetch_error.replace(/https?:\/\/\S+/g, '<url>').replace(/\d+/g, 'N').slice(0, 70).trim();
            o.fetchErrors[reason] = (o.fetchErrors[reason] ?? 0) + 1;
          }
        }
      }
    }
    o.unexpected = rows.filter((r) => ids.has(r.feed_id) && !(r.url && known.has(r.url))).length;
    out.push(o);
  }
  return out;
}

export interface FeedOutcome {
  id: string;
  group: string;
  polls: number;
  status: string | null;
  error: string | null;
  consecutiveErrors: number;
  disabled: string | null;
  expected: string;
  ok: boolean;
}

/** The hostile feeds: each failure recorded on the feed's row with its kind, as expected. */
export async function feedOutcomes(db: Db, feeds: SoakFeed[]): Promise<FeedOutcome[]> {
  const rows = await db.all<{ id: string; last_status: string | null; last_error: string | null; consecutive_errors: number; disabled_reason: string | null }>(
    'SELECT id, last_status, last_error, consecutive_errors, disabled_reason FROM feeds',
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return feeds.filter((f) => f.expectStatus).map((f) => {
    const r = byId.get(f.id);
    const status = r?.last_status ?? null;
    const ok = !!r && ((status !== null && f.expectStatus!.includes(status) && !!r.last_error) || !!r.disabled_reason);
    return { id: f.id, group: f.group, polls: f.polls, status, error: r?.last_error?.slice(0, 120) ?? null, consecutiveErrors: Number(r?.consecutive_errors ?? 0), disabled: r?.disabled_reason ?? null, expected: f.expectStatus!.join('|'), ok };
  });
}

/** Mean of a process's RSS over the samples in [from, to) (shares of the sample list). */
function quarterRss(samples: Sample[], name: string, from: number, to: number): number[] {
  const start = Math.floor(samples.length * from);
  const slice = samples.slice(start, Math.max(start + 1, Math.floor(samples.length * to)));
  return slice.map((s) => s.rssMb[name]).filter((v): v is number => Number.isFinite(v));
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

export interface RssLevel {
  name: string;
  q2Mb: number;
  q4Mb: number;
  maxMb: number;
  /** Lowest sample of each quarter: the floor a sawtooth returns to (a leak lifts it). */
  q2MinMb: number;
  q4MinMb: number;
  growthPct: number;
  flat: boolean;
}

export function rssLevels(samples: Sample[], names: string[]): RssLevel[] {
  return names.map((name) => {
    const second = quarterRss(samples, name, 0.25, 0.5);
    const last = quarterRss(samples, name, 0.75, 1);
    const [q2, q4] = [mean(second), mean(last)];
    const growthPct = round(((q4 - q2) / q2) * 100, 1);
    const maxMb = Math.max(...samples.map((s) => s.rssMb[name] ?? 0));
    return { name, q2Mb: round(q2, 0), q4Mb: round(q4, 0), maxMb: round(maxMb, 0), q2MinMb: Math.min(...second), q4MinMb: Math.min(...last), growthPct, flat: growthPct <= RSS_MARGIN_PCT };
  });
}
