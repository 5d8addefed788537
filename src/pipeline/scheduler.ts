/**
 * Job schedulers (BullMQ upsertJobScheduler): one per feed, one per scheduled subscription, the daily
 * retention run and, when rules.yaml has rising rules, the spike check. Upsert
 * is idempotent, so any number of processes starting at once, or a restart, never multiply schedules;
 * schedulers of feeds and subscriptions no longer in the config are removed.
 */
import type { Config } from '../config/load.js';
import type { QueueSet } from '../queues/index.js';
import { schedule } from '../queues/enqueue.js';
import { DIGEST_SCHEDULER_PREFIX, FEED_SCHEDULER_PREFIX, PRUNE_SCHEDULER, RISING_SCHEDULER, digestSchedulerId, feedSchedulerId } from '../queues/ids.js';
import { sourceKind } from '../settings/schema.js';
import { schedulerEvery, telegramPolling } from './schedule.js';
import { RISING_EVERY_MS } from '../trends/alerts.js';
import { isRising } from '../tagging/schema.js';

export interface ScheduleSummary {
  feeds: number;
  /** Feeds whose scheduler was created now: BullMQ polls them at once (no extra poll needed). */
  newFeeds: string[];
  digests: number;
  removed: number;
}

export async function syncSchedules(config: Config, queues: QueueSet): Promise<ScheduleSummary> {
  const poll = queues.queues.poll;
  const deliver = queues.queues.deliver;
  const wantedFeeds = new Set<string>();
  const existing = new Set((await poll.getJobSchedulers(0, -1)).map((scheduler) => scheduler.key));
  const newFeeds: string[] = [];
  for (const feed of config.feeds.filter((f) => f.enabled)) {
    const id = feedSchedulerId(feed.id);
    wantedFeeds.add(id);
    if (!existing.has(id)) newFeeds.push(feed.id);
    const polling = sourceKind(feed) === 'telegram' ? telegramPolling(config.settings) : config.settings.polling;
    await schedule(queues, 'poll', id, { every: schedulerEvery(polling, feed.interval) }, { feedId: feed.id });
  }
  const wantedDigests = new Set<string>();
  for (const sub of config.subscriptions.filter((s) => s.schedule !== 'immediate')) {
    const id = digestSchedulerId(sub.id);
    wantedDigests.add(id);
    await schedule(queues, 'deliver', id, { pattern: sub.schedule, tz: sub.timezone }, { kind: 'digest', subscription: sub.id });
  }
  let removed = 0;
  if (config.settings.retention.schedule !== 'off') {
    await schedule(queues, 'deliver', PRUNE_SCHEDULER, { pattern: config.settings.retention.schedule, tz: 'UTC' }, { kind: 'prune' });
  } else if (await deliver.removeJobScheduler(PRUNE_SCHEDULER)) {
    removed++;
  }
  if (config.rules.rules.some((r) => isRising(r) && r.enabled)) {
    await schedule(queues, 'deliver', RISING_SCHEDULER, { every: RISING_EVERY_MS }, { kind: 'rising' });
  } else if (await deliver.removeJobScheduler(RISING_SCHEDULER)) {
    removed++;
  }
  for (const [queue, prefix, wanted] of [[poll, FEED_SCHEDULER_PREFIX, wantedFeeds], [deliver, DIGEST_SCHEDULER_PREFIX, wantedDigests]] as const) {
    for (const scheduler of await queue.getJobSchedulers(0, -1)) {
      const key = scheduler.key;
      if (key.startsWith(prefix) && !wanted.has(key)) {
        await queue.removeJobScheduler(key);
        removed++;
      }
    }
  }
  return { feeds: wantedFeeds.size, newFeeds, digests: wantedDigests.size, removed };
}
