/**
 * An analysed article as the pipeline keeps it: what analysis reads from an analyze payload, the row
 * stored from the result, and the write. The analyze stage, `mediamon ingest --store` and the
 * straight-line benchmark all go through here, so an article is stored the same way whoever reads it.
 */
import type { AnalyzePayload } from '../queues/index.js';
import type { ArticleInput, SavedAnalysis, Store } from '../store/types.js';
import type { AnalysisInput, AnalysisResult } from './analyze.js';

/** What analysis reads for an analyze payload: the page (null: the feed's text), its URL, the feed item and the language hints. */
export function analysisInput(payload: AnalyzePayload, html: string | Uint8Array | null): AnalysisInput {
  return {
    html,
    url: payload.finalUrl ?? payload.url,
    feedId: payload.feedId,
    feed: payload.item,
    hints: [payload.contentLanguage, payload.feedLanguage],
  };
}

/** The stored row of an analysed article; `fetchError` says why the page was not used (kept only for a feed-fallback body). */
export function articleRecord(
  payload: Pick<AnalyzePayload, 'key' | 'feedId' | 'url' | 'finalUrl'>,
  result: AnalysisResult,
  fetchError: string | null,
): ArticleInput {
  const { article, language } = result;
  return {
    key: payload.key,
    feedId: payload.feedId,
    url: payload.finalUrl ?? payload.url,
    canonicalUrl: article.canonicalUrl,
    title: article.title,
    text: article.text,
    author: article.author,
    published: article.published,
    lang: language.lang,
    langConfidence: language.confidence,
    siteName: article.siteName,
    method: article.method,
    fetchError: article.method === 'feed-fallback' ? (fetchError ?? 'the page gave less text than the feed') : null,
  };
}

/**
 * Store an analysed article with its mentions, rule hits (the alerts) and narratives, once per key; an
 * upgrade (the page of an article first read from the feed's text) rewrites and re-tags it instead.
 */
export function storeAnalysis(
  store: Pick<Store, 'saveAnalysis' | 'updateAnalysis'>,
  payload: Pick<AnalyzePayload, 'key' | 'feedId' | 'url' | 'finalUrl' | 'upgrade'>,
  result: AnalysisResult,
  fetchError: string | null,
): Promise<SavedAnalysis> {
  const record = articleRecord(payload, result, fetchError);
  return payload.upgrade
    ? store.updateAnalysis(record, result.mentions, result.hits, result.narratives)
    : store.saveAnalysis(record, result.mentions, result.hits, result.narratives);
}
