import { expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/index.js';
import { describeShared } from '../helpers/shared-data.js';
import { danielPages, readPage, trafilaturaCases, trafilaturaPagePath } from './dev-data.js';

/** Share of pages that must yield some body text. */
const MIN_NON_EMPTY = 0.95;

describeShared('every shared development page', {
  data: 'extraction-dev',
  checks: 'that all 1,123 real pages extract without throwing and ≥ 95% yield text (own pages: extract-body, body-layouts)',
}, () => {
  it('extracts without throwing, and nearly all yield text', () => {
    const pages = [
      ...trafilaturaCases().map((c) => ({ file: trafilaturaPagePath(c), url: c.url as string | null })),
      ...danielPages().map((d) => ({ file: d.file, url: null })),
    ];
    expect(pages.length).toBeGreaterThan(1000);
    const failures: string[] = [];
    let nonEmpty = 0;
    for (const p of pages) {
      try {
        if (extractArticle(readPage(p.file), p.url).text.trim().length > 0) nonEmpty++;
      } catch (e) {
        failures.push(`${p.file}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(nonEmpty / pages.length).toBeGreaterThanOrEqual(MIN_NON_EMPTY);
  });
});
