/**
 * The straight-line rate: the analyze stage's own functions (analyzeDocument: extract + language + tag
 * + rules, then store.saveAnalysis) called in this one process on the site's pages, with no queues,
 * Redis or HTTP. It is the ceiling the pipeline is measured against. A second pass on a sample times
 * each step on its own.
 */
import type { Config } from '../../../src/config/load.js';
import { extractArticle } from '../../../src/extract/index.js';
import { detectLanguage } from '../../../src/language/index.js';
import { analyzeDocument, createAnalyzer } from '../../../src/pipeline/analyze.js';
import { articleRecord } from '../../../src/pipeline/article-record.js';
import { openStore } from '../../../src/store/index.js';
import { detectNarratives } from '../../../src/narratives/match.js';
import { evaluateRules, tagText, tokenCache } from '../../../src/tagging/index.js';
import { round } from '../harness.js';
import { feedItemOf, type NewsSite } from './site.js';

/** Articles analysed (not counted) before the clock starts, so the JIT is warm as in a long-lived worker. */
const WARMUP = 40;
/** Articles in the per-step pass. */
const STEP_SAMPLE = 300;
const FEED_LANGUAGE = 'en';

export interface StraightResult {
  articles: number;
  alerts: number;
  seconds: number;
  articles_per_s: number;
  /** Mean ms per article of each step (sample pass) and of the store (main pass); `stories` is the
   *  part of `store` spent assigning stories, `narratives` the part of analysis finding narratives. */
  ms_per_article: { extract: number; language: number; tag_rules: number; narratives: number; store: number; stories: number; total: number };
  /** CPU ms an article of story assignment (main pass) and of narrative detection (sample pass). */
  cpu_ms: { stories: number; narratives: number };
  /** Stories and narratives over the straight line's CPU ms an article (trends cost nothing per article: counted when asked). */
  stories_narratives_share: number;
  cpu_ms_per_article: number;
}

export async function runStraightLine(site: NewsSite, config: Config, databaseUrl: string): Promise<StraightResult> {
  const analyzer = createAnalyzer(config);
  const store = await openStore(databaseUrl);
  await store.syncFeeds(site.feedUrls.map((url, f) => ({ id: `bench-${f}`, url })));
  const input = (a: (typeof site.articles)[number]) => ({
    html: site.htmlOf(a), url: a.link, feedId: `bench-${a.feeds[0]}`, feed: feedItemOf(a), hints: [null, FEED_LANGUAGE],
  });
  try {
    for (const a of site.articles.slice(0, WARMUP)) analyzeDocument(analyzer, input(a));
    let alerts = 0;
    let storeMs = 0;
    const stories0 = store.storyCost();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const a of site.articles) {
      const doc = input(a);
      const result = analyzeDocument(analyzer, doc);
      const s0 = performance.now();
      const saved = await store.saveAnalysis(articleRecord({ key: a.key, feedId: doc.feedId, url: a.link, finalUrl: a.link }, result, null), result.mentions, result.hits);
      storeMs += performance.now() - s0;
      alerts += saved.alertIds.length;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const n = site.articles.length;
    const steps = stepTimes(site, analyzer);
    const stories1 = store.storyCost();
    const storiesMs = (stories1.ms - stories0.ms) / n;
    const storiesCpu = (stories1.cpuMs - stories0.cpuMs) / n;
    const totalMs = (seconds * 1000) / n;
    const totalCpu = (cpu.user + cpu.system) / 1000 / n;
    return {
      articles: n,
      alerts,
      seconds: round(seconds, 2),
      articles_per_s: round(n / seconds),
      ms_per_article: { extract: steps.extract, language: steps.language, tag_rules: steps.tag_rules, narratives: steps.narratives, store: round(storeMs / n, 2), stories: round(storiesMs, 3), total: round(totalMs, 2) },
      cpu_ms: { stories: round(storiesCpu, 3), narratives: round(steps.narrativesCpu, 3) },
      stories_narratives_share: round((storiesCpu + steps.narrativesCpu) / totalCpu, 3),
      cpu_ms_per_article: round((cpu.user + cpu.system) / 1000 / n, 2),
    };
  } finally {
    await store.close();
  }
}

/** Each step of analyzeDocument timed on its own, over a sample of the pages. */
function stepTimes(site: NewsSite, analyzer: ReturnType<typeof createAnalyzer>): { extract: number; language: number; tag_rules: number; narratives: number; narrativesCpu: number } {
  const sample = site.articles.slice(0, Math.min(STEP_SAMPLE, site.articles.length));
  let extract = 0;
  let language = 0;
  let tag = 0;
  let narratives = 0;
  let narrativesCpu = 0;
  for (const a of sample) {
    const html = site.htmlOf(a);
    const t0 = performance.now();
    const article = extractArticle(html, a.link, { feedContent: { html: '', text: feedItemOf(a).contentText } });
    const t1 = performance.now();
    const lang = detectLanguage(`${article.title ?? ''}\n\n${article.text}`, { hints: [...article.langHints, FEED_LANGUAGE], ...(analyzer.candidates.length ? { candidates: analyzer.candidates } : {}) });
    const t2 = performance.now();
    const tokenizer = tokenCache();
    const mentions = tagText(article.text, analyzer.watchlist, { lang: lang.lang, tokenizer });
    evaluateRules(article.text, mentions, analyzer.rules, { lang: lang.lang, feedId: 'bench-0', watchlist: analyzer.watchlist, tokenizer });
    const t3 = performance.now();
    const c3 = process.cpuUsage();
    if (analyzer.narratives) detectNarratives(article.text, analyzer.narratives, mentions);
    const c4 = process.cpuUsage(c3);
    const t4 = performance.now();
    narrativesCpu += (c4.user + c4.system) / 1000;
    extract += t1 - t0;
    language += t2 - t1;
    tag += t3 - t2;
    narratives += t4 - t3;
  }
  const n = sample.length;
  return { extract: round(extract / n, 2), language: round(language / n, 3), tag_rules: round(tag / n, 2), narratives: round(narratives / n, 3), narrativesCpu: narrativesCpu / n };
}
