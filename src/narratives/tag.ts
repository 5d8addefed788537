/**
 * Tagging with narratives: the watchlist mentions, the narratives the text carries (which may use
 * those mentions), then the rules (whose `narrative:` conditions are decided by what was carried).
 */
import type { CompiledWatchlist } from '../tagging/compile.js';
import { evaluateRules, type RuleContext } from '../tagging/rules.js';
import { tagText } from '../tagging/match.js';
import type { RulesConfig } from '../tagging/schema.js';
import type { Mention, NarrativeHit, RuleHit } from '../types.js';
import { detectNarratives, narrativeIds, type CompiledNarratives } from './match.js';
import { withNarratives } from './rules.js';

export interface TaggingParts {
  watchlist: CompiledWatchlist;
  rules: RulesConfig;
  narratives: CompiledNarratives | null;
}

/** Mentions, narratives and rule hits of one text. */
export function tagWithNarratives(
  text: string,
  parts: TaggingParts,
  context: Omit<RuleContext, 'watchlist'>,
): { mentions: Mention[]; hits: RuleHit[]; narratives: NarrativeHit[] } {
  const mentions = tagText(text, parts.watchlist, { lang: context.lang });
  const narratives = parts.narratives ? detectNarratives(text, parts.narratives, mentions) : [];
  const rules = withNarratives(parts.rules, narrativeIds(narratives));
  return { mentions, narratives, hits: evaluateRules(text, mentions, rules, { ...context, watchlist: parts.watchlist }) };
}
