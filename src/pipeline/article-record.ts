import type { AnalyzePayload } from '../queues/index.js';
import type { ArticleInput } from '../store/types.js';
import type { AnalysisResult } from './analyze.js';

/** The stored row of an analysed article: the page and Telegram analyze stages and the straight-line benchmark. */
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
