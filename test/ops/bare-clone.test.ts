/**
 * The suite passes on a bare clone (no ../shared beside it) because every read of ../shared/data goes
 * through test/helpers/paths.ts, whose users skip with a reason when the data is absent. This checks the
 * first half on the code: no test module builds a path to ../shared by itself. (.ci/run checks the
 * second half by running the shared-data test files with MEDIAMON_TEST_SHARED=none.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/** The helper that knows where the shared data lives, the one that words its skip reason, and this check. */
const ALLOWED = new Set(['test/helpers/paths.ts', 'test/helpers/shared-data.ts', 'test/ops/bare-clone.test.ts']);
/** Benchmarks need the data and fail saying so; they are not part of npm test. */
const EXEMPT_DIRS = ['test/bench/'];
/** A string literal that is a path into ../shared, or a 'shared' path segment next to 'data' or '..'. */
const SHARED_PATH = [/(['"`])(?:\.\.\/)+shared(?:\/|\1)/, /['"`]\.\.['"`]\s*,\s*['"`]shared['"`]/, /['"`]shared['"`]\s*,\s*['"`]data['"`]/];

function modules(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? modules(rel) : e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The code without its comments (a comment may well mention ../shared/data). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('a bare clone', () => {
  it('no test module reaches ../shared/data except through test/helpers/paths.ts', () => {
    const files = modules('test').filter((f) => !ALLOWED.has(f) && !EXEMPT_DIRS.some((d) => f.startsWith(d)));
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((f) => SHARED_PATH.some((re) => re.test(code(readFileSync(path.join(REPO_ROOT, f), 'utf8')))));
    expect(offenders, 'use sharedData()/describeShared() from test/helpers so the test skips without the data').toEqual([]);
  });

  it('the check itself recognises the ways a path to the shared data is written', () => {
    const caught = ["join(root, '..', 'shared', 'data', 'seed')", "path.resolve(root, '../shared/data/feeds')", 'readFileSync(`../shared/data/${x}`)'];
    for (const line of caught) expect(SHARED_PATH.some((re) => re.test(code(line))), line).toBe(true);
    const fine = ["describe('shared feeds (../shared/data/feeds)', f)", "// reads ../shared/data/seed", "const shared = parse('x')"];
    for (const line of fine) expect(SHARED_PATH.some((re) => re.test(code(line))), line).toBe(false);
  });
});
