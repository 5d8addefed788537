/**
 * Story matching as a pure function: numbers read alike in three languages' notations, same-event
 * reports across languages matched on entries and numbers, and the time window and rarity weights
 * keeping apart what only shares a city.
 */
import { describe, expect, it } from 'vitest';
import { chooseStory, matchScore, MATCH_THRESHOLD, numbersOf, rarity, storyFeatures } from '../../src/stories/score.js';

const at = (iso: string) => Date.parse(iso);
const even = () => 1;

describe('story matching', () => {
  it('reads 700 000, 700,000 and 700000 as one number; leaves out years and single digits', () => {
    expect(numbersOf('около 700 000 человек')).toEqual(['700000']);
    expect(numbersOf('about 700,000 people, 3 buses, in 2022')).toEqual(['700000']);
    expect(numbersOf('12 квартир, 3 400 абонентов')).toEqual(['12', '3400']);
  });

  it('matches a Russian and an English report of one evacuation, and not a shelling of the same city two days later', () => {
    const ru = storyFeatures({ lang: 'ru', time: at('2022-02-18T13:55:00Z'), entities: ['pushilin', 'dpr', 'evacuation'], title: 'Пушилин объявил эвакуацию', text: 'Эвакуировано может быть около 700 000 человек.' });
    const en = storyFeatures({ lang: 'en', time: at('2022-02-18T14:10:00Z'), entities: ['pushilin', 'dpr', 'evacuation', 'donetsk'], title: 'Pushilin orders evacuation', text: 'About 700,000 people could leave.' });
    const later = storyFeatures({ lang: 'en', time: at('2022-02-20T18:00:00Z'), entities: ['donetsk', 'shelling', 'dpr'], title: 'Donetsk shelled', text: 'Five houses destroyed.' });
    expect(matchScore(ru, en, even)).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(matchScore(en, later, even)).toBe(0); // beyond the 48-hour window
    expect(chooseStory(en, [{ ...ru, storyId: 4 }, { ...later, storyId: 5 }], even)).toMatchObject({ storyId: 4 });
  });

  it('weights a rare entry above a common one, so sharing only a common keyword is not one event', () => {
    const a = storyFeatures({ lang: 'en', time: at('2022-02-19T08:00:00Z'), entities: ['shelling', 'kharkiv'], title: 'Kharkiv shelled overnight', text: 'Two injured.' });
    const b = storyFeatures({ lang: 'ru', time: at('2022-02-19T09:00:00Z'), entities: ['shelling', 'luhansk'], title: 'Обстрел Луганска', text: 'Пострадавших нет.' });
    const weight = rarity(new Map([['shelling', 900], ['kharkiv', 3], ['luhansk', 4]]), 1000);
    expect(weight('kharkiv')).toBeGreaterThan(weight('shelling') * 3);
    expect(matchScore(a, b, weight)).toBeLessThan(MATCH_THRESHOLD);
    expect(chooseStory(a, [{ ...b, storyId: 9 }], weight)).toBeNull();
  });
});
