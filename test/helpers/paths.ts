/**
 * Where things are: the repository root (from test/ and from dist/test/ alike), the project's own
 * fixtures, and the shared development data beside the clone (../shared/data), which a person who
 * clones the project does not have. Every test that reads ../shared/data goes through this module, so
 * one switch (MEDIAMON_TEST_SHARED=none) hides it and shows what a bare clone runs. Suites over the
 * shared data use describeShared (./shared-data.ts), which skips them with a one-line reason.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest ancestor of this module holding package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('test: package.json not found above this module');
    dir = up;
  }
  return dir;
}

export const REPO_ROOT = repoRoot();
/** The project's own fixtures (test/fixtures/), written for the project: always present. */
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
/** ../shared/data, read in place (never copied into the project). May be absent: see HAS_SHARED. */
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');
/** MEDIAMON_TEST_SHARED=none makes the tests behave as on a bare clone even where the data is. */
export const HIDDEN = process.env.MEDIAMON_TEST_SHARED === 'none';
/** Whether ../shared/data is there (and not hidden). */
export const HAS_SHARED = !HIDDEN && existsSync(SHARED_DATA);

/** A path under ../shared/data (whether or not it exists). */
export function sharedData(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}

/** Whether ../shared/data/<subpath> can be read (present and not hidden). */
export function hasShared(subpath = ''): boolean {
  return HAS_SHARED && existsSync(sharedData(subpath));
}
