import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateRules, snippetAround, tagAndEvaluate, tagText } from '../../src/tagging/index.js';
import { describeShared } from '../helpers/shared-data.js';
import { SHARED_SEED_FILE, seedFile, type SeedLang } from '../pipeline/seed-fixture.js';
import { compiled, config } from './helpers.js';

const EXPECTED = [
  'pushilin', 'pasechnik', 'dpr', 'lpr', 'donbas', 'putin', 'peskov', 'zelensky', 'kremlin', 'evacuation',
  'false-flag', 'genocide', 'offensive', 'shelling', 'minsk-agreements',
];
/** The words that carry the false-flag claim in each language. */
const FALSE_FLAG_WORDS: Record<SeedLang, string[]> = {
  en: ['false-flag', 'pretext'],
  ru: ['чужим флагом', 'предлог для'],
  uk: ['чужим прапором', 'привід для'],
};

/** What every version of the seed article must give: the same entities and the same two immediate alerts. */
function seedChecks(read: () => string, lang: SeedLang): void {
  const mentionsOf = () => tagText(read(), compiled, { lang });

  it.each(EXPECTED)('mentions %s', (id) => {
    expect(new Set(mentionsOf().map((m) => m.entity)).has(id)).toBe(true);
  });

  it('does not mention kuleba (only "Ukraine’s foreign minister")', () => {
    expect(mentionsOf().map((m) => m.entity)).not.toContain('kuleba');
  });

  it('offsets point at the exact surface', () => {
    const text = read();
    for (const m of mentionsOf()) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('fires donbas-evacuation and false-flag, immediately, with their evidence', () => {
    const text = read();
    const hits = evaluateRules(text, mentionsOf(), config.rules, { lang, watchlist: compiled });
    const byId = new Map(hits.map((h) => [h.rule, h]));
    const evac = byId.get('donbas-evacuation');
    expect(evac?.priority).toBe('immediate');
    expect(evac?.mentions.some((m) => m.entity === 'evacuation')).toBe(true);
    expect(evac?.mentions.some((m) => ['dpr', 'lpr', 'pushilin', 'pasechnik', 'donbas'].includes(m.entity))).toBe(true);
    const ff = byId.get('false-flag');
    expect(ff?.priority).toBe('immediate');
    expect(ff?.mentions.map((m) => m.text)).toEqual(expect.arrayContaining(FALSE_FLAG_WORDS[lang]));
    expect(ff?.score).toBe(ff?.mentions.length);
  });

  it('tagAndEvaluate gives what `mediamon tag` prints', () => {
    const { mentions: ms, hits } = tagAndEvaluate(read(), compiled, config.rules, { lang });
    expect(ms).toEqual(mentionsOf());
    expect(hits.map((h) => h.rule)).toEqual(expect.arrayContaining(['donbas-evacuation', 'false-flag']));
    expect(Object.keys(ms[0]!).sort()).toEqual(['end', 'entity', 'start', 'text']);
  });

  it('gives a one-line snippet around a mention', () => {
    const text = read();
    const m = mentionsOf().find((x) => x.entity === 'false-flag')!;
    const s = snippetAround(text, m);
    expect(s).toContain(m.text);
    expect(s).not.toContain('\n');
    expect(s.length).toBeLessThanOrEqual(m.end - m.start + 2 * 80 + 2);
  });
}

/** English surfaces the watchlist must fold: curly apostrophes and a transliteration variant. */
function englishSurfaces(read: () => string): void {
  it('matches curly apostrophes and the Zelenskiy spelling', () => {
    const texts = tagText(read(), compiled, { lang: 'en' }).map((m) => m.text);
    expect(texts).toContain('Donetsk People’s Republic');
    expect(texts).toContain('Zelenskiy');
  });
}

const own = (lang: SeedLang) => () => readFileSync(seedFile(lang), 'utf8');

describe('seed article, the project’s own (test/fixtures/seed), English', () => {
  seedChecks(own('en'), 'en');
  englishSurfaces(own('en'));
});

describe('seed article, the project’s own, Russian', () => {
  seedChecks(own('ru'), 'ru');
  it('declines the names it matches (Донецкой народной республики, Кремля)', () => {
    const texts = tagText(own('ru')(), compiled, { lang: 'ru' }).map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['Донецкой народной республики', 'Кремля', 'Донбассе']));
  });
});

describe('seed article, the project’s own, Ukrainian', () => {
  seedChecks(own('uk'), 'uk');
  it('declines the names it matches (Донецької народної республіки, Донбасі)', () => {
    const texts = tagText(own('uk')(), compiled, { lang: 'uk' }).map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['Донецької народної республіки', 'Кремля', 'Донбасі']));
  });
});

describeShared('seed article, the original (evacuation-2022-02-18)', {
  data: 'seed/evacuation-2022-02-18.txt',
  checks: 'that the original news article yields the 15 seed entities and both immediate alerts',
}, () => {
  const read = () => readFileSync(SHARED_SEED_FILE, 'utf8');
  seedChecks(read, 'en');
  englishSurfaces(read);
});
