/**
 * The analyze stage with persistence: read the page blob (or take the page in hand, when the fetch job
 * analyses it in the same process), analyse, store article + mentions + alerts in one transaction (once
 * per article key), then hand new alerts to delivery.
 */
import type { AnalyzePayload } from '../queues/index.js';
import { enqueue } from '../queues/enqueue.js';
import { alertsJobId } from '../queues/ids.js';
import type { ArticleInput, SavedAnalysis } from '../store/types.js';
import { analyzeDocument, type AnalysisResult } from './analyze.js';
import type { Runtime } from './runtime.js';
import { analyzeTelegramPost } from './store-telegram.js';
import { analysisInput, storeAnalysis } from './article-record.js';

/**
 * `page`: the fetched page itself (decoded text, or bytes that are its UTF-8 encoding), when the fetch
 * job analyses in the same process; then `payload.pageBlob` is null and no blob is read.
 */
export async function analyzeAndStore(rt: Runtime, payload: AnalyzePayload, page?: string | Uint8Array): Promise<SavedAnalysis> {
  if (payload.telegram) return analyzeTelegramPost(rt, { ...payload, telegram: payload.telegram });
  let html: string | Uint8Array | null = page ?? null;
  let fetchError = payload.fetchError;
  if (payload.pageBlob) {
    html = await rt.blobs.get(payload.pageBlob);
    if (html === null) fetchError = 'analyze: the fetched page expired before analysis';
  }
  const input = analysisInput(payload, html);
  // In a thread when the runtime has them, so that a long analysis never starves lock renewal.
  const result = rt.analysisThreads ? await rt.analysisThreads.analyze(rt.analyzer, input) : analyzeDocument(rt.analyzer, input);
  // The page of an article first read from the feed's text (its host made it wait) rewrites and re-tags
  // the stored article; only rules that did not fire on the feed's text add alerts.
  const saved = await storeAnalysis(rt.store, payload, result, fetchError);
  // A repeated job (a crash after the commit) re-announces the article's alerts under the same job id:
  // BullMQ drops the duplicate, and the delivery ledger keeps each alert to one delivery per channel.
  const alertIds = saved.created || saved.updated ? saved.alertIds : await rt.store.alertIdsForArticle(saved.articleId);
  if (alertIds.length > 0) {
    // An upgrade's alerts are keyed by themselves: never the job id of the feed-text analysis's alerts.
    await enqueue(rt.queues, 'deliver', { kind: 'alerts', alertIds }, { jobId: alertsJobId(payload.key, payload.upgrade ? alertIds : undefined) });
  }
  if (saved.updated) rt.logger.info({ article_key: payload.key, feed_id: payload.feedId, new_alerts: saved.alertIds.length }, 'analyze: article read from the feed\'s text upgraded with its page');
  if (payload.pageBlob) await rt.blobs.delete(payload.pageBlob);
  if (saved.created) logImmediateAlerts(rt, payload, result);
  rt.logger.debug({ article_key: payload.key, feed_id: payload.feedId, lang: result.language.lang, mentions: result.mentionCount, alerts: saved.alertIds.length, created: saved.created }, 'analyze: stored');
  return saved;
}

/** Every immediate alert as it is raised, for the operator watching `run` (or a worker's log). */
function logImmediateAlerts(rt: Runtime, payload: AnalyzePayload, result: AnalysisResult): void {
  const url = payload.finalUrl ?? payload.url;
  const source = result.article.siteName ?? payload.feedId;
  for (const hit of result.hits.filter((h) => h.priority === 'immediate')) {
    rt.logger.info(
      { alert_rule: hit.rule, feed_id: payload.feedId, article_key: payload.key, url },
      `alert: "${result.article.title ?? '(no title)'}" (rule ${hit.rule}; ${source}${url ? ` ${url}` : ''})`,
    );
  }
}
