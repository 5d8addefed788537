/**
 * Guard patterns run on a linear-time engine (re2js): a pattern that backtracks catastrophically on
 * JavaScript's engine finishes, lookarounds are refused with the reason, and the translated `\s` and
 * `\p{Script=...}` mean what they mean in JavaScript.
 */
import { describe, expect, it } from 'vitest';
import { compileWatchlist, parseWatchlist, tagText } from '../../src/tagging/index.js';
import { compileGuard, guardProblem } from '../../src/tagging/guard-regex.js';

const watch = (guard: string): string => `
entries:
  - id: donetsk
    kind: place
    name: Donetsk
    names: { en: [Donetsk] }
    notPrecededBy: ['${guard}']
`;

describe('guard regexes', () => {
  it('(a+)+\\s$ before a watched name: the text is tagged (JavaScript would never finish on 79 letters)', () => {
    const compiled = compileWatchlist(parseWatchlist(watch('(a+)+\\s$')));
    const text = `${'a'.repeat(79)}! Donetsk and ${'a'.repeat(5_000)} Donetsk`;
    const found = tagText(text, compiled).map((m) => m.start);
    // The first name follows "! " (no run of a's right before it): kept. The second follows a's: dropped.
    expect(found).toEqual([81]);
  });

  it('refuses lookahead, lookbehind and backreferences with the reason', () => {
    expect(guardProblem('(?!моск)\\p{L}+')).toMatch(/not supported by the linear-time regex engine .*lookahead.*`\(\?!`/);
    expect(guardProblem('(?<=a)b')).toMatch(/not supported by the linear-time regex engine/);
    expect(guardProblem('(a)\\1')).toMatch(/not supported by the linear-time regex engine/);
    expect(guardProblem('(unclosed')).toMatch(/^invalid regular expression/);
    expect(() => parseWatchlist(watch('(?!x)y'))).toThrow(/watchlist\.yaml: entries\[0\]\.notPrecededBy\[0\]: not supported by the linear-time regex engine/);
    expect(guardProblem('(a+)+$')).toBeNull();
  });

  it('\\s includes no-break spaces, \\p{Script=...} works, case is folded, as in JavaScript', () => {
    expect(compileGuard('Kazan\\s+', 'end').test('in Kazan\u00a0')).toBe(true);
    expect(compileGuard('[\\s,]+of', 'start').test('\u2009of')).toBe(true);
    expect(compileGuard('\\p{Script=Cyrillic}+\\s', 'end').test('в КАЗАНСКИЙ ')).toBe(true);
    expect(compileGuard('казанский\\s', 'end').test('в КАЗАНСКИЙ ')).toBe(true);
    expect(compileGuard('\\S+$', 'start').test('a\u00a0b')).toBe(false);
  });
});
