/**
 * The analyze stage with persistence: read the page blob (or take the page in hand, when the fetch job
 * analyses it in the same process), analyse, store article + mentions + alerts in one transaction (once
 * per article key), then hand new alerts to delivery.
 */
import type { AnalyzePayload } from '../queues/index.js';
import { enqueue } from '../queues/enqueue.js';
import { alertsJobId } from '../queues/ids.js';
import type { SavedAnalysis, Store } from '../store/types.js';
import { analyzeDocument, type AnalysisResult } from './analyze.js';
import type { AnalysisThreads } from './analysis-threads.js';
import type { PageBlobs } from './page-blobs.js';
import { analyzeTelegramPost, type PostDeps } from './store-telegram.js';
import { analysisInput, storeAnalysis } from './article-record.js';

/**
 * What analysing and storing an article uses: the analyzer (in a thread when there are threads), the
 * page blobs, the article store, the deliver queue and the job's log.
 */
export interface AnalyzeDeps extends PostDeps {
  analysisThreads?: Pick<AnalysisThreads, 'analyze'>;
  store: Pick<Store, 'saveAnalysis' | 'updateAnalysis' | 'alertIdsForArticle'>;
  blobs: Pick<PageBlobs, 'get' | 'delete'>;
}

/**
 * `page`: the fetched page itself (decoded text, or bytes that are its UTF-8 encoding), when the fetch
 * job analyses in the same process; then `payload.pageBlob` is null and no blob is read.
 */
export async function analyzeAndStore(deps: AnalyzeDeps, payload: AnalyzePayload, page?: string | Uint8Array): Promise<SavedAnalysis> {
  if (payload.telegram) return analyzeTelegramPost(deps, { ...payload, telegram: payload.telegram });
  let html: string | Uint8Array | null = page ?? null;
  let fetchError = payload.fetchError;
  if (payload.pageBlob) {
    html = await deps.blobs.get(payload.pageBlob);
    if (html === null) fetchError = 'analyze: the fetched page expired before analysis';
  }
  const input = analysisInput(payload, html);
  // In a thread when the runtime has them, so that a long analysis never starves lock renewal.
  const result = deps.analysisThreads ? await deps.analysisThreads.analyze(deps.analyzer, input) : analyzeDocument(deps.analyzer, input);
  // The page of an article first read from the feed's text (its host made it wait) rewrites and re-tags
  // the stored article; only rules that did not fire on the feed's text add alerts.
  const saved = await storeAnalysis(deps.store, payload, result, fetchError);
  // A repeated job (a crash after the commit) re-announces the article's alerts under the same job id:
  // BullMQ drops the duplicate, and the delivery ledger keeps each alert to one delivery per channel.
  const alertIds = saved.created || saved.updated ? saved.alertIds : await deps.store.alertIdsForArticle(saved.articleId);
  if (alertIds.length > 0) {
    // An upgrade's alerts are keyed by themselves: never the job id of the feed-text analysis's alerts.
    await enqueue(deps.queues, 'deliver', { kind: 'alerts', alertIds }, { jobId: alertsJobId(payload.key, payload.upgrade ? alertIds : undefined) });
  }
  if (saved.updated) deps.log.info({ article_key: payload.key, feed_id: payload.feedId, new_alerts: saved.alertIds.length }, 'analyze: article read from the feed\'s text upgraded with its page');
  if (payload.pageBlob) await deps.blobs.delete(payload.pageBlob);
  if (saved.created) logImmediateAlerts(deps, payload, result);
  deps.log.debug({ article_key: payload.key, feed_id: payload.feedId, lang: result.language.lang, mentions: result.mentionCount, alerts: saved.alertIds.length, created: saved.created }, 'analyze: stored');
  return saved;
}

/** Every immediate alert as it is raised, for the operator watching `run` (or a worker's log). */
function logImmediateAlerts(deps: Pick<AnalyzeDeps, 'log'>, payload: AnalyzePayload, result: AnalysisResult): void {
  const url = payload.finalUrl ?? payload.url;
  const source = result.article.siteName ?? payload.feedId;
  for (const hit of result.hits.filter((h) => h.priority === 'immediate')) {
    deps.log.info(
      { alert_rule: hit.rule, feed_id: payload.feedId, article_key: payload.key, url },
      `alert: "${result.article.title ?? '(no title)'}" (rule ${hit.rule}; ${source}${url ? ` ${url}` : ''})`,
    );
  }
}
