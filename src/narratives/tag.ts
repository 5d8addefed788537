/**
 * Tagging with narratives: the watchlist mentions, the narratives the text carries (which may use
 * those mentions), then the rules (whose `narrative:` conditions are decided by what was carried).
 */
import type { CompiledWatchlist } from '../tagging/compile.js';
import { evaluateRules, type RuleContext } from '../tagging/rules.js';
import { tagArticle, tagText, type ArticleText } from '../tagging/match.js';
import type { RulesConfig } from '../tagging/schema.js';
import type { Mention, NarrativeHit, RuleHit } from '../types.js';
import { detectNarratives, narrativeIds, type CompiledNarratives } from './match.js';
import { withNarratives } from './rules.js';

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
  context: Omit<RuleContext, 'watchlist'>,
): { mentions: Mention[]; hits: RuleHit[]; narratives: NarrativeHit[] } {
  const text = typeof input === 'string' ? input : input.text;
  const mentions = typeof input === 'string'
    ? tagText(input, parts.watchlist, { lang: context.lang })
    : tagArticle(input, parts.watchlist, { lang: context.lang });
  const bodyMentions = mentions.filter((m) => (m.field ?? 'body') === 'body');
  const narratives = parts.narratives ? detectNarratives(text, parts.narratives, bodyMentions) : [];
  const rules = withNarratives(parts.rules, narrativeIds(narratives));
  return { mentions, narratives, hits: evaluateRules(input, mentions, rules, { ...context, watchlist: parts.watchlist }) };
}
