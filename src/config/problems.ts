/**
 * Config problems as a person reads them: `watchlist.yaml: entries[kremlin].notPrecededBy[1]: ...`
 * (the entry's id rather than its position), and the cross-file checks run on whatever parts of the
 * files are valid, so one `config check` reports every problem of every file.
 */
import type { FeedConfig } from '../settings/schema.js';
import { RuleSchema, type Rule, type RulesConfig, type WatchlistConfig } from '../tagging/schema.js';
import { validateRuleRefs } from '../tagging/index.js';
import { SubscriptionSchema, validateSubscriptionRefs, type SubscriptionsConfig } from '../delivery/schema.js';

/** A problem line: `file.yaml: key.path[3].more: message`. */
const PROBLEM_RE = /^([\w.-]+\.ya?ml): ([^\s:]+): /;
const PATH_TOKEN_RE = /([^.[\]]+)|\[(\d+)\]/g;
/** Ids shown in place of positions: short, no spaces or brackets. */
const SHOWABLE_ID_RE = /^[\w.-]{1,80}$/;

function objectOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The items of `raw[key]` when it is a list, else []. */
export function rawList(raw: unknown, key: string): unknown[] {
  const list = objectOf(raw)?.[key];
  return Array.isArray(list) ? list : [];
}

/** The string ids of a raw list's items. */
export function rawIds(list: unknown[]): string[] {
  return list.map((item) => objectOf(item)?.id).filter((id): id is string => typeof id === 'string');
}

/** The id to show for item `index` of `list`: its own, when it has one no other item shares. */
function showableId(list: unknown[], index: number): string | null {
  const id = objectOf(list[index])?.id;
  if (typeof id !== 'string' || !SHOWABLE_ID_RE.test(id)) return null;
  return rawIds(list).filter((other) => other === id).length === 1 ? id : null;
}

/** Rewrite `entries[12]` as `entries[kremlin]` in a problem line, walking the file's raw content. */
export function withEntryIds(problem: string, raws: ReadonlyMap<string, unknown>): string {
  const match = PROBLEM_RE.exec(problem);
  if (!match || !raws.has(match[1]!)) return problem;
  let node: unknown = raws.get(match[1]!);
  const rawPath = match[2]!;
  const keyPath = rawPath.replace(PATH_TOKEN_RE, (token, key: string | undefined, index: string | undefined, offset: number) => {
    if (key !== undefined) {
      node = objectOf(node)?.[key];
      return token;
    }
    const list = Array.isArray(node) ? node : [];
    node = list[Number(index)];
    // A problem with the id itself (a duplicate, a bad one) keeps the position: the id would not tell.
    if (rawPath.slice(offset + token.length) === '.id') return token;
    const id = showableId(list, Number(index));
    return id ? `[${id}]` : token;
  });
  return `${match[1]}: ${keyPath}: ${problem.slice(match[0].length)}`;
}

/** What the cross-file checks need, from parsed files when valid, else from their raw content. */
export interface CrossInputs {
  raws: ReadonlyMap<string, unknown>;
  feeds?: FeedConfig[];
  watchlist?: WatchlistConfig;
  rules?: RulesConfig;
  subscriptions?: SubscriptionsConfig;
}

/** Lists standing in for a file's parsed content when only its ids are needed. */
const idsOnly = (ids: string[]) => ids.map((id) => ({ id }));

/**
 * Rules naming unknown entries, subscriptions naming unknown rules, entries or feeds. A file that did
 * not validate still lends its ids (so a rule naming an entry with a bad regex is not "unknown"), and
 * its items that validate on their own are still checked.
 */
export function crossFileProblems(inputs: CrossInputs): string[] {
  const raw = (file: string) => inputs.raws.get(file);
  const entryIds = inputs.watchlist?.entries.map((e) => e.id) ?? rawIds(rawList(raw('watchlist.yaml'), 'entries'));
  const ruleIds = inputs.rules?.rules.map((r) => r.id) ?? rawIds(rawList(raw('rules.yaml'), 'rules'));
  const feedIds = inputs.feeds?.map((f) => f.id) ?? rawIds(rawList(raw('feeds.yaml'), 'feeds'));
  // The checks read nothing but ids from the files they check against.
  const watchlist = { version: 1, entries: idsOnly(entryIds) } as unknown as WatchlistConfig;
  const problems: string[] = [];
  if (objectOf(raw('watchlist.yaml'))) {
    const rules = inputs.rules?.rules ?? rawList(raw('rules.yaml'), 'rules').map((r) => RuleSchema.safeParse(r).data);
    rules.forEach((rule, i) => {
      if (!rule) return;
      for (const p of validateRuleRefs(watchlist, { version: 1, rules: [rule] })) problems.push(p.replace('rules.yaml: rules[0]', `rules.yaml: rules[${i}]`));
    });
  }
  problems.push(...risingProblems(inputs.rules?.rules ?? rawList(raw('rules.yaml'), 'rules').map((r) => RuleSchema.safeParse(r).data), feedIds));
  const known = { rules: { version: 1, rules: idsOnly(ruleIds) } as unknown as RulesConfig, watchlist, feeds: idsOnly(feedIds) as FeedConfig[] };
  if (inputs.subscriptions) problems.push(...validateSubscriptionRefs(inputs.subscriptions, known));
  else {
    rawList(raw('subscriptions.yaml'), 'subscriptions').forEach((item, i) => {
      const sub = SubscriptionSchema.safeParse(item).data;
      if (!sub) return;
      for (const p of validateSubscriptionRefs([sub], known)) problems.push(p.replace('subscriptions[0]', `subscriptions[${i}]`));
    });
  }
  return problems;
}

/** A rising rule watching a rule must name a text rule of rules.yaml; one watching a feed, a configured feed. */
function risingProblems(rules: (Rule | undefined)[], feedIds: string[]): string[] {
  const textRules = new Set(rules.filter((r): r is Rule => r !== undefined && r.type !== 'rising').map((r) => r.id));
  const feeds = new Set(feedIds);
  const problems: string[] = [];
  rules.forEach((rule, i) => {
    if (rule?.type !== 'rising' || !rule.watch) return;
    if (rule.watch.rule !== undefined && !textRules.has(rule.watch.rule)) problems.push(`rules.yaml: rules[${i}].watch.rule: unknown rule '${rule.watch.rule}' (a rising rule watches a text rule of rules.yaml)`);
    if (rule.watch.feed !== undefined && !feeds.has(rule.watch.feed)) problems.push(`rules.yaml: rules[${i}].watch.feed: unknown feed '${rule.watch.feed}'`);
  });
  return problems;
}
