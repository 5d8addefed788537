/**
 * `mediamon run` analyses in child processes too: they share the work, are stopped with the parent on
 * Ctrl-C, and stop by themselves if the parent is killed outright.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeChildCount } from '../../src/cli/analyze-children.js';
import { openStore, type Store } from '../../src/store/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { reportSite, useE2E } from '../helpers/e2e.js';
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
    let store: Store;
    const e2e = useE2E({ routes: reportSite(30), feeds: (url) => [{ id: 'site', url: `${url}/feed.xml` }] });

    beforeAll(async () => {
      store = await openStore(e2e.databaseUrl);
      e2e.onClose(() => store.close());
    });

    it('run --once with two children stores every article once and leaves no process behind', async () => {
      const run = await runCli(['run', '--once', '--analyze-procs', '2'], e2e.env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/30 new articles/);
      expect((await store.listAlerts({ rule: 'donbas-evacuation' })).length).toBe(30);
    });

    it('children stop with the parent on SIGINT, and by themselves when the parent is killed', async () => {
      const parent = spawnCli(['run', '--no-server', '--analyze-procs', '2'], { ...e2e.env, MEDIAMON_LOG_LEVEL: 'info' });
      let log = '';
      parent.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      await until(() => log.includes('run: all stages started') && childrenOf(parent.pid!).length === 2, 'the run to start two analyze children', 20_000);
      const first = childrenOf(parent.pid!);
      const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
      parent.kill('SIGINT');
      expect(await exited).toBe(0);
      for (const pid of first) expect(alive(pid)).toBe(false);

      const again = spawnCli(['run', '--no-server', '--analyze-procs', '1'], { ...e2e.env, MEDIAMON_LOG_LEVEL: 'info' });
      let childLog = '';
      again.stderr!.on('data', (d: Buffer) => (childLog += d.toString()));
      await until(() => childLog.includes('worker: analyze started') && childrenOf(again.pid!).length === 1, 'one analyze child', 20_000);
      const [orphan] = childrenOf(again.pid!);
      again.kill('SIGKILL');
      await until(() => !alive(orphan!), 'the orphaned child to stop by itself', 20_000);
    });
  });
});
