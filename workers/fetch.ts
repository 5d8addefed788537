/** The fetch worker: one article page per job, then an analyze job under the same article key. */
import { DelayedError } from 'bullmq';
import { jobId, parsePayload } from '../src/queues/index.js';
import { isLastAttempt, startStageWorker } from '../src/queues/worker.js';
import { FetchError } from '../src/fetch/errors.js';
import { feedTextPayload, fetchPage, hostWaitLimits, planHostWait } from '../src/pipeline/fetch-page.js';
import type { Runtime } from '../src/pipeline/runtime.js';

export function startFetchWorker(rt: Runtime, concurrency: number) {
  return startStageWorker('fetch', { connection: rt.redis, prefix: rt.queues.prefix, concurrency, logger: rt.logger, redisState: rt.redisState }, async (job, log, token) => {
    const payload = parsePayload('fetch', job.data);
    // The poll's priority carries over, so feeds interleave in analysis too (see enqueueNewItems).
    const priority = job.opts.priority ? { priority: job.opts.priority } : {};
    const next = await fetchPage(rt, payload, { lastAttempt: isLastAttempt(job) }).catch(async (error: unknown) => {
      const plan = error instanceof FetchError && token ? planHostWait(error, payload, hostWaitLimits(rt), Date.now()) : null;
      if (!plan) throw error;
      // The host said when to come back: wait until then without spending an attempt. A long wait has
      // the article analysed from the feed's text now; the page upgrades it when it comes.
      if (plan.feedTextNow) {
        const reason = `${(error as Error).message}; the page is fetched when the host allows`;
        await rt.queues.queues.analyze.add('analyze', feedTextPayload(payload, reason), { jobId: jobId('a', payload.key), ...priority });
      }
      await job.updateData(plan.payload);
      await job.moveToDelayed(Date.now() + plan.delayMs, token);
      // One line per host state change comes from the politeness gate; per job, debug only.
      log.debug({ article_key: payload.key, delay_ms: plan.delayMs, feed_text_now: plan.feedTextNow }, 'fetch: host asked to wait, job delayed');
      throw new DelayedError();
    });
    if (!next) return { fallback: true, gaveUp: true };
    // An upgrade gets its own job id: the feed-text analysis already used the article's.
    await rt.queues.queues.analyze.add('analyze', next, { jobId: jobId('a', next.upgrade ? `${payload.key}#page` : payload.key), ...priority });
    return { fallback: next.fetchError !== null, upgrade: Boolean(next.upgrade) };
  });
}
