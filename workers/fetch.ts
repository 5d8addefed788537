/**
 * The fetch worker: one article page per job. In a process that also runs the analyze stage (`mediamon
 * run`, or a host given both stages) the page is analysed and stored right here, in the same job: it
 * never travels through Redis. Elsewhere, or when that analysis fails (the store briefly gone, a thread
 * lost), the page goes to the analyze queue as a blob, under the same article key, as before.
 */
import { DelayedError } from 'bullmq';
import { parsePayload, type AnalyzePayload } from '../src/queues/index.js';
import { enqueue } from '../src/queues/enqueue.js';
import { analyzeJobId } from '../src/queues/ids.js';
import { isLastAttempt, startStageWorker } from '../src/queues/worker.js';
import { HostWait, feedTextPayload, fetchPage, handOff } from '../src/pipeline/fetch-page.js';
import { analyzeAndStore } from '../src/pipeline/store-article.js';
import { jobDeps, type Runtime } from '../src/pipeline/runtime.js';

export interface FetchWorkerOptions {
  /**
   * Analyse and store fetched pages in this process (it runs the analyze stage too): 'always', or
   * 'when-free' (only when one of its analysis threads is free; otherwise the page goes to the analyze
   * queue for the other processes, e.g. run's analyze children). Default: never.
   */
  analyzeHere?: 'always' | 'when-free';
}

export function startFetchWorker(rt: Runtime, concurrency: number, options: FetchWorkerOptions = {}) {
  return startStageWorker('fetch', { connection: rt.redis, prefix: rt.queues.prefix, concurrency, logger: rt.logger, redisState: rt.redisState }, async (job, log, token) => {
    const payload = parsePayload('fetch', job.data);
    const deps = jobDeps(rt, log);
    // The poll's priority carries over, so feeds interleave in analysis too (see enqueueNewItems).
    const priority = job.opts.priority ? { priority: job.opts.priority } : {};
    const analyzeJob = (next: AnalyzePayload) =>
      // An upgrade gets its own job id: the feed-text analysis already used the article's.
      enqueue(deps.queues, 'analyze', next, { jobId: analyzeJobId(payload.key, next.upgrade), ...priority });
    const fetched = await fetchPage(deps, payload, { lastAttempt: isLastAttempt(job) }).catch(async (error: unknown) => {
      if (!(error instanceof HostWait)) throw error;
      if (!token) throw error.fetchError;
      // The host said when to come back: wait until then without spending an attempt. A long wait has
      // the article analysed from the feed's text now; the page upgrades it when it comes.
      const { plan } = error;
      if (plan.feedTextNow) {
        const reason = `${error.message}; the page is fetched when the host allows`;
        await analyzeJob(feedTextPayload(payload, reason));
      }
      await job.updateData(plan.payload);
      await job.moveToDelayed(Date.now() + plan.delayMs, token);
      // One line per host state change comes from the politeness gate; per job, debug only.
      log.debug({ article_key: payload.key, delay_ms: plan.delayMs, feed_text_now: plan.feedTextNow }, 'fetch: host asked to wait, job delayed');
      throw new DelayedError();
    });
    if (!fetched) return { fallback: true, gaveUp: true };
    const outcome = { fallback: fetched.payload.fetchError !== null, upgrade: Boolean(fetched.payload.upgrade) };
    const here = options.analyzeHere === 'always' || (options.analyzeHere === 'when-free' && (rt.analysisThreads?.hasFreeThread() ?? true));
    if (here) {
      try {
        const saved = await analyzeAndStore(deps, fetched.payload, fetched.page ?? undefined);
        return { ...outcome, articleId: saved.articleId, created: saved.created, alerts: saved.alertIds.length };
      } catch (error) {
        // Stored or not, the analyze job finishes it: the store's unique keys make a second run a no-op.
        log.warn({ article_key: payload.key, feed_id: payload.feedId, err: (error as Error).message }, 'fetch: analysing the page here failed; handing it to the analyze queue');
      }
    }
    await analyzeJob(await handOff(deps, fetched));
    return outcome;
  });
}
