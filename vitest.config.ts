import { defineConfig } from 'vitest/config';

/**
 * Two projects, run side by side on the same workers:
 * - unit: pure functions over the project's fixtures (no Redis, PostgreSQL or child processes). They
 *   share one module cache per worker (isolate: false), so the extractor, the tagger and the language
 *   models are loaded once per worker instead of once per file.
 * - integration: everything else, each file in a fresh process (real services, CLI child processes).
 * Slow files start first (vitest orders by the durations of the previous run).
 * Three workers on two cores: most integration files spend their time waiting on child processes,
 * servers and timers (the suite used 1.1 cores of 2 with two workers), so a third overlaps that
 * waiting: 428 s -> 267 s on the 2-core machine, the same tests passing.
 */
const UNIT = [
  'test/tagging/**/*.test.ts',
  'test/extract/**/*.test.ts',
  'test/feeds/**/*.test.ts',
  'test/charset/**/*.test.ts',
  'test/language/**/*.test.ts',
  'test/ops/imports.test.ts',
  'test/ops/bare-clone.test.ts',
  'test/ops/docker-compose.test.ts',
];
const EXCLUDE = ['node_modules', 'dist'];

export default defineConfig({
  test: {
    exclude: EXCLUDE,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...EXCLUDE, ...UNIT], globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
