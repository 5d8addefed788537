/** The fetch worker: one article page per job, then an analyze job under the same article key. */
import { jobId, parsePayload } from '../src/queues/index.js';
import { isLastAttempt, startStageWorker } from '../src/queues/worker.js';
import { fetchPage } from '../src/pipeline/fetch-page.js';
import type { Runtime } from '../src/pipeline/runtime.js';

export function startFetchWorker(rt: Runtime, concurrency: number) {
  return startStageWorker('fetch', { connection: rt.redis, prefix: rt.queues.prefix, concurrency, logger: rt.logger }, async (job) => {
    const payload = parsePayload('fetch', job.data);
    const next = await fetchPage(rt, payload, { lastAttempt: isLastAttempt(job) });
    await rt.queues.queues.analyze.add('analyze', next, { jobId: jobId('a', payload.key) });
    return { fallback: next.fetchError !== null };
  });
}
