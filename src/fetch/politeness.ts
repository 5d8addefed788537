/**
 * Per-host politeness shared by every worker on every host: at most N requests in flight to one host
 * and a minimum gap between two starts, kept in Redis. A lease expires on its own, so a worker killed
 * mid-request does not hold its slot forever.
 *
 * A host's Retry-After is kept here too, for every worker, with a marker of when the host began to
 * make us wait: the worker that sets the marker logs "asks to wait", the one that takes it away on the
 * host's next real answer logs "answers again". One line per host state change, whatever the number of
 * pages or processes.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Politeness } from './http.js';

const LEASE_MS = 120_000;
const MAX_WAIT_STEP_MS = 250;
/** A Retry-After longer than this is cut to it (fetch.maxRetryAfter): a host cannot switch us off for weeks. */
const DEFAULT_MAX_BLOCK_MS = 24 * 3_600_000;

// KEYS[1] leases zset, KEYS[2] last-start key; ARGV now, limit, minDelay, token, leaseMs.
// Returns 0 when the lease is granted, else how many ms to wait before asking again.
const ACQUIRE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 50 end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local gap = tonumber(ARGV[3])
if gap > 0 and now - last < gap then return gap - (now - last) end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[5]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
if gap > 0 then redis.call('SET', KEYS[2], now, 'PX', gap * 2 + 1000) end
return 0`;

export interface PolitenessOptions {
  /** Requests in flight per host. */
  concurrency: number;
  /** Minimum gap between two request starts to one host, ms. */
  minDelayMs: number;
  /** Stricter limits for named hosts (`url.host`, port included), e.g. t.me: one at a time, 1 s apart. */
  hosts?: Record<string, { concurrency: number; minDelayMs: number }>;
  /** Longest Retry-After honoured, ms (fetch.maxRetryAfter). Default 24 h. */
  maxBlockMs?: number;
  /** Where the host state lines go (asks to wait / answers again). Default: none. */
  logger?: Logger;
}

export class RedisPoliteness implements Politeness {
  /** Hosts this process saw waiting: only for them does an answer cost a Redis call (the marker). */
  private readonly waiting = new Set<string>();
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly options: PolitenessOptions) {}

  async acquire(host: string): Promise<() => Promise<void>> {
    const token = randomUUID();
    const leases = `${this.prefix}:host:${host}:leases`;
    const last = `${this.prefix}:host:${host}:last`;
    const { concurrency, minDelayMs } = this.options.hosts?.[host] ?? this.options;
    for (;;) {
      const wait = Number(
        await this.redis.eval(ACQUIRE, 2, leases, last, Date.now(), concurrency, minDelayMs, token, LEASE_MS),
      );
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, MAX_WAIT_STEP_MS)));
    }
    return async () => {
      await this.redis.zrem(leases, token).catch(() => undefined);
    };
  }

  async blockedFor(host: string): Promise<number> {
    const ms = Math.max(0, await this.redis.pttl(`${this.prefix}:host:${host}:blocked`));
    if (ms > 0) this.waiting.add(host);
    return ms;
  }

  /** A host's Retry-After, shared by every worker: requests to it wait (the key expires on its own). */
  async block(host: string, ms: number): Promise<void> {
    const maxBlockMs = this.options.maxBlockMs ?? DEFAULT_MAX_BLOCK_MS;
    const capped = Math.round(Math.min(ms, maxBlockMs));
    if (capped <= 0) return;
    this.waiting.add(host);
    const now = Date.now();
    const [, began] = (await this.redis.multi()
      .set(`${this.prefix}:host:${host}:blocked`, '1', 'PX', capped)
      // The marker outlives the block (it goes when the host answers), but not for ever.
      .set(`${this.prefix}:host:${host}:waiting`, String(now), 'PX', capped + maxBlockMs, 'NX')
      .exec()) ?? [];
    if (began?.[1] === 'OK') {
      this.options.logger?.warn(
        { host, retry_after_s: Math.round(capped / 1000), until: new Date(now + capped).toISOString() },
        `fetch: ${host} asks to wait ${Math.round(capped / 1000)} s (Retry-After${capped < ms ? `, cut to fetch.maxRetryAfter from ${Math.round(ms / 1000)} s` : ''}); its pages wait until ${new Date(now + capped).toISOString()}, no attempts spent`,
      );
    }
  }

  /** The host answered (anything but a rate limit): if it had made us wait, it no longer does. */
  async answered(host: string): Promise<void> {
    if (!this.waiting.delete(host)) return;
    const began = await this.redis.getdel(`${this.prefix}:host:${host}:waiting`);
    if (began === null) return;
    const waitedS = Math.round((Date.now() - Number(began)) / 1000);
    this.options.logger?.info({ host, waited_s: waitedS }, `fetch: ${host} answers again after ${waitedS} s of waiting; its pages are fetched`);
  }
}
