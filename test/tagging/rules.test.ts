import { describe, expect, it } from 'vitest';
import {
  RulesSchema, compileWatchlist, evaluateRules, parseRules, parseWatchlist, tagText, tokenCache, validateRuleRefs,
  type RulesConfig,
} from '../../src/tagging/index.js';
import { compiled, config } from './helpers.js';

const fire = (text: string, lang = 'ru', rules: RulesConfig = config.rules): string[] =>
  evaluateRules(text, tagText(text, compiled), rules, { lang, watchlist: compiled }).map((h) => h.rule);

describe('shipped rules', () => {
  const CASES: Array<[string, string, string, boolean]> = [
    ['donbas-evacuation', 'ru', 'Глава ДНР объявил эвакуацию жителей в Ростовскую область.', true],
    ['donbas-evacuation', 'uk', 'Пушилін оголосив евакуацію мешканців до Росії.', true],
    ['donbas-evacuation', 'en', 'Pasechnik ordered an evacuation of civilians.', true],
    ['donbas-evacuation', 'ru', 'В Донбассе тихо. ' + 'Слово '.repeat(40) + 'В Бразилии началась эвакуация.', false],
    ['donbas-evacuation', 'en', 'Flooding forced the evacuation of a town in Bavaria.', false],
    ['false-flag', 'ru', 'В Кремле заявили, что это была инсценировка.', true],
    ['false-flag', 'uk', 'Розвідка попереджає про провокацію під чужим прапором на Донбасі.', true],
    ['false-flag', 'en', 'The film used a false flag plot twist.', false],
  ];
  it.each(CASES)('%s (%s) on %j → %s', (rule, lang, text, expected) => {
    expect(fire(text, lang).includes(rule)).toBe(expected);
  });
});

describe('rule semantics', () => {
  const rules = (spec: unknown): RulesConfig => RulesSchema.parse({ rules: [spec] });

  it('`when` holds the same condition as one tree', () => {
    const r = rules({ id: 'r', when: ['evacuation', { not: 'kremlin' }] });
    expect(fire('Эвакуация началась.', 'ru', r)).toEqual(['r']);
    expect(fire('В Кремле обсудили эвакуацию.', 'ru', r)).toEqual([]);
    const bad = parseRules('rules:\n  - {id: a, when: [nope]}\n');
    expect(validateRuleRefs(config.watchlist, bad)).toEqual(["rules.yaml: rules[0].when[0]: unknown entity 'nope'"]);
  });

  it('not: suppresses a rule', () => {
    const r = rules({ id: 'r', all: ['evacuation'], not: 'kremlin' });
    expect(fire('Эвакуация началась.', 'ru', r)).toEqual(['r']);
    expect(fire('В Кремле обсудили эвакуацию.', 'ru', r)).toEqual([]);
  });

  it('proximity by words', () => {
    const r = rules({ id: 'r', all: ['evacuation', 'dpr'], proximity: { sentence: false, words: 5 } });
    expect(fire('ДНР объявила эвакуацию.', 'ru', r)).toEqual(['r']);
    expect(fire('ДНР ' + 'и '.repeat(10) + 'эвакуация.', 'ru', r)).toEqual([]);
  });

  it('weights, threshold and the score', () => {
    const r = rules({ id: 'r', any: ['putin', 'peskov'], weights: { putin: 2, 'kind:person': 1 }, threshold: 3 });
    expect(fire('Путин выступил.', 'ru', r)).toEqual([]);
    const text = 'Путин выступил, Песков пояснил.';
    const [hit] = evaluateRules(text, tagText(text, compiled), r, { lang: 'ru', watchlist: compiled });
    expect(hit).toMatchObject({ rule: 'r', score: 3, priority: 'digest' });
    expect(hit?.mentions.map((m) => m.entity)).toEqual(['putin', 'peskov']);
  });

  it('a token cache the caller shares between tagText and the rules cuts the text once and changes no hit', () => {
    const r = rules({ id: 'near', all: ['putin', 'peskov'], proximity: { sentence: false, words: 5 } });
    const text = 'Путин и Песков выступили. Путин говорил долго, а потом ' + 'слово '.repeat(20) + 'Песков.';
    const tokenizer = tokenCache();
    const ms = tagText(text, compiled, { tokenizer });
    expect(tokenizer(text)).toBe(tokenizer(text));
    const hits = evaluateRules(text, ms, r, { lang: 'ru', watchlist: compiled, tokenizer });
    expect(hits.map((h) => h.rule)).toEqual(['near']);
    expect(hits).toEqual(evaluateRules(text, tagText(text, compiled), r, { lang: 'ru', watchlist: compiled }));
  });

  it('language and feed filters', () => {
    const r = rules({ id: 'r', all: ['putin'], languages: ['uk'], feeds: ['ukr-news'] });
    const text = 'Путін виступив.';
    const ms = tagText(text, compiled);
    expect(evaluateRules(text, ms, r, { lang: 'uk', feedId: 'ukr-news', watchlist: compiled })).toHaveLength(1);
    expect(evaluateRules(text, ms, r, { lang: 'ru', feedId: 'ukr-news', watchlist: compiled })).toHaveLength(0);
    expect(evaluateRules(text, ms, r, { lang: 'uk', feedId: 'other', watchlist: compiled })).toHaveLength(0);
  });

  it('affiliation filter: "claims about evacuation by separatist authorities"', () => {
    const r = rules({ id: 'separatist-evacuation', all: ['evacuation'], affiliations: ['separatist-authority'] });
    const text = 'Глава ДНР объявил эвакуацию жителей в Ростовскую область.';
    const ms = tagText(text, compiled);
    expect(evaluateRules(text, ms, r, { lang: 'ru', affiliation: 'separatist-authority', watchlist: compiled })).toHaveLength(1);
    expect(evaluateRules(text, ms, r, { lang: 'ru', affiliation: 'ua-media', watchlist: compiled })).toHaveLength(0);
    // A source without an affiliation does not pass an affiliation filter.
    expect(evaluateRules(text, ms, r, { lang: 'ru', affiliation: null, watchlist: compiled })).toHaveLength(0);
    expect(evaluateRules(text, ms, r, { lang: 'ru', watchlist: compiled })).toHaveLength(0);
    expect(() => rules({ id: 'x', all: ['evacuation'], affiliations: ['dpr-state'] })).toThrow(/affiliations/);
  });
});

describe('config validation', () => {
  it('reports unknown entity references with their path', () => {
    const r = parseRules('rules:\n  - id: a\n    all: [putin]\n  - id: b\n    all: [foo, {any: [bar]}]\n    not: {entity: baz}\n');
    expect(validateRuleRefs(config.watchlist, r)).toEqual([
      "rules.yaml: rules[1].all[0]: unknown entity 'foo'",
      "rules.yaml: rules[1].all[1].any[0]: unknown entity 'bar'",
      "rules.yaml: rules[1].not.entity: unknown entity 'baz'",
    ]);
  });

  it('rejects unknown keys and bad values with file and key path', () => {
    expect(() => parseWatchlist('entries:\n  - id: x\n    kind: person\n    name: X\n    names: {en: [X]}\n    colour: red\n'))
      .toThrow(/^tagging: .*\nwatchlist\.yaml: entries\[0\]/);
    expect(() => parseRules('rules:\n  - id: a\n    all: [x]\n    priority: urgent\n')).toThrow(/rules\.yaml: rules\[0\]\.priority/);
    expect(() => parseWatchlist('entries:\n  - {id: x, kind: person, name: X, names: {en: [X]}}\n  - {id: x, kind: place, name: Y, names: {en: [Y]}}\n'))
      .toThrow(/duplicate id 'x'/);
  });

  it('applies documented defaults', () => {
    const w = parseWatchlist('entries:\n  - {id: x, kind: keyword, name: X, names: {en: [xylophone]}}\n');
    expect(w.entries[0]).toMatchObject({ caseSensitive: false, exclude: [], notPrecededBy: [], notFollowedBy: [] });
    const r = parseRules('rules:\n  - {id: a, all: [x]}\n');
    expect(() => parseRules('rules:\n  - {id: a, not: x}\n')).toThrow(/rules\.yaml: rules\[0\]: a rule needs either `when` or `all`/);
    expect(() => parseWatchlist('entries:\n  - {id: x, kind: place, name: X, names: {en: [X]}, notPrecededBy: ["(unclosed"]}\n'))
      .toThrow(/watchlist\.yaml: entries\[0\]\.notPrecededBy\[0\]: invalid regular expression/);
    expect(r.rules[0]).toMatchObject({ priority: 'digest', threshold: 0, languages: [], feeds: [], enabled: true, weights: {} });
    expect(tagText('A xylophone.', compileWatchlist(w)).map((m) => m.entity)).toEqual(['x']);
  });
});
