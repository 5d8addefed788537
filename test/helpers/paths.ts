/** Where things are: the repository root (from test/ and from dist/test/ alike) and the shared data beside it. */
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
/** ../shared/data, read in place (never copied into the project). */
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');
