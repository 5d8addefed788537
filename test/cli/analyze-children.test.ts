/**
 * `mediamon run` analyses in child processes too: they share the work, are stopped with the parent on
 * Ctrl-C, and stop by themselves if the parent is killed outright.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChildCount } from '../../src/cli/analyze-children.js';
import { openStore, type Store } from '../../src/store/index.js';
import { cliEnv, runCli, spawnCli, writeTestConfig } from '../helpers/cli.js';
import { newsPage, rssFeed, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { redisPrefix, tempDir } from '../helpers/services.js';
import { until } from '../helpers/wait.js';

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Whether a process is running (a zombie waiting for a reaper does not count). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('analyze child processes of mediamon run', () => {
  it('defaults to none on two cores (threads cover them), else one per core beyond the first, at most three', () => {
    expect([1, 2, 3, 4, 16].map((cpus) => analyzeChildCount('auto', cpus))).toEqual([0, 0, 2, 3, 3]);
    expect(analyzeChildCount(0, 16)).toBe(0);
  });

  describe('in a run', () => {
    let server: FixtureServer;
    const temp = tempDir();
    const redis = redisPrefix();
    let env: NodeJS.ProcessEnv;
    let store: Store;
    const dbUrl = `sqlite:${path.join(temp.dir, 'db.sqlite')}`;

    beforeAll(async () => {
      server = await startFixtureServer();
      const items = Array.from({ length: 30 }, (_, i) => ({ title: `Report ${i}`, link: `${server.url}/a/${i}` }));
      server.routes.set('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Site', items) });
      for (let i = 0; i < 30; i++) {
        server.routes.set(`/a/${i}`, { headers: { 'content-type': 'text/html' }, body: newsPage({ title: `Report ${i}`, paragraphs: [`Report ${i}: Denis Pushilin ordered the evacuation of civilians from the DPR on Friday, officials said.`] }) });
      }
      writeTestConfig(temp.dir, [{ id: 'site', url: `${server.url}/feed.xml` }]);
      env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl: dbUrl });
      store = await openStore(dbUrl);
    });

    afterAll(async () => {
      await store?.close();
      await server?.close();
      await redis.drop();
      temp.drop();
    });

    it('run --once with two children stores every article once and leaves no process behind', async () => {
      const run = await runCli(['run', '--once', '--analyze-procs', '2'], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/30 new articles/);
      expect((await store.listAlerts({ rule: 'donbas-evacuation' })).length).toBe(30);
    });

    it('children stop with the parent on SIGINT, and by themselves when the parent is killed', async () => {
      const parent = spawnCli(['run', '--no-server', '--analyze-procs', '2'], { ...env, MEDIAMON_LOG_LEVEL: 'info' });
      let log = '';
      parent.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      await until(() => log.includes('run: all stages started') && childrenOf(parent.pid!).length === 2, 'the run to start two analyze children', 20_000);
      const first = childrenOf(parent.pid!);
      const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
      parent.kill('SIGINT');
      expect(await exited).toBe(0);
      for (const pid of first) expect(alive(pid)).toBe(false);

      const again = spawnCli(['run', '--no-server', '--analyze-procs', '1'], { ...env, MEDIAMON_LOG_LEVEL: 'info' });
      let childLog = '';
      again.stderr!.on('data', (d: Buffer) => (childLog += d.toString()));
      await until(() => childLog.includes('worker: analyze started') && childrenOf(again.pid!).length === 1, 'one analyze child', 20_000);
      const [orphan] = childrenOf(again.pid!);
      again.kill('SIGKILL');
      await until(() => !alive(orphan!), 'the orphaned child to stop by itself', 20_000);
    });
  });
});
