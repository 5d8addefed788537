/**
 * Golden pages (test/fixtures/pages/<slug>/): metadata is never invented. A date without a time stays a
 * date, a call to action in an author box is no byline, and a dateline widget is no body text.
 */
import { describe, expect, it } from 'vitest';
import { extractGolden, goldenSlugs, readExpected } from './golden.js';

describe('golden pages', () => {
  it.each(goldenSlugs())('%s matches expected.json', (slug) => {
    expect(extractGolden(slug), 'if the change is intended: npx tsx test/extract/golden.ts --update, and review its diff').toEqual(readExpected(slug));
  });

  it('keeps a date shown without a time as a date, names no app banner or subscribe link as author, drops the dateline widget', () => {
    const ru = extractGolden('date-only-app-banner');
    expect(ru).toMatchObject({ published: '2022-02-18', published_precision: 'day', author: null });
    expect(ru.text.startsWith('Власти самопровозглашённой республики')).toBe(true);
    expect(ru.text).not.toMatch(/Сегодня, 15:33|Скачай/);
    const en = extractGolden('en-subscribe-byline');
    expect(en).toMatchObject({ published: '2022-02-19', published_precision: 'day', author: null });
    expect(en.text).not.toMatch(/Today, 09:12|Subscribe|Download/);
  });
});
