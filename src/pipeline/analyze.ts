/**
 * The analyze stage as a plain function: extract the body, detect the language, tag the watchlist,
 * evaluate the rules. No Redis, no store: the worker, `mediamon ingest` and the benchmarks all call it.
 */
import type { Config } from '../config/load.js';
import { extractArticle, plainTextArticle } from '../extract/index.js';
import { detectLanguage } from '../language/index.js';
import { compileNarrativesOrNull, type CompiledNarratives } from '../narratives/match.js';
import { tagWithNarratives } from '../narratives/tag.js';
import { compileWatchlist, keepPerEntity, type CompiledWatchlist } from '../tagging/index.js';
import type { RulesConfig } from '../tagging/schema.js';
import { precisionOf, type ExtractedArticle, type LanguageResult, type Mention, type NarrativeHit, type RuleHit } from '../types.js';

/** The part of the config an analyzer is built from (plain data: it is sent to analysis threads). */
export interface AnalyzerSource {
  watchlist: Config['watchlist'];
  rules: RulesConfig;
  settings: { language: { candidates: string[] } };
  /** The sources' affiliations (for rules with `affiliations`). */
  feeds: { id: string; affiliation?: string }[];
  narratives?: Config['narratives'];
}

/** Everything analysis needs that is built once per process from the config. */
export interface Analyzer {
  watchlist: CompiledWatchlist;
  rules: RulesConfig;
  candidates: string[];
  /** Feed id -> the affiliation of the source (for rules with `affiliations`). */
  affiliations: ReadonlyMap<string, string>;
  /** Known narratives (config/narratives.yaml), or null when there are none. */
  narratives: CompiledNarratives | null;
  /** What it was built from, and a number that changes with it (analysis threads rebuild on a change). */
  source: AnalyzerSource;
  version: number;
}

let versions = 0;

export function createAnalyzer(config: Pick<Config, 'watchlist' | 'rules'> & {
  settings: { language: { candidates: string[] } };
  feeds?: readonly { id: string; affiliation?: string | undefined }[];
  narratives?: Config['narratives'];
}): Analyzer {
  const source: AnalyzerSource = {
    watchlist: config.watchlist, rules: config.rules, settings: { language: { candidates: config.settings.language.candidates } },
    feeds: (config.feeds ?? []).map((f) => ({ id: f.id, ...(f.affiliation ? { affiliation: f.affiliation } : {}) })),
    ...(config.narratives ? { narratives: config.narratives } : {}),
  };
  return {
    watchlist: compileWatchlist(config.watchlist),
    rules: config.rules,
    narratives: compileNarrativesOrNull(config.narratives),
    candidates: config.settings.language.candidates,
    affiliations: new Map((config.feeds ?? []).flatMap((f) => (f.affiliation ? [[f.id, f.affiliation] as const] : []))),
    source,
    version: ++versions,
  };
}

export interface AnalysisInput {
  /** The decoded page (or bytes that are its UTF-8 encoding: decoded where the analysis runs, in its
   *  thread), or null when it could not be had. */
  html: string | Uint8Array | null;
  /** Plain text to analyse as it is, instead of a page (`mediamon ingest FILE.txt`). Default: none. */
  text?: string;
  url: string | null;
  feedId: string;
  /** The feed item's own content: the fallback body. */
  feed: { title: string; summary: string; contentText: string; published: string | null; author: string | null } | null;
  /** Language hints from outside the page: HTTP Content-Language, the feed's <language>, config. */
  hints?: (string | null | undefined)[];
}

export interface AnalysisResult {
  article: ExtractedArticle;
  language: LanguageResult;
  /** The mentions to store: at most MENTIONS_KEPT_PER_ENTITY of each entry (rules saw them all). */
  mentions: Mention[];
  /** How many mentions the text has, before that cap. */
  mentionCount: number;
  hits: RuleHit[];
  /** The known narratives the body carries, with the sentence of each. */
  narratives: NarrativeHit[];
}

/**
 * Mentions stored per entry and article. A live blog repeating «Донецк» 15,000 times would otherwise
 * write 15,000 rows in the analyze transaction; rules and scores are computed on every mention first,
 * and which entries an article mentions does not change.
 */
export const MENTIONS_KEPT_PER_ENTITY = 500;

/** The feed's own text, when there is no page: title and content (or summary). */
function feedText(feed: NonNullable<AnalysisInput['feed']>): string {
  return (feed.contentText.trim() || feed.summary.trim());
}

const utf8 = new TextDecoder('utf-8');

export function analyzeDocument(analyzer: Analyzer, input: AnalysisInput): AnalysisResult {
  const feedContent = input.feed ? { html: '', text: feedText(input.feed) } : null;
  const html = typeof input.html === 'string' || input.html === null ? input.html : utf8.decode(input.html);
  const article = input.text !== undefined
    ? plainTextArticle(input.text)
    : html
      ? extractArticle(html, input.url, { feedContent })
      : fallbackArticle(input);
  // The feed knows things the page may not say in its markup.
  if (input.feed) {
    article.title ??= input.feed.title || null;
    article.published = moreExact(article.published, input.feed.published);
    article.author ??= input.feed.author;
  }
  const hints = [...article.langHints, ...(input.hints ?? [])].filter((h): h is string => Boolean(h));
  const language = detectLanguage(`${article.title ?? ''}\n\n${article.text}`, {
    hints,
    ...(analyzer.candidates.length ? { candidates: analyzer.candidates } : {}),
  });
  const { mentions, hits, narratives } = tagWithNarratives({ title: article.title, text: article.text }, analyzer, {
    lang: language.lang, feedId: input.feedId, affiliation: analyzer.affiliations.get(input.feedId) ?? null,
  });
  return { article, language, mentions: keepPerEntity(mentions, MENTIONS_KEPT_PER_ENTITY), mentionCount: mentions.length, hits, narratives };
}

/** The page's date, unless it is a date alone and the feed gives a time on that same day (or the page gives none). */
function moreExact(page: string | null, feed: string | null): string | null {
  if (page === null) return feed;
  return feed !== null && precisionOf(page) === 'day' && feed.slice(0, 10) === page.trim() ? feed : page;
}

function fallbackArticle(input: AnalysisInput): ExtractedArticle {
  return {
    title: input.feed?.title || null,
    text: input.feed ? feedText(input.feed) : '',
    author: input.feed?.author ?? null,
    published: input.feed?.published ?? null,
    modified: null,
    canonicalUrl: null,
    siteName: null,
    langHints: [],
    method: 'feed-fallback',
  };
}
