/**
 * The schedule path end to end: `mediamon run` registers a digest scheduler for a subscription whose cron
 * has seconds ("*\/2 * * * * *", in Europe/Kyiv); the seed article's alerts are stored in one
 * transaction, so the next firing writes one digest file with all of them, and later firings, finding
 * nothing new, write nothing.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { spawnCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { REDIS_URL } from '../helpers/services.js';
import { SEED_TITLE, seedRoutes } from '../pipeline/seed-fixture.js';
import { waitFor } from './peers.js';

describe('a digest on a seconds schedule through `mediamon run`', () => {
  const e2e = useE2E({ routes: seedRoutes, feeds: (url) => [{ id: 'fixture-world', url: `${url}/feed.xml` }] });
  const digests = path.join(e2e.dir, 'digests');
  let run: ChildProcess | null = null;
  e2e.onClose(() => {
    if (run && run.exitCode === null) run.kill('SIGKILL');
  });

  beforeAll(() => {
    writeFileSync(path.join(e2e.dir, 'subscriptions.yaml'), YAML.stringify({ subscriptions: [
      { id: 'often', schedule: '*/2 * * * * *', timezone: 'Europe/Kyiv', channels: [{ type: 'file', dir: digests, formats: ['md'] }] },
    ] }));
  });

  it('writes one digest with every alert, then nothing more', async () => {
    run = spawnCli(['run', '--no-server'], e2e.env);
    let stderr = '';
    run.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor('a digest file', () => existsSync(digests) && readdirSync(digests).some((f) => f.endsWith('.md')), 90_000);
    const store = await openStore(e2e.databaseUrl);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('deliver', { connection, prefix: e2e.prefix });
    const firings = async () => (await queue.getJobs(['completed'])).filter((job) => job.name === 'digest').length;
    try {
      const seen = await firings();
      await waitFor('two more digest firings', async () => (await firings()) >= seen + 2, 60_000);
      const alerts = await store.listAlerts();
      const deliveries = await store.listDeliveries({ subscription: 'often' });
      expect(deliveries.map((d) => [d.status, d.alertIds.length])).toEqual([['sent', alerts.length]]);
    } finally {
      await queue.close();
      await connection.quit();
      await store.close();
    }
    run.kill('SIGTERM');
    const code = await new Promise((resolve) => run!.once('exit', resolve));
    expect(code, stderr).toBe(0);
    const files = readdirSync(digests).filter((f) => f.endsWith('.md'));
    expect(files).toHaveLength(1);
    const md = readFileSync(path.join(digests, files[0]!), 'utf8');
    expect(md).toContain(`### 1. ${SEED_TITLE}`);
    expect(md).toMatch(/^# mediamon: \d+ alerts — /);
  }, 180_000);
});
