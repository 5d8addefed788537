/**
 * When a feed is really polled next. A feed's job scheduler ticks every `schedulerEvery` (the feed's
 * minimum interval); a tick polls only when the feed is due (its state's next_poll_at, pushed out by
 * adaptive polling and by error backoff). So the next poll is the first tick at or after the due time,
 * read from the scheduler BullMQ keeps in Redis.
 */
import { isSentinelUrl, sentinelOptions } from '../pipeline/redis-url.js';
import { feedSchedulerId } from '../queues/ids.js';
import { openQueues } from '../queues/index.js';
import { Redis } from 'ioredis';

/** How long `feeds list` waits for Redis before showing only the due times. */
const REDIS_TIMEOUT_MS = 3000;

export interface SchedulerTick {
  /** The scheduler's next tick (epoch ms). */
  next: number;
  /** Its period (ms). */
  every: number;
}

/** The first tick at or after `dueAt` (and not before `now`: an overdue tick runs as soon as a poll worker can). */
export function nextPollTime(tick: SchedulerTick, dueAt: number | null, now: number): number {
  const first = Math.max(tick.next, now);
  if (dueAt === null || dueAt <= first || tick.every <= 0) return first;
  return tick.next + Math.ceil((dueAt - tick.next) / tick.every) * tick.every;
}

/** The poll queue's feed schedulers by feed id, or the reason they could not be read. */
export async function readFeedTicks(redisUrl: string, prefix: string, feedIds: string[]): Promise<Map<string, SchedulerTick> | Error> {
  const options = { maxRetriesPerRequest: 1, connectTimeout: REDIS_TIMEOUT_MS, retryStrategy: () => null, lazyConnect: true };
  const redis = isSentinelUrl(redisUrl) ? new Redis({ ...sentinelOptions(redisUrl), ...options }) : new Redis(redisUrl, options);
  redis.on('error', () => {});
  let set: ReturnType<typeof openQueues> | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${REDIS_TIMEOUT_MS / 1000} s`)), REDIS_TIMEOUT_MS);
    });
    await Promise.race([redis.connect(), timeout]);
    set = openQueues(redis, prefix);
    const ticks = new Map<string, SchedulerTick>();
    for (const id of feedIds) {
      const scheduler = await Promise.race([set.queues.poll.getJobScheduler(feedSchedulerId(id)), timeout]);
      if (scheduler?.next !== undefined && scheduler.every) ticks.set(id, { next: Number(scheduler.next), every: Number(scheduler.every) });
    }
    return ticks;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    clearTimeout(timer);
    await set?.close();
    redis.disconnect();
  }
}
