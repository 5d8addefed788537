/** The fetch worker: one article page per job, then an analyze job under the same article key. */
import { jobId, parsePayload } from '../src/queues/index.js';
import { isLastAttempt, startStageWorker } from '../src/queues/worker.js';
import { DelayedError } from 'bullmq';
import { FetchError } from '../src/fetch/errors.js';
import { fetchPage, shouldWaitForHost } from '../src/pipeline/fetch-page.js';
import type { Runtime } from '../src/pipeline/runtime.js';

export function startFetchWorker(rt: Runtime, concurrency: number) {
  return startStageWorker('fetch', { connection: rt.redis, prefix: rt.queues.prefix, concurrency, logger: rt.logger }, async (job, log, token) => {
    const payload = parsePayload('fetch', job.data);
    const next = await fetchPage(rt, payload, { lastAttempt: isLastAttempt(job) }).catch(async (error: unknown) => {
      if (!(error instanceof FetchError && shouldWaitForHost(error, payload) && token)) throw error;
      // The host said when to come back: wait until then without spending an attempt.
      await job.updateData({ ...payload, rateLimited: (payload.rateLimited ?? 0) + 1 });
      await job.moveToDelayed(Date.now() + error.details.retryAfterMs!, token);
      log.info({ article_key: payload.key, retry_after_ms: error.details.retryAfterMs }, 'fetch: host rate-limited, job delayed');
      throw new DelayedError();
    });
    // The poll's priority carries over, so feeds interleave in analysis too (see enqueueNewItems).
    await rt.queues.queues.analyze.add('analyze', next, { jobId: jobId('a', payload.key), ...(job.opts.priority ? { priority: job.opts.priority } : {}) });
    return { fallback: next.fetchError !== null };
  });
}
