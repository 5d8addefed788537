/** The reader on the development pages of ../shared/data/telegram-dev/ (skipped without ../shared). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../helpers/paths.js';
import { scoreDevPages } from './score.js';

const DIR = join(SHARED_DATA, 'telegram-dev');
const present = existsSync(join(DIR, 'expected.jsonl'));

const TITLE = present ? 'telegram reader on ../shared/data/telegram-dev' : 'telegram dev pages: skipped, ../shared/data/telegram-dev is absent';

describe.skipIf(!present)(TITLE, () => {
  it('reads every post, every title and every next-older id; the missing channel is not-found', () => {
    const score = scoreDevPages(DIR);
    expect(score.misses).toEqual([]);
    expect(score.pageMisses).toEqual([]);
    expect(score.right).toBe(score.posts);
    expect(score.posts).toBeGreaterThan(100);
    expect(score.titlesRight).toBe(score.pages);
    expect(score.beforeRight).toBe(score.pages);
    expect(score.notFoundRight).toBe(score.notFoundPages);
  });
});
