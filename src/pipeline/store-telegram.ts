/**
 * The analyze stage for a Telegram post: its own text is the article (no page, method `telegram`).
 * The first time it is stored; an edit (a job with a new text hash) rewrites the stored article,
 * re-tags it, and only rule hits it did not have before become alerts.
 */
import type { Logger } from '../log.js';
import type { AnalyzePayload, QueueSet } from '../queues/index.js';
import { enqueue } from '../queues/enqueue.js';
import { alertsJobId } from '../queues/ids.js';
import type { ArticleInput, SavedAnalysis, Store } from '../store/types.js';
import { analyzeDocument, type Analyzer } from './analyze.js';
import { articleRecord } from './article-record.js';

/** What storing a Telegram post uses: the analyzer, the article store, the deliver queue, the job's log. */
export interface PostDeps {
  analyzer: Analyzer;
  store: Pick<Store, 'updateAnalysis' | 'alertIdsForArticle'>;
  queues: QueueSet;
  log: Logger;
}

export async function analyzeTelegramPost(deps: PostDeps, payload: AnalyzePayload & { telegram: NonNullable<AnalyzePayload['telegram']> }): Promise<SavedAnalysis> {
  const result = analyzeDocument(deps.analyzer, {
    html: null,
    text: payload.item.contentText,
    url: payload.url,
    feedId: payload.feedId,
    feed: payload.item,
    hints: [payload.feedLanguage],
  });
  // A post is its own page: its URL is canonical, the channel names the site, and there is no fetch to fail.
  const record: ArticleInput = { ...articleRecord(payload, result, null), canonicalUrl: payload.url, siteName: payload.telegram.siteName, method: 'telegram', fetchError: null };

  const saved = await deps.store.updateAnalysis(record, result.mentions, result.hits, result.narratives);
  // The same job again (a crash after the commit): re-announce the article's alerts; the delivery
  // ledger keeps each alert to one delivery per channel.
  const alertIds = saved.created || saved.updated ? saved.alertIds : await deps.store.alertIdsForArticle(saved.articleId);
  if (alertIds.length > 0) {
    // Keyed by the alerts themselves: an edit's new alerts never share a job id with earlier ones.
    await enqueue(deps.queues, 'deliver', { kind: 'alerts', alertIds }, { jobId: alertsJobId(payload.key, alertIds) });
  }
  deps.log.debug({ article_key: payload.key, feed_id: payload.feedId, lang: result.language.lang, alerts: saved.alertIds.length, created: saved.created, edited: Boolean(saved.updated) }, 'analyze: telegram post stored');
  return saved;
}
