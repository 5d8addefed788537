import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CANDIDATES, detectLanguage } from '../../src/language/index.js';
import { FIXTURES, sharedData } from '../helpers/paths.js';
import { describeShared } from '../helpers/shared-data.js';

/** Sentences written for these tests, a few per language. */
const SENTENCES: Array<[string, string]> = [
  ['ru', 'Вчера вечером в городе прошёл сильный дождь, и многие улицы затопило.'],
  ['ru', 'Глава республики заявил, что эвакуация жителей начнётся в пятницу утром.'],
  ['ru', 'Мы давно не виделись, давай встретимся на выходных.'],
  ['uk', 'Учора ввечері в місті пройшла сильна злива, і багато вулиць затопило.'],
  ['uk', 'Голова республіки заявив, що евакуація мешканців почнеться в п’ятницю вранці.'],
  ['uk', 'Ми давно не бачилися, давай зустрінемося на вихідних.'],
  ['be', 'Учора ўвечары ў горадзе прайшоў моцны дождж, і шмат вуліц затапіла.'],
  ['bg', 'Вчера вечерта в града валя силен дъжд и много улици бяха наводнени.'],
  ['mk', 'Вчера навечер во градот падна силен дожд и многу улици беа поплавени.'],
  ['sr', 'Синоћ је у граду пала јака киша и многе улице су поплављене.'],
  ['kk', 'Кеше кешке қалада қатты жаңбыр жауып, көптеген көшелерді су басты.'],
  ['en', 'Heavy rain fell in the city last night and many streets were flooded.'],
  ['pl', 'Wczoraj wieczorem w mieście padał ulewny deszcz i wiele ulic zostało zalanych.'],
  ['de', 'Gestern Abend regnete es in der Stadt heftig, und viele Straßen wurden überflutet.'],
  ['fr', 'Hier soir, une forte pluie est tombée sur la ville et de nombreuses rues ont été inondées.'],
  ['es', 'Anoche cayó una fuerte lluvia en la ciudad y muchas calles se inundaron.'],
  ['it', 'Ieri sera una forte pioggia si è abbattuta sulla città e molte strade sono state allagate.'],
  ['cs', 'Včera večer ve městě silně pršelo a mnoho ulic bylo zaplaveno.'],
];

describe('detectLanguage', () => {
  it.each(SENTENCES)('%s: %s', (lang, text) => {
    const r = detectLanguage(text);
    expect(r.lang).toBe(lang);
    expect(r.confidence).toBeGreaterThan(0.5);
  });

  it.each(['', '   ', 'Да', 'OK!', '12345 67', '—', '🙂🙂🙂🙂🙂🙂🙂', 'Καλημέρα σας φίλοι μου'])('too short to tell: %j → und', (text) => {
    expect(detectLanguage(text)).toEqual({ lang: 'und', confidence: 0 });
  });

  it('gives short text low confidence', () => {
    const short = detectLanguage('на улице');
    const long = detectLanguage(SENTENCES[0]![1]);
    expect(short.confidence).toBeLessThan(long.confidence);
    expect(short.confidence).toBeLessThan(0.5);
  });

  it('uses hints as priors, not verdicts', () => {
    // No telling letter: a hint tips it.
    expect(detectLanguage('на грани', { hints: ['bg-BG'] }).lang).toBe('bg');
    expect(detectLanguage('на грани', { hints: ['ru_RU'] }).lang).toBe('ru');
    // Clear evidence outweighs a wrong hint.
    expect(detectLanguage(SENTENCES[3]![1], { hints: ['ru'] }).lang).toBe('uk');
  });

  it('restricts to the candidates given, and says und when none writes the script', () => {
    expect(detectLanguage(SENTENCES[7]![1], { candidates: ['ru', 'uk', 'en'] }).lang).not.toBe('bg');
    expect(detectLanguage('Heavy rain fell in the city last night.', { candidates: ['ru', 'uk'] }).lang).toBe('und');
  });

  it('returns ISO 639-1 codes from the default candidate set', () => {
    expect(DEFAULT_CANDIDATES).toEqual(['ru', 'uk', 'be', 'bg', 'mk', 'sr', 'kk', 'en', 'pl', 'de', 'fr', 'es', 'it', 'cs']);
  });

  it('reads long articles (only the start) and keeps Ukrainian apart from Russian', () => {
    const article = `${SENTENCES[4]![1]} `.repeat(200);
    expect(detectLanguage(article).lang).toBe('uk');
  });
});

/** The language lines written for the project (test/fixtures/langid/SET.tsv) as [code, text]. */
function ownLines(set: 'sentences' | 'word-pairs'): Array<[string, string]> {
  return readFileSync(join(FIXTURES, 'langid', `${set}.tsv`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t') as [string, string]);
}

describe('accuracy on the project’s own language lines (test/fixtures/langid)', () => {
  it('sentences: every line of every default language', () => {
    const lines = ownLines('sentences');
    expect(new Set(lines.map(([lang]) => lang))).toEqual(new Set(DEFAULT_CANDIDATES));
    const wrong = lines.filter(([lang, text]) => detectLanguage(text).lang !== lang).map(([lang, text]) => `${lang}: ${text}`);
    expect(wrong).toEqual([]);
  });

  it('word pairs: at least 90% right over all languages', () => {
    const lines = ownLines('word-pairs');
    expect(new Set(lines.map(([lang]) => lang))).toEqual(new Set(DEFAULT_CANDIDATES));
    const right = lines.filter(([lang, text]) => detectLanguage(text).lang === lang).length;
    expect(right / lines.length).toBeGreaterThanOrEqual(0.9);
  });
});

describeShared('accuracy on langid-dev (regression guard; figures: npm run bench:lang)', {
  data: 'langid-dev',
  checks: 'accuracy on 14,000 Leipzig sentences and word pairs (sentences macro ≥ 0.97, word pairs ≥ 0.87)',
}, () => {
  const accuracy = (set: string, lang: string): number => {
    const file = sharedData('langid-dev', set, `${lang}.txt`);
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.filter((l) => detectLanguage(l).lang === lang).length / lines.length;
  };

  it('sentences: macro ≥ 0.97, every language ≥ 0.93, ru and uk ≥ 0.96', () => {
    const acc = Object.fromEntries(DEFAULT_CANDIDATES.map((l) => [l, accuracy('sentences', l)]));
    const macro = Object.values(acc).reduce((a, b) => a + b, 0) / DEFAULT_CANDIDATES.length;
    expect(macro).toBeGreaterThanOrEqual(0.97);
    for (const [lang, a] of Object.entries(acc)) expect(a, lang).toBeGreaterThanOrEqual(0.93);
    expect(acc.ru).toBeGreaterThanOrEqual(0.96);
    expect(acc.uk).toBeGreaterThanOrEqual(0.96);
  });

  it('word pairs: macro ≥ 0.87 (0.86 without ELD)', () => {
    const macro = DEFAULT_CANDIDATES.reduce((s, l) => s + accuracy('word-pairs', l), 0) / DEFAULT_CANDIDATES.length;
    expect(macro).toBeGreaterThanOrEqual(0.87);
  });
});
