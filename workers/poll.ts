/** The poll worker: one feed per job. */
import { parsePayload } from '../src/queues/index.js';
import { startStageWorker } from '../src/queues/worker.js';
import { pollFeed } from '../src/pipeline/poll.js';
import { jobDeps, type Runtime } from '../src/pipeline/runtime.js';

export function startPollWorker(rt: Runtime, concurrency: number) {
  return startStageWorker('poll', { connection: rt.redis, prefix: rt.queues.prefix, concurrency, logger: rt.logger, redisState: rt.redisState }, async (job, log) => {
    const { feedId, force } = parsePayload('poll', job.data);
    return pollFeed(jobDeps(rt, log), feedId, { force });
  });
}
