/** The search language: stems that join every form, the query parser, watchlist widening and snippets. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandWithWatchlist } from '../../src/search/expand.js';
import { parseSearch, toFts5, toTsquery } from '../../src/search/query.js';
import { snippet } from '../../src/search/snippet.js';
import { stemWord } from '../../src/search/stem.js';
import { parseWatchlist } from '../../src/tagging/index.js';
import { REPO_ROOT } from '../helpers/paths.js';

describe('search: stems', () => {
  it.each([
    ['эвакуация', ['эвакуации', 'эвакуацию', 'эвакуацией', 'Эвакуация']],
    ['евакуація', ['евакуації', 'евакуацію', 'евакуацією']],
    ['Пушилин', ['Пушилиным', 'Пушилина', 'Пушилину']],
    ['Пушилін', ['Пушиліним', 'Пушиліна']],
    ['Донбасс', ['Донбассе', 'Донбасса']],
    ['Донбас', ['Донбасі', 'Донбасу']],
    ['evacuate', ['evacuation', 'evacuated', 'evacuations']],
    ['обстріл', ['обстріли', 'обстрілів']],
    ["об'єкт", ['об’єкта', 'обʼєкт']],
    ['ёлка', ['елки']],
  ])('%s shares its stem with %j', (word, forms) => {
    for (const form of forms) expect(stemWord(form), form).toBe(stemWord(word));
  });

  it('keeps Russian and Ukrainian spellings apart and short words whole', () => {
    expect(stemWord('эвакуация')).not.toBe(stemWord('евакуація'));
    expect(stemWord('Киев')).toBe('киев');
  });
});

describe('search: query language', () => {
  it('reads words, phrases, exclusions, OR and prefixes, and ignores store syntax', () => {
    const q = parseSearch('Пушилиным "evacuation of civilians" -Kremlin grain OR зерно evacu* (NEAR: "');
    expect(q.all.map((c) => c.map((t) => `${t.stems.join(' ')}${t.prefix ? '*' : ''}`))).toEqual([
      ['пушилин'], ['evacu of civilian'], ['grain', 'зерн'], ['evacu*'], ['near'],
    ]);
    expect(q.none.map((t) => t.stems)).toEqual([['kremlin']]);
    expect(parseSearch('nothing-matches-this').none).toEqual([]);
    expect(parseSearch('OR OR -').all).toEqual([]);
    expect(toFts5(parseSearch('a1 OR "b c" -d'))).toEqual({ match: '("a1" OR "b c")', exclude: '"d"' });
    expect(toTsquery(parseSearch('evacu* "b c" -d'))).toEqual({ match: "'evacu':* & ('b' <-> 'c')", exclude: "'d'" });
  });

  it('widens a watchlist name to every generated form of its entry, in every language', () => {
    const watchlist = parseWatchlist(readFileSync(path.join(REPO_ROOT, 'config', 'watchlist.yaml'), 'utf8'));
    const widened = expandWithWatchlist(parseSearch('Пушилиным -ДНР'), watchlist);
    const forms = widened.all[0]!.map((t) => t.stems.join(' '));
    expect(forms).toEqual(expect.arrayContaining(['пушилин', 'pushilin', 'пушилін', 'денис пушилин']));
    expect(widened.none.length).toBeGreaterThan(1);
    expect(expandWithWatchlist(parseSearch('grain'), watchlist).all).toEqual([[expect.objectContaining({ stems: ['grain'] })]]);
  });
});

describe('search: snippets', () => {
  it('shows where the searched words stand densest, each form marked', () => {
    const filler = 'Погода в регионе остаётся холодной. '.repeat(20);
    const text = `${filler}Пушилин объявил эвакуацию. Эвакуация жителей началась утром. ${filler}`;
    const parts = snippet(text, parseSearch('эвакуация'));
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['эвакуацию', 'Эвакуация']);
    expect(parts[0]!.text).toBe('… ');
    expect(parts.map((p) => p.text).join('').length).toBeLessThan(300);
    expect(snippet(text, parseSearch('Kremlin'))).toEqual([]);
  });
});
