/**
 * The analyze stage for a Telegram post: its own text is the article (no page, method `telegram`).
 * The first time it is stored; an edit (a job with a new text hash) rewrites the stored article,
 * re-tags it, and only rule hits it did not have before become alerts.
 */
import type { AnalyzePayload } from '../queues/index.js';
import { enqueue } from '../queues/enqueue.js';
import { alertsJobId } from '../queues/ids.js';
import type { ArticleInput, SavedAnalysis } from '../store/types.js';
import { analyzeDocument } from './analyze.js';
import { articleRecord } from './article-record.js';
import type { Runtime } from './runtime.js';

export async function analyzeTelegramPost(rt: Runtime, payload: AnalyzePayload & { telegram: NonNullable<AnalyzePayload['telegram']> }): Promise<SavedAnalysis> {
  const result = analyzeDocument(rt.analyzer, {
    html: null,
    text: payload.item.contentText,
    url: payload.url,
    feedId: payload.feedId,
    feed: payload.item,
    hints: [payload.feedLanguage],
  });
  // A post is its own page: its URL is canonical, the channel names the site, and there is no fetch to fail.
  const record: ArticleInput = { ...articleRecord(payload, result, null), canonicalUrl: payload.url, siteName: payload.telegram.siteName, method: 'telegram', fetchError: null };

  const saved = await rt.store.updateAnalysis(record, result.mentions, result.hits, result.narratives);
  // The same job again (a crash after the commit): re-announce the article's alerts; the delivery
  // ledger keeps each alert to one delivery per channel.
  const alertIds = saved.created || saved.updated ? saved.alertIds : await rt.store.alertIdsForArticle(saved.articleId);
  if (alertIds.length > 0) {
    // Keyed by the alerts themselves: an edit's new alerts never share a job id with earlier ones.
    await enqueue(rt.queues, 'deliver', { kind: 'alerts', alertIds }, { jobId: alertsJobId(payload.key, alertIds) });
  }
  rt.logger.debug({ article_key: payload.key, feed_id: payload.feedId, lang: result.language.lang, alerts: saved.alertIds.length, created: saved.created, edited: Boolean(saved.updated) }, 'analyze: telegram post stored');
  return saved;
}
