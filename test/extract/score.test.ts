import { describe, expect, it } from 'vitest';
import { averageShingle, scoreSnippets, shinglePage, shingles, snippetPrf } from '../bench/score.js';

describe('snippet scoring (trafilatura)', () => {
  it('counts found "with" snippets as TP, missing as FN, found "without" as FP, after collapsing whitespace', () => {
    const text = 'Alpha beta\n\ngamma delta. Impressum';
    expect(scoreSnippets(text, ['beta gamma', 'epsilon'], ['Impressum', 'Cookies'])).toEqual({ tp: 1, fp: 1, fn: 1 });
  });

  it('micro-averages summed counts', () => {
    expect(snippetPrf({ tp: 8, fp: 2, fn: 2 })).toEqual({ precision: 0.8, recall: 0.8, f1: 0.8 });
    expect(snippetPrf({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('shingle scoring (ScrapingHub)', () => {
  it('builds 4-token shingles over Unicode word runs', () => {
    expect([...shingles('Один, два три — четыре пять!').values()]).toEqual([1, 1]);
    expect(shingles('one two').size).toBe(1);
    expect(shingles('').size).toBe(0);
  });

  it('scores one page as multiset overlap', () => {
    const gold = 'a b c d e f';
    expect(shinglePage(gold, gold)).toEqual({ precision: 1, recall: 1 });
    // pred has 3 shingles (a b c d, b c d e, c d e x); 2 are in gold's 3.
    const s = shinglePage(gold, 'a b c d e x');
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 3);
    expect(shinglePage(gold, '')).toEqual({ precision: 0, recall: 0 });
  });

  it('averages P and R over pages, F1 from the averages', () => {
    const r = averageShingle([{ precision: 1, recall: 0.5 }, { precision: 0.5, recall: 0.5 }]);
    expect(r.precision).toBe(0.75);
    expect(r.recall).toBe(0.5);
    expect(r.f1).toBeCloseTo(0.6);
  });
});
