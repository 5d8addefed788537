/**
 * Every queue declared once: its name, payload schema, retry/backoff/retention policy, and why.
 * A payload that fails its schema is an UnrecoverableError (failed at once, with the reason), never a
 * retry storm.
 */
import { Queue, UnrecoverableError, type JobsOptions, type QueueOptions, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { envValue, processEnv } from '../settings/env.js';

export const STAGES = ['poll', 'fetch', 'analyze', 'deliver'] as const;
export type Stage = (typeof STAGES)[number];

/** What the feed said about an item, kept small: the fallback when the page cannot be had. */
export const ItemPayload = z.object({
  title: z.string(),
  summary: z.string(),
  contentText: z.string(),
  published: z.string().nullable(),
  guid: z.string().nullable(),
  author: z.string().nullable(),
});
export type ItemPayload = z.infer<typeof ItemPayload>;

export const PollPayload = z
  .object({ feedId: z.string().min(1), /** Poll even if the feed is not due (run --once). */ force: z.boolean().optional() })
  .strict();
export const FetchPayload = z
  .object({
    key: z.string().min(1),
    feedId: z.string().min(1),
    url: z.string().nullable(),
    feedLanguage: z.string().nullable(),
    item: ItemPayload,
    /** Times the page's host answered 429/503 with Retry-After (jobs queued by earlier versions). */
    rateLimited: z.number().int().min(0).optional(),
    /** When (ms since the epoch) the page's host first asked to wait (Retry-After); it waits at most
     *  fetch.maxRetryAfter from then. */
    waitingSince: z.number().int().min(0).optional(),
    /** The article was analysed from the feed's text while the page waited for its host. */
    analysedFromFeed: z.boolean().optional(),
  })
  .strict();
export const AnalyzePayload = FetchPayload.extend({
  /** Redis key of the compressed page (null when the page could not be had). */
  pageBlob: z.string().nullable(),
  finalUrl: z.string().nullable(),
  contentLanguage: z.string().nullable(),
  /** Why the page was not used, e.g. "fetch: http://x/a: HTTP 404". */
  fetchError: z.string().nullable(),
  /** A Telegram post: its text (item.contentText) is the article, no page; an edit comes with a new hash. */
  telegram: z.object({ textHash: z.string().min(1), siteName: z.string().nullable() }).strict().optional(),
  /** The page of an article already stored from the feed's text: rewrite and re-tag it (new alerts only). */
  upgrade: z.boolean().optional(),
}).strict();
export const DeliverPayload = z.discriminatedUnion('kind', [
  /** New alerts to route to immediate subscriptions. */
  z.object({ kind: z.literal('alerts'), alertIds: z.array(z.number().int()) }).strict(),
  /** A scheduled digest of one subscription is due. */
  z.object({ kind: z.literal('digest'), subscription: z.string() }).strict(),
  /** Send one claimed delivery of the ledger through its channel (one job per subscription and channel). */
  z.object({ kind: z.literal('send'), deliveryId: z.number().int() }).strict(),
  /** Re-send one recorded delivery attempt (after its channel failed). */
  z.object({ kind: z.literal('resend'), deliveryId: z.number().int() }).strict(),
  /** The daily retention run (settings.retention.schedule): one scheduler, so once across every process. */
  z.object({ kind: z.literal('prune') }).strict(),
  /** Look for spikes of the rising rules and raise their alerts (src/trends/alerts.ts): one scheduler, every 5 minutes. */
  z.object({ kind: z.literal('rising') }).strict(),
]);

export type PollPayload = z.infer<typeof PollPayload>;
export type FetchPayload = z.infer<typeof FetchPayload>;
export type AnalyzePayload = z.infer<typeof AnalyzePayload>;
export type DeliverPayload = z.infer<typeof DeliverPayload>;

const SCHEMAS = { poll: PollPayload, fetch: FetchPayload, analyze: AnalyzePayload, deliver: DeliverPayload } as const;
export type PayloadOf<S extends Stage> = z.infer<(typeof SCHEMAS)[S]>;

interface QueueSpec {
  jobOptions: JobsOptions;
}

const DAY_S = 86_400;

/** Completed jobs are kept a day so a repeated job id within that day is a no-op (BullMQ dedups on id);
 *  the store's unique keys make it a no-op after that too. Failed jobs are kept a week for inspection. */
const RETENTION = { removeOnComplete: { age: DAY_S, count: 50_000 }, removeOnFail: { age: 7 * DAY_S, count: 50_000 } };

export const QUEUES: Record<Stage, QueueSpec> = {
  // A poll records fetch failures on the feed row (data, not exceptions); the next scheduled poll is its
  // retry. Attempts here cover the unexpected: the store or Redis briefly gone.
  poll: { jobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, ...RETENTION } },
  // A page that cannot be had after the last attempt is not lost: the feed's own content is analysed.
  fetch: { jobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, ...RETENTION } },
  // Analysis is deterministic; retries are for the store being briefly unreachable.
  analyze: { jobOptions: { attempts: 6, backoff: { type: 'exponential', delay: 1_000 }, ...RETENTION } },
  // Channels (SMTP, webhooks) fail for minutes at a time; back off longer, and keep failures visible.
  deliver: { jobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 5_000 }, ...RETENTION } },
};

/** Validate a job's payload against its queue's schema; a bad payload fails at once. */
export function parsePayload<S extends Stage>(stage: S, data: unknown): PayloadOf<S> {
  return checked(stage, data, `queues: bad ${stage} payload`);
}

/**
 * The same check before a job is added (src/queues/enqueue.ts): a bad payload is refused where it was
 * made, instead of reaching Redis as a job that fails later, in another process.
 */
export function refuseBadPayload(stage: Stage, data: unknown): void {
  checked(stage, data, `queues: refusing to enqueue a bad ${stage} payload`);
}

function checked<S extends Stage>(stage: S, data: unknown, what: string): PayloadOf<S> {
  const result = SCHEMAS[stage].safeParse(data);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
    throw new UnrecoverableError(`${what}: ${detail}`);
  }
  return result.data as PayloadOf<S>;
}

/**
 * Lock and stall settings, chosen for crash recovery (tested by test/reliability/chaos.test.ts):
 * - lockDuration 30 s: a worker renews its job locks every lockDuration/2. A worker killed with kill -9
 *   stops renewing; once the lock lapses, the next stalled check moves the job back to waiting, so a
 *   crashed worker's jobs resume within lockDuration + stalledInterval (45 s). An event-loop stall
 *   (an analyze of a page at the fetch cap, a GC pause) must last over 30 s to falsely "stall" a live
 *   job, and even then the second run is harmless: every hop is idempotent (job ids, unique keys).
 * - stalledInterval 15 s: half the lock, so recovery is not delayed by a whole extra lock period.
 * - maxStalledCount 3 (BullMQ's default is 1): one crash of a worker, or one Redis restart, must not
 *   fail a job for good (its article would be lost); a poison job that kills every worker it lands on
 *   still fails after three tries instead of crash-looping the fleet.
 * MEDIAMON_LOCK_DURATION_MS overrides lockDuration (stalledInterval follows at half): the chaos test
 * lowers it so recovery fits in its time budget; production keeps the default.
 */
export const WORKER_LOCKS: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> = {
  lockDuration: 30_000,
  stalledInterval: 15_000,
  maxStalledCount: 3,
};

/** WORKER_LOCKS, with MEDIAMON_LOCK_DURATION_MS applied (read when a worker starts, not at import). */
export function workerLocks(env: NodeJS.ProcessEnv = processEnv()): typeof WORKER_LOCKS {
  const lockDuration = envValue('MEDIAMON_LOCK_DURATION_MS', env);
  if (lockDuration === undefined) return WORKER_LOCKS;
  return { ...WORKER_LOCKS, lockDuration, stalledInterval: Math.round(lockDuration / 2) };
}

export interface QueueSet {
  prefix: string;
  queues: Record<Stage, Queue>;
  close(): Promise<void>;
}

/**
 * Open the four queues on one connection. A queue's errors (Redis gone) go to `onError`; without a
 * listener BullMQ would print each one's stack trace.
 */
export function openQueues(connection: Redis, prefix: string, onError: (error: Error) => void = () => undefined): QueueSet {
  const options = (stage: Stage): QueueOptions => ({ connection, prefix, defaultJobOptions: QUEUES[stage].jobOptions });
  const queues = Object.fromEntries(STAGES.map((stage) => [stage, new Queue(stage, options(stage)).on('error', onError)])) as Record<Stage, Queue>;
  return {
    prefix,
    queues,
    close: async () => {
      await Promise.allSettled(STAGES.map((stage) => queues[stage].close()));
    },
  };
}

/** Jobs not yet finished over every queue: waiting, active, prioritized, and delayed jobs that are
 *  retries (a scheduler's next tick is delayed too, but it is not unfinished work; nor is a page waiting
 *  for its host whose article is already stored from the feed's text: it only upgrades it later). */
export async function pendingJobs(set: QueueSet): Promise<number> {
  let total = 0;
  for (const stage of STAGES) {
    const queue = set.queues[stage];
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children', 'delayed');
    total += (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) + (counts['waiting-children'] ?? 0);
    if (counts.delayed) total += (await queue.getDelayed(0, -1)).filter((job) => !job.repeatJobKey && !(job.data as { analysedFromFeed?: boolean }).analysedFromFeed).length;
  }
  return total;
}
