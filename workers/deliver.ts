/** The deliver worker: immediate alerts and scheduled digests, through the delivery ledger. */
import { parsePayload } from '../src/queues/index.js';
import { isLastAttempt, startStageWorker } from '../src/queues/worker.js';
import type { DeliveryService } from '../src/delivery/index.js';
import { jobDeps, type Runtime } from '../src/pipeline/runtime.js';

export function startDeliverWorker(rt: Runtime, delivery: DeliveryService, concurrency: number) {
  return startStageWorker('deliver', { connection: rt.redis, prefix: rt.queues.prefix, concurrency, logger: rt.logger, redisState: rt.redisState }, async (job, log) => {
    await delivery.handle(jobDeps(rt, log), parsePayload('deliver', job.data), { lastAttempt: isLastAttempt(job) });
  });
}
