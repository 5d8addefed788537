/**
 * `mediamon feeds poll`: queue a poll of each feed now, then wait for each job's result (up to a
 * timeout) and say what happened: polled N items, M new / not modified / skipped: why / failed: why.
 * Without a poll worker on the queues it says so at once instead of waiting.
 */
import { Job } from 'bullmq';
import type { Config } from '../config/load.js';
import { connectRedis } from '../pipeline/runtime.js';
import type { PollOutcome } from '../pipeline/poll.js';
import { openQueues, type QueueSet } from '../queues/index.js';
import { enqueueBulk } from '../queues/enqueue.js';
import { nowPollJobId } from '../queues/ids.js';
import { environment, EXIT_FAILURE } from './context.js';

/** How long to wait for the polls' results. */
const WAIT_MS = 60_000;
const CHECK_MS = 250;
/** A worker that had not yet reloaded a feed just added skips it; ask again after it follows the change. */
const NOT_YET_RETRY_MS = 3_000;

type Result = { kind: 'done'; outcome: PollOutcome } | { kind: 'failed'; reason: string } | { kind: 'waiting'; state: string };

async function waitFor(queues: QueueSet, id: string, deadline: number): Promise<Result> {
  for (;;) {
    const job = await Job.fromId(queues.queues.poll, id);
    if (!job) return { kind: 'failed', reason: 'the job is gone from the queue' };
    if (job.finishedOn && job.failedReason && !job.returnvalue) {
      if (job.attemptsMade >= (job.opts.attempts ?? 1)) return { kind: 'failed', reason: job.failedReason };
    } else if (job.finishedOn) return { kind: 'done', outcome: job.returnvalue as PollOutcome };
    if (Date.now() > deadline) return { kind: 'waiting', state: await job.getState() };
    await new Promise((resolve) => setTimeout(resolve, CHECK_MS));
  }
}

function describe(feedId: string, result: Result): { line: string; ok: boolean } {
  if (result.kind === 'failed') return { line: `${feedId}: failed: ${result.reason}`, ok: false };
  if (result.kind === 'waiting') return { line: `${feedId}: no result after ${WAIT_MS / 1000} s (job ${result.state}); see \`mediamon queues status\``, ok: false };
  const o = result.outcome;
  switch (o.status) {
    case 'ok':
      return { line: `${feedId}: polled ${o.items ?? '?'} items, ${o.newItems} new (queued for fetching)`, ok: true };
    case 'not-modified':
      return { line: `${feedId}: polled: not modified since the last poll (HTTP 304)`, ok: true };
    case 'unchanged':
      return { line: `${feedId}: polled: unchanged since the last poll`, ok: true };
    case 'skipped':
      return { line: `${feedId}: skipped: ${o.error ?? 'not due'}`, ok: false };
    case 'error':
      return { line: `${feedId}: failed: ${o.error}`, ok: false };
  }
}

async function enqueue(queues: QueueSet, feedIds: string[]): Promise<Map<string, string>> {
  const stamp = Date.now();
  const ids = new Map(feedIds.map((feedId) => [feedId, nowPollJobId(feedId, stamp)]));
  await enqueueBulk(queues, 'poll', feedIds.map((feedId) => ({ payload: { feedId, force: true }, jobId: ids.get(feedId)! })));
  return ids;
}

export async function pollAndReport(config: Config, feedIds: string[]): Promise<void> {
  const redis = connectRedis(environment().redisUrl);
  const queues = openQueues(redis, config.settings.queues.prefix);
  try {
    const jobs = await enqueue(queues, feedIds);
    if ((await queues.queues.poll.getWorkers()).length === 0) {
      process.stdout.write(`queued a poll of ${feedIds.length} feed(s); no poll worker is running: start \`mediamon run\` (or \`mediamon worker poll\`) and they run then\n`);
      return;
    }
    process.stderr.write(`polling ${feedIds.length} feed(s)...\n`);
    const deadline = Date.now() + WAIT_MS;
    let results = await Promise.all(feedIds.map(async (feedId) => [feedId, await waitFor(queues, jobs.get(feedId)!, deadline)] as const));
    const notYet = results.filter(([, r]) => r.kind === 'done' && r.outcome.status === 'skipped' && r.outcome.error === 'not in config').map(([id]) => id);
    if (notYet.length) {
      await new Promise((resolve) => setTimeout(resolve, NOT_YET_RETRY_MS));
      const again = await enqueue(queues, notYet);
      const retried = new Map(await Promise.all(notYet.map(async (feedId) => [feedId, await waitFor(queues, again.get(feedId)!, deadline)] as const)));
      results = results.map(([id, r]) => [id, retried.get(id) ?? r] as const);
    }
    let failed = 0;
    for (const [feedId, result] of results) {
      const { line, ok } = describe(feedId, result);
      if (!ok) failed++;
      process.stdout.write(`${line}\n`);
    }
    if (failed) process.exitCode = EXIT_FAILURE;
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
