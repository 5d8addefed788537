/**
 * Tagging with narratives: the watchlist mentions, the narratives the text carries (which may use
 * those mentions), then the rules (whose `narrative:` conditions are decided by what was carried).
 */
import type { CompiledWatchlist } from '../tagging/compile.js';
import { tokenCache } from '../tagging/normalize.js';
import { evaluateRules, type RuleContext } from '../tagging/rules.js';
import { tagArticle, tagText, type ArticleText } from '../tagging/match.js';
import type { RulesConfig } from '../tagging/schema.js';
import type { Mention, NarrativeHit, RuleHit } from '../types.js';
import { detectNarratives, narrativeIds, type CompiledNarratives } from './match.js';
import { withNarratives } from './rules.js';

/**
 * The most characters of a text that tagging reads: about two million (a 1,000-page book). News articles,
 * live blogs and posts are hundreds of times shorter; only a hostile or broken page is longer, and reading
 * it all would hold a core for seconds (the 10 MB page of `bench:extract`: 3.1 s of tagging for its 9.5 M
 * characters, against 0.7 s for the first 2 M). Search engines cap what they analyse the same way
 * (Elasticsearch's highlighter reads the first 1,000,000 characters). The text is stored whole; only the
 * mentions, narratives and rules come from this prefix, cut at a space so no word is split.
 */
export const MAX_TAGGED_CHARS = 2 * 1024 * 1024;

/** The text tagging reads: all of it, or its first MAX_TAGGED_CHARS characters up to the last space. */
export function taggedPart(text: string, max = MAX_TAGGED_CHARS): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max);
  return text.slice(0, space >= max - 1000 ? space : max); // no word is longer than 1,000 characters
}

export interface TaggingParts {
  watchlist: CompiledWatchlist;
  rules: RulesConfig;
  narratives: CompiledNarratives | null;
}

/**
 * Mentions (of the title and the body when given both), narratives and rule hits of one text. Narratives
 * are read in the body, where claims are quoted and attributed, with the body's mentions.
 */
export function tagWithNarratives(
  input: string | ArticleText,
  parts: TaggingParts,
  context: Omit<RuleContext, 'watchlist' | 'tokenizer'>,
): { mentions: Mention[]; hits: RuleHit[]; narratives: NarrativeHit[] } {
  input = typeof input === 'string' ? taggedPart(input) : { ...input, text: taggedPart(input.text) };
  const text = typeof input === 'string' ? input : input.text;
  // The rules count words in the text tagging has just cut: one cache for both, for this text only.
  const tokenizer = tokenCache();
  const mentions = typeof input === 'string'
    ? tagText(input, parts.watchlist, { lang: context.lang, tokenizer })
    : tagArticle(input, parts.watchlist, { lang: context.lang, tokenizer });
  const bodyMentions = mentions.filter((m) => (m.field ?? 'body') === 'body');
  const narratives = parts.narratives ? detectNarratives(text, parts.narratives, bodyMentions) : [];
  const rules = withNarratives(parts.rules, narrativeIds(narratives));
  return { mentions, narratives, hits: evaluateRules(input, mentions, rules, { ...context, watchlist: parts.watchlist, tokenizer }) };
}
