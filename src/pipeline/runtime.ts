/**
 * The runtime a worker process shares between its jobs: the connections it owns (store, Redis, queues,
 * page blobs, analysis threads) and the snapshot of config, analyzer and HTTP client in force. Built
 * once in main(), closed once on shutdown. A job does not get the runtime: its worker builds the job's
 * dependencies ({@link jobDeps}) from the snapshot current when the job starts.
 */
import { Redis } from 'ioredis';
import type { Config } from '../config/load.js';
import { HttpClient, type Politeness } from '../fetch/http.js';
import { RedisPoliteness } from '../fetch/politeness.js';
import type { Logger } from '../log.js';
import { openQueues, type QueueSet } from '../queues/index.js';
import { RedisState } from '../queues/redis-state.js';
import { openStore, type Store } from '../store/index.js';
import type { FeedSync } from '../store/types.js';
import { createAnalyzer, type Analyzer } from './analyze.js';
import { AnalysisThreads } from './analysis-threads.js';
import { PageBlobs } from './page-blobs.js';
import { isSentinelUrl, sentinelOptions } from './redis-url.js';

export { DEFAULT_REDIS_URL } from '../settings/env.js';

/**
 * What a config reload replaces, together and frozen: a job that read one snapshot sees one config,
 * the analyzer built from it and the HTTP client made for it, however long it runs.
 */
export interface Snapshot {
  readonly config: Config;
  readonly analyzer: Analyzer;
  readonly http: HttpClient;
}

export function snapshot(config: Config, analyzer: Analyzer, http: HttpClient): Snapshot {
  return Object.freeze({ config, analyzer, http });
}

export interface Runtime {
  /** The snapshot in force. Only a reload (src/cli/reload.ts) assigns it, in one assignment. */
  current: Snapshot;
  readonly store: Store;
  /** Commands (blobs, politeness, queue adds); workers get their own blocking connections. */
  readonly redis: Redis;
  /** Whether this process reaches Redis; every connection and worker reports to it (one line a change). */
  readonly redisState: RedisState;
  readonly redisUrl: string;
  readonly queues: QueueSet;
  readonly blobs: PageBlobs;
  /** Where analyze jobs run analyzeDocument, off the event loop (see analysis-threads.ts); none: in line. */
  readonly analysisThreads?: AnalysisThreads;
  /** The process's logger; a job logs through its own child logger (its `log` in {@link JobDeps}). */
  readonly logger: Logger;
  close(): Promise<void>;
}

/**
 * Everything a job of any stage may be given, from one snapshot. Each stage declares the part it uses
 * (PollDeps, FetchDeps, AnalyzeDeps, DeliverDeps) and can reach nothing else.
 */
export interface JobDeps extends Snapshot {
  readonly store: Store;
  readonly queues: QueueSet;
  readonly blobs: PageBlobs;
  readonly analysisThreads?: AnalysisThreads;
  /** The job's child logger (its queue and job id on every line). */
  readonly log: Logger;
}

/** A job's dependencies: the snapshot current now (kept for the whole job), the connections, its logger. */
export function jobDeps(rt: Runtime, log: Logger): JobDeps {
  const { config, analyzer, http } = rt.current;
  const threads = rt.analysisThreads ? { analysisThreads: rt.analysisThreads } : {};
  return Object.freeze({ config, analyzer, http, store: rt.store, queues: rt.queues, blobs: rt.blobs, ...threads, log });
}

export interface RuntimeOptions {
  redisUrl: string;
  databaseUrl: string;
  logger: Logger;
  /** Queue prefix; default settings.queues.prefix (loadConfig applied MEDIAMON_QUEUE_PREFIX to it). */
  prefix?: string;
}

/**
 * An ioredis connection as BullMQ wants it (no per-command retry limit: workers block). Its errors and
 * recoveries go to `state` (one log line per change), or a new RedisState on `logger`.
 */
export function connectRedis(url: string, logger?: Logger, state: RedisState = new RedisState(logger)): Redis {
  const options = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false };
  const redis = isSentinelUrl(url) ? new Redis({ ...sentinelOptions(url), ...options }) : new Redis(url, options);
  redis.on('error', (error) => state.failed(error));
  redis.on('ready', () => state.ready());
  return redis;
}

export function userAgent(config: Config): string {
  return config.settings.fetch.userAgent.replace('{contact}', config.settings.fetch.contact);
}

/** The HTTP client the config describes (politeness is shared through Redis in workers). */
export function createHttpClient(config: Config, politeness?: Politeness): HttpClient {
  const fetchSettings = config.settings.fetch;
  return new HttpClient({
    timeoutMs: fetchSettings.timeout,
    maxBytes: fetchSettings.maxBytes,
    maxRedirects: fetchSettings.maxRedirects,
    userAgent: userAgent(config),
    allowHosts: fetchSettings.allowHosts,
    ...(politeness ? { politeness } : {}),
  });
}

/** Telegram's preview host gets one request at a time, `telegram.requestGap` apart, across every worker. */
export function telegramPoliteness(config: Config): Record<string, { concurrency: number; minDelayMs: number }> {
  const host = new URL(config.settings.telegram.baseUrl).host;
  return { [host]: { concurrency: 1, minDelayMs: Math.max(config.settings.telegram.requestGap, config.settings.fetch.perHostDelay) } };
}

/**
 * The HTTP client of a worker process: per-host politeness shared through Redis under `prefix` (the
 * fetch settings' limits, Telegram's stricter one, waits capped at fetch.maxRetryAfter). A reload builds
 * its new client here too, so a reloaded process keeps Telegram's one-at-a-time limit and the wait cap.
 */
export function politeHttpClient(config: Config, redis: Redis, prefix: string, logger: Logger): HttpClient {
  const { perHostConcurrency, perHostDelay, maxRetryAfter } = config.settings.fetch;
  const hosts = telegramPoliteness(config);
  return createHttpClient(config, new RedisPoliteness(redis, prefix, { concurrency: perHostConcurrency, minDelayMs: perHostDelay, hosts, maxBlockMs: maxRetryAfter, logger }));
}

/** A worker started while PostgreSQL is briefly away waits for it (as it does for Redis) instead of exiting. */
const STORE_STARTUP_WAIT_MS = 60_000;
const STORE_RETRY_MS = 2_000;

async function openStoreWaiting(url: string, logger: Logger): Promise<Store> {
  const deadline = Date.now() + STORE_STARTUP_WAIT_MS;
  for (;;) {
    try {
      return await openStore(url);
    } catch (error) {
      // SQLite problems (a bad path) do not heal by waiting; a PostgreSQL server may be restarting.
      if (!url.startsWith('postgres') || Date.now() > deadline) throw error;
      logger.warn({ err: (error as Error).message }, 'store: not reachable yet, retrying');
      await new Promise((resolve) => setTimeout(resolve, STORE_RETRY_MS));
    }
  }
}

/** The feed rows syncFeeds records for the configured sources: URL, title and registry keys. */
export function feedRows(feeds: Config['feeds']): FeedSync[] {
  return feeds.map((f) => ({ id: f.id, url: f.url, title: f.title ?? null, affiliation: f.affiliation ?? null, country: f.country ?? null, owner: f.owner ?? null }));
}

/**
 * The store's feed rows follow the config: every configured feed has one; feeds no longer configured
 * are marked removed (their articles stay; they leave /metrics and the failing counts). Returns the ids
 * newly marked removed.
 */
export async function syncFeedRows(store: Store, config: Config): Promise<string[]> {
  await store.syncFeeds(feedRows(config.feeds));
  return store.retireFeeds(config.feeds.map((f) => f.id));
}

export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const store = await openStoreWaiting(options.databaseUrl, options.logger);
  const redisState = new RedisState(options.logger);
  const redis = connectRedis(options.redisUrl, options.logger, redisState);
  const prefix = options.prefix ?? config.settings.queues.prefix;
  const http = politeHttpClient(config, redis, prefix, options.logger);
  const queues = openQueues(redis, prefix, (error) => (RedisState.isConnectionError(error) ? redisState.failed(error) : options.logger.warn({ err: error.message }, 'queues: error')));
  const removed = await syncFeedRows(store, config);
  if (removed.length) options.logger.info({ feeds: removed }, `store: ${removed.length} feed(s) no longer in the config marked removed (their articles stay): ${removed.join(', ')}`);
  const analysisThreads = new AnalysisThreads(config.settings.queues.concurrency.analyze, options.logger);
  const rt: Runtime = {
    current: snapshot(config, createAnalyzer(config), http),
    store,
    redis,
    redisState,
    redisUrl: options.redisUrl,
    queues,
    blobs: new PageBlobs(redis, prefix),
    analysisThreads,
    logger: options.logger,
    close: async () => {
      // The client in force: a reload closes the ones it replaced itself.
      await Promise.allSettled([queues.close(), rt.current.http.close(), analysisThreads.close()]);
      await Promise.allSettled([store.close(), redis.quit()]);
    },
  };
  return rt;
}
