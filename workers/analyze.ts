/** The analyze worker: extract, detect language, tag, apply rules, store (CPU-bound: concurrency near the core count). */
import { parsePayload } from '../src/queues/index.js';
import { startStageWorker } from '../src/queues/worker.js';
import { analyzeAndStore } from '../src/pipeline/store-article.js';
import { jobDeps, type Runtime } from '../src/pipeline/runtime.js';

export function startAnalyzeWorker(rt: Runtime, concurrency: number) {
  rt.analysisThreads?.warm();
  return startStageWorker('analyze', { connection: rt.redis, prefix: rt.queues.prefix, concurrency, logger: rt.logger, redisState: rt.redisState }, async (job, log) => {
    const saved = await analyzeAndStore(jobDeps(rt, log), parsePayload('analyze', job.data));
    return { articleId: saved.articleId, created: saved.created, alerts: saved.alertIds.length };
  });
}
