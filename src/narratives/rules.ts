/**
 * Rules that require a narrative (`narrative: ukraine-aggressive` as a condition). Whether a text
 * carries a narrative is known before the rules run, so each such condition is replaced by a constant
 * (`{all: []}` holds, `{any: []}` does not) and the rules are evaluated as usual: the rule engine needs
 * no knowledge of narratives.
 */
import type { Condition, Rule, RulesConfig } from '../tagging/schema.js';

const TRUE: Condition = { all: [] };
const FALSE: Condition = { any: [] };

function resolve(cond: Condition, carried: ReadonlySet<string>): Condition {
  if (typeof cond === 'string' || 'entity' in cond || 'kind' in cond) return cond;
  if ('narrative' in cond) return carried.has(cond.narrative) ? TRUE : FALSE;
  if ('not' in cond) return { not: resolve(cond.not, carried) };
  if ('all' in cond) return { all: cond.all.map((c) => resolve(c, carried)) };
  return { any: cond.any.map((c) => resolve(c, carried)) };
}

function mentionsNarrative(cond: Condition): boolean {
  if (typeof cond === 'string' || 'entity' in cond || 'kind' in cond) return false;
  if ('narrative' in cond) return true;
  if ('not' in cond) return mentionsNarrative(cond.not);
  return ('all' in cond ? cond.all : cond.any).some(mentionsNarrative);
}

function ruleConditions(rule: Rule): Condition[] {
  const when = rule.when === undefined ? [] : Array.isArray(rule.when) ? rule.when : [rule.when];
  return [...when, ...(rule.all ?? []), ...(rule.any ?? []), ...(rule.not ? [rule.not] : [])];
}

/** The rules with every `narrative:` condition decided for a text carrying `carried`. */
export function withNarratives(rules: RulesConfig, carried: Iterable<string>): RulesConfig {
  if (!rules.rules.some((r) => ruleConditions(r).some(mentionsNarrative))) return rules;
  const set = new Set(carried);
  const map = (list: Condition[] | undefined) => list?.map((c) => resolve(c, set));
  return {
    ...rules,
    rules: rules.rules.map((r) => ({
      ...r,
      ...(r.when !== undefined ? { when: Array.isArray(r.when) ? map(r.when)! : resolve(r.when, set) } : {}),
      ...(r.all ? { all: map(r.all)! } : {}),
      ...(r.any ? { any: map(r.any)! } : {}),
      ...(r.not ? { not: resolve(r.not, set) } : {}),
    })),
  };
}

/** The narrative ids rules name, with their key paths, for config checks. */
export function narrativeRefs(rules: RulesConfig): { path: string; narrative: string }[] {
  const out: { path: string; narrative: string }[] = [];
  const walk = (cond: Condition, path: string) => {
    if (typeof cond === 'string' || 'entity' in cond || 'kind' in cond) return;
    if ('narrative' in cond) out.push({ path: `${path}.narrative`, narrative: cond.narrative });
    else if ('not' in cond) walk(cond.not, `${path}.not`);
    else if ('all' in cond) cond.all.forEach((c, i) => walk(c, `${path}.all[${i}]`));
    else cond.any.forEach((c, i) => walk(c, `${path}.any[${i}]`));
  };
  rules.rules.forEach((rule, i) => {
    if (Array.isArray(rule.when)) rule.when.forEach((c, k) => walk(c, `rules[${i}].when[${k}]`));
    else if (rule.when !== undefined) walk(rule.when, `rules[${i}].when`);
    rule.all?.forEach((c, k) => walk(c, `rules[${i}].all[${k}]`));
    rule.any?.forEach((c, k) => walk(c, `rules[${i}].any[${k}]`));
    if (rule.not !== undefined) walk(rule.not, `rules[${i}].not`);
    if (rule.watch?.narrative !== undefined) out.push({ path: `rules[${i}].watch.narrative`, narrative: rule.watch.narrative });
  });
  return out;
}
