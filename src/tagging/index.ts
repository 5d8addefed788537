/**
 * Watchlist tagging and rules. Typical use (config loaded once, by loadConfig in src/config/load.ts):
 *
 *   const { watchlist, rules } = loadConfig(configDir);          // or parseWatchlist/parseRules
 *   const compiled = compileWatchlist(watchlist);                 // once
 *   const tokenizer = tokenCache();                               // one per article: its text is cut once
 *   const mentions = tagArticle({ title, text }, compiled, { tokenizer });   // or tagText(text, compiled, ...)
 *   const hits = evaluateRules({ title, text }, mentions, rules, { lang, feedId, watchlist: compiled, tokenizer });
 *
 * or both at once: tagAndEvaluate({ title, text }, compiled, rules, { lang, feedId }).
 */
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { Mention, RuleHit } from '../types.js';
import type { CompiledWatchlist } from './compile.js';
import { tagArticle, tagText, type ArticleText } from './match.js';
import { tokenCache } from './normalize.js';
import { evaluateRules, type RuleContext } from './rules.js';
import { RulesSchema, WatchlistSchema, type RulesConfig, type WatchlistConfig } from './schema.js';

export { compileWatchlist, type CompiledEntry, type CompiledWatchlist } from './compile.js';
export { declineForm } from './declension.js';
export { tagArticle, tagText, snippetAround, type ArticleText, type TagOptions } from './match.js';
export { normalizeWord, tokenCache, tokenize, type Token, type Tokenizer } from './normalize.js';
export { evaluateRules, keepPerEntity, validateRuleRefs, type RuleContext } from './rules.js';
export * from './schema.js';

/**
 * Tags a text, or an article's title and body, and evaluates the rules in one call: `mentions`
 * ({entity, start, end, text}, offsets into `text`; for an article, `field` says whether they point
 * into the title or the body) and `hits` (the rules that fire). `mediamon tag` prints
 * `{id, lang, mentions, rules: hits.map((h) => h.rule)}`.
 */
export function tagAndEvaluate(
  input: string | ArticleText,
  compiled: CompiledWatchlist,
  rules: RulesConfig,
  context: Omit<RuleContext, 'watchlist' | 'tokenizer'>,
): { mentions: Mention[]; hits: RuleHit[] } {
  // The rules count words in the text tagging has just cut: one cache for both, for this text only.
  const tokenizer = tokenCache();
  const mentions = typeof input === 'string' ? tagText(input, compiled, { lang: context.lang, tokenizer }) : tagArticle(input, compiled, { lang: context.lang, tokenizer });
  return { mentions, hits: evaluateRules(input, mentions, rules, { ...context, watchlist: compiled, tokenizer }) };
}

function formatIssues(file: string, error: z.ZodError): string {
  return error.issues.map((i) => `${file}: ${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)'}: ${i.message}`).join('\n');
}

function parseWith<T>(schema: z.ZodType<T>, yamlText: string, file: string): T {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (err) {
    throw new Error(`tagging: ${file}: invalid YAML: ${(err as Error).message}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new Error(`tagging: invalid config\n${formatIssues(file, result.error)}`);
  return result.data;
}

/** Parses and validates watchlist YAML; throws `tagging: ...` naming the file and key path. */
export function parseWatchlist(yamlText: string, file = 'watchlist.yaml'): WatchlistConfig {
  return parseWith(WatchlistSchema as unknown as z.ZodType<WatchlistConfig>, yamlText, file);
}

/** Parses and validates rules YAML; throws `tagging: ...` naming the file and key path. */
export function parseRules(yamlText: string, file = 'rules.yaml'): RulesConfig {
  return parseWith(RulesSchema as unknown as z.ZodType<RulesConfig>, yamlText, file);
}
