/**
 * zod schemas for config/watchlist.yaml and config/rules.yaml. Every option is documented with its
 * default; unknown keys are rejected. Parse with {@link parseWatchlist} / {@link parseRules} (or the
 * schemas directly) once, in main(), then check cross-references with validateRuleRefs().
 */
import { z } from 'zod';
import { checkUniqueIds, kebabId } from '../settings/fields.js';
import { AffiliationSchema } from '../settings/source-fields.js';
import { guardProblem } from './guard-regex.js';

/** A regex option: must compile, and on the linear-time engine the matcher uses (see guard-regex.ts). */
const RegexString = z.string().min(1).superRefine((pattern, ctx) => {
  const problem = guardProblem(pattern);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

export const ENTRY_KINDS = ['person', 'organisation', 'place', 'keyword'] as const;

/** One surface form. A trailing `*` makes it a stem: it matches any word that begins with it. */
export const NameFormSchema = z.union([
  z.string().min(1),
  z.object({
    /** The form as written (cased: «Путин», «DPR»). */
    form: z.string().min(1),
    /** Match only when upper-case letters of the form are upper case in the text. Default: the entry's `caseSensitive`. */
    caseSensitive: z.boolean().optional(),
    /** Generate Russian/Ukrainian case forms. Default: true for ru/uk forms without `*`, ignored for other languages. */
    inflect: z.boolean().optional(),
  }).strict(),
]);

export const WatchlistEntrySchema = z.object({
  /** Stable id used by rules, alerts and the store (lower-case kebab-case). */
  id: kebabId,
  /** person | organisation | place | keyword (keyword groups: themes such as evacuation). */
  kind: z.enum(ENTRY_KINDS),
  /** Display name for digests and alerts. */
  name: z.string().min(1),
  /** Forms per language (ISO 639-1 → forms: names, aliases, abbreviations, transliterations). */
  names: z.record(z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639-1 code'), z.array(NameFormSchema).min(1)),
  /** Case-sensitive by default for every form of the entry (for names that are also common words). Default: false. Forms written in capitals (DPR, ДНР) are always case-sensitive. */
  caseSensitive: z.boolean().default(false),
  /** Phrases in any language that contain a form but are not this entry («Казанский кремль»); declined like forms. Default: []. */
  exclude: z.array(z.string().min(1)).default([]),
  /** Regexes (Unicode, case-insensitive) the text just before a match must not end with. Default: []. */
  notPrecededBy: z.array(RegexString).default([]),
  /** Regexes (Unicode, case-insensitive) the text just after a match must not start with. Default: []. */
  notFollowedBy: z.array(RegexString).default([]),
  /**
   * Words among this entry's names that are also ordinary words («пасечник*»: beekeeper; «путина»: the
   * fishing season); a trailing `*` makes a stem. Opening a sentence, where every word is capitalised,
   * such a word counts only with support: another mention of the entry, or a person, organisation or
   * place in the same sentence. Default: [].
   */
  commonWords: z.array(z.string().min(1)).default([]),
  /** Free-text notes for analysts. Default: none. */
  notes: z.string().optional(),
}).strict();

export const WatchlistSchema = z.object({
  /** Format version. Default: 1. */
  version: z.literal(1).default(1),
  /** The watched entries; ids must be unique. */
  entries: z.array(WatchlistEntrySchema),
}).strict().superRefine((w, ctx) => checkUniqueIds(w.entries, ctx, ['entries']));

/** A condition: an entry id (shorthand), `{entity}`, `{kind}`, `{narrative}` (config/narratives.yaml), or `{all}` / `{any}` / `{not}` of conditions. */
export type Condition =
  | string
  | { entity: string }
  | { kind: (typeof ENTRY_KINDS)[number] }
  | { narrative: string }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() => z.union([
  z.string().min(1),
  z.object({ entity: z.string().min(1) }).strict(),
  z.object({ kind: z.enum(ENTRY_KINDS) }).strict(),
  /** Holds when the text carries this narrative (decided before the rules run: src/narratives/rules.ts). */
  z.object({ narrative: z.string().min(1) }).strict(),
  z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
  z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
  z.object({ not: ConditionSchema }).strict(),
]));

export const ProximitySchema = z.object({
  /** Satisfied when the condition holds within one sentence. Default: true. */
  sentence: z.boolean().default(true),
  /** Satisfied when the condition holds within this many words of a mention. Default: none (sentence only). */
  words: z.number().int().positive().optional(),
}).strict();

/**
 * What a `type: rising` rule watches: exactly one series. `entity` is a watchlist entry (a keyword group
 * is an entry of kind keyword), or `'*'` for every entry, each its own series; `kind` is every entry of
 * that kind, each its own series; `rule`, `narrative`, `feed`, `affiliation` count the articles raising
 * that rule, carrying that narrative, from that feed or from sources of that affiliation.
 */
export const RisingWatchSchema = z.object({
  entity: z.string().min(1).optional(),
  kind: z.enum(ENTRY_KINDS).optional(),
  rule: z.string().min(1).optional(),
  narrative: z.string().min(1).optional(),
  feed: z.string().min(1).optional(),
  affiliation: AffiliationSchema.optional(),
}).strict().refine((w) => Object.values(w).filter((v) => v !== undefined).length === 1, {
  message: 'watch exactly one of entity (an entry id, or \'*\' for every entry), kind, rule, narrative, feed, affiliation',
});

export const RuleSchema = z.object({
  /** Stable rule id (alerts reference it; lower-case kebab-case). */
  id: kebabId,
  /**
   * match: fires on an article's text (the default); rising: fires when the count of what `watch` names
   * spikes above its usual level (src/trends), one alert per spike. Default: match.
   */
  type: z.enum(['match', 'rising']).optional(),
  /** rising: the series to watch (see RisingWatchSchema). Required for, and only for, `type: rising`. */
  watch: RisingWatchSchema.optional(),
  /** rising: hour or day buckets. Default: hour. */
  bucket: z.enum(['hour', 'day']).optional(),
  /** rising: standard deviations above the expected count. Default: 4 (src/trends/spikes.ts). */
  z: z.number().positive().optional(),
  /** rising: smallest count that may spike. Default: 5. */
  minCount: z.number().int().positive().optional(),
  /** rising: fewest distinct sources a spike needs. Default: 2. */
  minSources: z.number().int().positive().optional(),
  /** rising: how weekdays enter the baseline: weekday-scaled, hour-of-day or hour-of-week (src/trends/spikes.ts). Default: weekday-scaled. */
  baseline: z.enum(['weekday-scaled', 'hour-of-day', 'hour-of-week']).optional(),
  /** What the rule is for. Default: none. */
  description: z.string().optional(),
  /** immediate: alert at once; digest: collected into the next digest. Default: digest. */
  priority: z.enum(['immediate', 'digest']).default('digest'),
  /** The condition as one tree (a list is read as `all`). Either `when`, or `all` / `any` / `not` at rule level. */
  when: z.union([ConditionSchema, z.array(ConditionSchema).min(1)]).optional(),
  /** Conditions that must all hold. The rule's condition is all[] AND any[] AND NOT not (at least one of all / any). */
  all: z.array(ConditionSchema).min(1).optional(),
  /** Conditions of which at least one must hold. */
  any: z.array(ConditionSchema).min(1).optional(),
  /** A condition that must not hold. */
  not: ConditionSchema.optional(),
  /** When set, the condition must hold within one window (a sentence, or N words around a mention). Default: whole text. */
  proximity: ProximitySchema.optional(),
  /** Weight per entry id or per `kind:<kind>` for each evidence mention (EMM style). Default weight: 1. */
  weights: z.record(z.string(), z.number()).default({}),
  /** Minimum weighted score of the evidence mentions. Default: 0 (the condition alone decides). */
  threshold: z.number().default(0),
  /** Only for articles in these languages (ISO 639-1). Default: [] = every language. */
  languages: z.array(z.string()).default([]),
  /** Only for these feed ids. Default: [] = every feed. */
  feeds: z.array(z.string()).default([]),
  /** Only for articles from sources of these affiliations (feeds.yaml `affiliation`). Default: [] = every source. */
  affiliations: z.array(AffiliationSchema).default([]),
  /** Disabled rules never fire. Default: true. */
  enabled: z.boolean().default(true),
}).strict().superRefine((r, ctx) => {
  if (r.type === 'rising') {
    if (r.watch === undefined) ctx.addIssue({ code: 'custom', path: ['watch'], message: 'a rising rule needs `watch` (an entity, kind, rule, narrative, feed or affiliation)' });
    for (const key of ['when', 'all', 'any', 'not', 'proximity'] as const) {
      if (r[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `a rising rule counts articles over time; \`${key}\` belongs to text rules (type: match)` });
    }
    // Filters of text rules would be silently ignored here: `watch` says what is counted.
    for (const key of ['languages', 'feeds', 'affiliations'] as const) {
      if (r[key].length > 0) ctx.addIssue({ code: 'custom', path: [key], message: `a rising rule does not filter by \`${key}\`; watch a feed or an affiliation instead` });
    }
    if (Object.keys(r.weights).length > 0 || r.threshold !== 0) ctx.addIssue({ code: 'custom', path: [Object.keys(r.weights).length > 0 ? 'weights' : 'threshold'], message: 'a rising rule has no weights or threshold: use z, minCount, minSources' });
    return;
  }
  for (const key of ['watch', 'bucket', 'z', 'minCount', 'minSources', 'baseline'] as const) {
    if (r[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `\`${key}\` is for rising rules: add \`type: rising\`` });
  }
  if ((r.when !== undefined) === (r.all !== undefined || r.any !== undefined)) {
    ctx.addIssue({ code: 'custom', message: 'a rule needs either `when` or `all` / `any` (not both)' });
  }
});

/** A rule of `type: rising`. */
export const isRising = (rule: Rule): rule is Rule & { type: 'rising'; watch: RisingWatch } => rule.type === 'rising' && rule.watch !== undefined;

export const RulesSchema = z.object({
  /** Format version. Default: 1. */
  version: z.literal(1).default(1),
  rules: z.array(RuleSchema),
}).strict().superRefine((r, ctx) => checkUniqueIds(r.rules, ctx, ['rules']));

export type NameForm = z.infer<typeof NameFormSchema>;
export type WatchlistEntry = z.infer<typeof WatchlistEntrySchema>;
export type WatchlistConfig = z.infer<typeof WatchlistSchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type RisingWatch = z.infer<typeof RisingWatchSchema>;
export type RulesConfig = z.infer<typeof RulesSchema>;
