import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateRules, snippetAround, tagAndEvaluate, tagText } from '../../src/tagging/index.js';
import { compiled, config, sharedData } from './helpers.js';

const SEED = readFileSync(sharedData('seed', 'evacuation-2022-02-18.txt'), 'utf8');
const EXPECTED = [
  'pushilin', 'pasechnik', 'dpr', 'lpr', 'donbas', 'putin', 'peskov', 'zelensky', 'kremlin', 'evacuation',
  'false-flag', 'genocide', 'offensive', 'shelling', 'minsk-agreements',
];

describe('seed article (evacuation-2022-02-18)', () => {
  const mentions = tagText(SEED, compiled, { lang: 'en' });
  const ids = new Set(mentions.map((m) => m.entity));

  it.each(EXPECTED)('mentions %s', (id) => {
    expect(ids.has(id)).toBe(true);
  });

  it('does not mention kuleba (only "Ukraine’s foreign minister")', () => {
    expect(ids.has('kuleba')).toBe(false);
  });

  it('offsets point at the exact surface (curly apostrophes included)', () => {
    for (const m of mentions) expect(SEED.slice(m.start, m.end)).toBe(m.text);
    expect(mentions.map((m) => m.text)).toContain('Donetsk People’s Republic');
    expect(mentions.map((m) => m.text)).toContain('Zelenskiy');
  });

  it('fires donbas-evacuation and false-flag, immediately, with their evidence', () => {
    const hits = evaluateRules(SEED, mentions, config.rules, { lang: 'en', watchlist: compiled });
    const byId = new Map(hits.map((h) => [h.rule, h]));
    const evac = byId.get('donbas-evacuation');
    expect(evac?.priority).toBe('immediate');
    expect(evac?.mentions.some((m) => m.entity === 'evacuation')).toBe(true);
    expect(evac?.mentions.some((m) => ['dpr', 'lpr', 'pushilin', 'pasechnik', 'donbas'].includes(m.entity))).toBe(true);
    const ff = byId.get('false-flag');
    expect(ff?.mentions.map((m) => m.text)).toEqual(expect.arrayContaining(['false-flag', 'pretext']));
    expect(ff?.score).toBe(ff?.mentions.length);
  });

  it('tagAndEvaluate gives what `mediamon tag` prints', () => {
    const { mentions: ms, hits } = tagAndEvaluate(SEED, compiled, config.rules, { lang: 'en' });
    expect(ms).toEqual(mentions);
    expect(hits.map((h) => h.rule)).toEqual(expect.arrayContaining(['donbas-evacuation', 'false-flag']));
    expect(Object.keys(ms[0]!).sort()).toEqual(['end', 'entity', 'start', 'text']);
  });

  it('gives a one-line snippet around a mention', () => {
    const m = mentions.find((x) => x.entity === 'false-flag')!;
    const s = snippetAround(SEED, m);
    expect(s).toContain('false-flag');
    expect(s).not.toContain('\n');
    expect(s.length).toBeLessThanOrEqual(m.end - m.start + 2 * 80 + 2);
  });
});
