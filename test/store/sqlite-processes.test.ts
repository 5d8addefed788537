/**
 * Several processes writing one SQLite file at once (mediamon run plus mediamon worker processes on one
 * host): a busy write lock is waited for, never an error, and every write lands exactly once.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { REPO_ROOT, tempDir } from '../helpers/services.js';

const PROCESSES = 4;
const ARTICLES = 60;
const TSX = pathToFileURL(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('tsx/esm')).href;
const STORE = pathToFileURL(path.join(REPO_ROOT, 'src/store/index.ts')).href;

function writer(file: string, name: string): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { openStore } = await import(${JSON.stringify(STORE)});
    const store = await openStore(${JSON.stringify(`sqlite:${file}`)});
    for (let i = 0; i < ${ARTICLES}; i++) {
      // Half the keys are shared by every process: exactly one of them may create each.
      const key = i % 2 === 0 ? 'shared-' + i : '${name}-' + i;
      await store.saveAnalysis({ key, feedId: 'f', url: null, canonicalUrl: null, title: key, text: 'Pushilin '.repeat(200),
        author: null, published: null, lang: 'en', langConfidence: 1, siteName: null, method: 'generic', fetchError: null },
        [{ entity: 'pushilin', start: 0, end: 8, text: 'Pushilin' }],
        [{ rule: 'r', score: 1, priority: 'digest', mentions: [] }]);
    }
    await store.close();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('SQLite shared by several processes', () => {
  const temp = tempDir();
  afterAll(() => temp.drop());

  it('lands every write once, with no busy errors', async () => {
    const file = path.join(temp.dir, 'shared.db');
    (await openStore(`sqlite:${file}`)).close();
    const results = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => writer(file, `p${i}`)));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const store = await openStore(`sqlite:${file}`);
    try {
      const expected = ARTICLES / 2 + PROCESSES * (ARTICLES / 2);
      expect(await store.counts()).toMatchObject({ articles: expected, alerts: expected });
    } finally {
      await store.close();
    }
  });
});
