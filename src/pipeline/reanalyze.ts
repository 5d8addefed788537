/**
 * Re-analysing stored articles after a watchlist or rules change: re-tag the stored text (in its stored
 * language), replace the article's mentions, and add the alerts of rules that now fire. Alerts already
 * raised stay (they may have been delivered); running it twice adds nothing the second time.
 */
import type { Analyzer } from './analyze.js';
import type { Store } from '../store/index.js';
import { tagWithNarratives } from '../narratives/tag.js';

/** Articles read and re-tagged per batch. */
export const REANALYZE_BATCH = 200;

export interface ReanalyzeProgress {
  articles: number;
  mentions: number;
  newAlertIds: number[];
}

export async function reanalyze(
  store: Store,
  analyzer: Analyzer,
  since: string,
  onProgress: (progress: ReanalyzeProgress) => void = () => undefined,
): Promise<ReanalyzeProgress> {
  const progress: ReanalyzeProgress = { articles: 0, mentions: 0, newAlertIds: [] };
  let afterId = 0;
  for (;;) {
    const batch = await store.articlesSince(since, afterId, REANALYZE_BATCH);
    if (batch.length === 0) break;
    for (const article of batch) {
      const { mentions, hits, narratives } = tagWithNarratives({ title: article.title, text: article.text }, analyzer, {
        lang: article.lang, feedId: article.feedId, affiliation: analyzer.affiliations.get(article.feedId) ?? null,
      });
      progress.newAlertIds.push(...(await store.replaceAnalysis(article.id, mentions, hits, narratives)));
      progress.articles++;
      progress.mentions += mentions.length;
    }
    afterId = batch[batch.length - 1]!.id;
    onProgress(progress);
  }
  return progress;
}
