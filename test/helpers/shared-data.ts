/**
 * Suites over ../shared/data that skip, with a one-line reason, where the data is absent (a bare clone)
 * or hidden (MEDIAMON_TEST_SHARED=none). Kept apart from paths.ts, which benchmarks import outside vitest.
 */
import { describe, it } from 'vitest';
import { hasShared, HIDDEN } from './paths.js';

/** The one-line reason a shared-data suite gives when it does not run. */
export function sharedSkipReason(data: Need['data'], checks: string): string {
  const why = HIDDEN ? 'hidden by MEDIAMON_TEST_SHARED=none' : 'absent';
  const where = [data].flat().map((d) => `../shared/data/${d}`).join(' and ');
  return `needs ${where} (${why}): would check ${checks}; put the data beside the clone to run it (README: Tests)`;
}

/** What a shared-data test reads (one or more paths under ../shared/data) and what it checks. */
export interface Need {
  data: string | string[];
  checks: string;
}

const available = (data: Need['data']): boolean => [data].flat().every((d) => hasShared(d));

/**
 * A suite over ../shared/data/<subpath>. When the data is there it is an ordinary describe(); when it
 * is not, its body is never run (so it may read the data freely) and one skipped test stands in for
 * it, carrying the one-line reason (the reporter prints it as `↓ name > ... [reason]`).
 */
export function describeShared(name: string, need: Need, body: () => void): void {
  if (available(need.data)) {
    describe(name, body);
    return;
  }
  const reason = sharedSkipReason(need.data, need.checks);
  describe(name, () => {
    it('skipped without the shared data', (ctx) => ctx.skip(reason));
  });
}

/** One test over ../shared/data/<subpath> inside an ordinary suite: skipped with the reason when absent. */
export function itShared(name: string, need: Need, fn: () => unknown, timeout?: number): void {
  if (available(need.data)) it(name, async () => void (await fn()), timeout);
  else it(name, (ctx) => ctx.skip(sharedSkipReason(need.data, need.checks)));
}
