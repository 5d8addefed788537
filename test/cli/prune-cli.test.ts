/**
 * `mediamon prune [--dry-run]` applies settings.retention now and says what went, per table; bad
 * retention settings are refused with the key named; the daily run is one scheduler on the deliver queue.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import YAML from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { createDelivery, type DeliverDeps } from '../../src/delivery/index.js';
import { createLogger } from '../../src/log.js';
import { syncSchedules } from '../../src/pipeline/scheduler.js';
import { PRUNE_SCHEDULER } from '../../src/queues/ids.js';
import { openQueues, type QueueSet } from '../../src/queues/index.js';
import { openStore, type ArticleInput } from '../../src/store/index.js';
import { cliEnv, runCli, writeTestConfig } from '../helpers/cli.js';
import { REDIS_URL, redisPrefix, tempDir } from '../helpers/services.js';

const RETENTION = { articles: '1s', alertedArticles: '365d', deliveries: '90d', dedupKeys: '730d' };

function article(key: string): ArticleInput {
  return {
    key, feedId: 'donbas', url: `https://example.org/${key}`, canonicalUrl: null, title: `Pushilin ${key}`, text: 'Denis Pushilin spoke.',
    author: null, published: null, lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
  };
}

describe('mediamon prune', { timeout: 120_000 }, () => {
  const temp = tempDir();
  const redis = redisPrefix();
  const dbUrl = () => `sqlite:${path.join(temp.dir, 'db.sqlite')}`;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    writeTestConfig(temp.dir, [{ id: 'donbas', url: 'https://donbas.example/rss' }], { retention: RETENTION });
    env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl: dbUrl() });
    const store = await openStore(dbUrl());
    try {
      const mention = { entity: 'pushilin', start: 6, end: 14, text: 'Pushilin' };
      await store.saveAnalysis(article('quiet-1'), [mention], []);
      await store.saveAnalysis(article('quiet-2'), [mention], []);
      await store.saveAnalysis(article('alerted-1'), [mention], [{ rule: 'watch', score: 1, priority: 'digest', mentions: [mention] }]);
    } finally {
      await store.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the quiet articles pass their 1 s
  });

  afterAll(async () => {
    await redis.drop();
    temp.drop();
  });

  const stored = async () => {
    const store = await openStore(dbUrl());
    try {
      return (await store.listArticles({})).map((a) => a.title).sort();
    } finally {
      await store.close();
    }
  };

  it('--dry-run says what would go, per table, and deletes nothing', async () => {
    const result = await runCli(['prune', '--dry-run'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^prune --dry-run: would delete \(nothing changed\)/);
    expect(result.stdout).toMatch(/articles without alerts\s+2 {2}\(older than 1s\)/);
    expect(result.stdout).toMatch(/articles with alerts\s+0 {2}\(older than 365d\)/);
    expect(result.stdout).toMatch(/their mentions\s+2\n/);
    // The quiet articles share a story with the alerted one, which stays: no story is left empty.
    expect(result.stdout).toMatch(/stories left empty\s+0\n/);
    expect(await stored()).toEqual(['Pushilin alerted-1', 'Pushilin quiet-1', 'Pushilin quiet-2']);
  });

  it('deletes what is older than the settings keep, and nothing the second time', async () => {
    const result = await runCli(['prune'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^prune: deleted/);
    expect(result.stdout).toMatch(/articles without alerts\s+2 /);
    expect(result.stdout).toContain('kept 2 pruned article key(s) as tombstones');
    expect(await stored()).toEqual(['Pushilin alerted-1']);
    const again = await runCli(['prune'], env);
    expect(again.stdout).toMatch(/articles without alerts\s+0 /);
  });

  it('refuses bad retention settings, naming the key (prune and config check)', async () => {
    const bad = tempDir();
    try {
      writeTestConfig(bad.dir, [{ id: 'donbas', url: 'https://donbas.example/rss' }], { retention: { articles: 'soon', schedule: 'daily' } });
      const badEnv = cliEnv({ configDir: bad.dir, prefix: redis.prefix, databaseUrl: dbUrl() });
      for (const args of [['prune'], ['config', 'check']]) {
        const result = await runCli(args, badEnv);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/retention\.articles/);
        expect(result.stderr).toMatch(/retention\.schedule/);
      }
    } finally {
      bad.drop();
    }
  });

  it('the daily run is one scheduler on the deliver queue, removed when the schedule is off', async () => {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queues: QueueSet = openQueues(connection, redis.prefix);
    try {
      await syncSchedules(loadConfig(temp.dir), queues);
      await syncSchedules(loadConfig(temp.dir), queues); // a second process starting: still one
      const schedulers = (await queues.queues.deliver.getJobSchedulers(0, -1)).filter((s) => s.key === PRUNE_SCHEDULER);
      expect(schedulers).toMatchObject([{ pattern: '17 3 * * *', tz: 'UTC' }]);
      writeFileSync(path.join(temp.dir, 'mediamon.yaml'), YAML.stringify({ retention: { ...RETENTION, schedule: 'off' } }));
      await syncSchedules(loadConfig(temp.dir), queues);
      expect(await queues.queues.deliver.getJobScheduler(PRUNE_SCHEDULER)).toBeUndefined();
    } finally {
      await queues.close();
      connection.disconnect();
    }
  });

  it('the daily job, as a deliver worker runs it, prunes with the configured settings', async () => {
    const store = await openStore(dbUrl());
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queues = openQueues(connection, redis.prefix);
    try {
      await store.saveAnalysis(article('quiet-3'), [], []);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const deps: DeliverDeps = { store, config: loadConfig(temp.dir), queues, log: createLogger({ level: 'silent' }) };
      await createDelivery().handle(deps, { kind: 'prune' }, { lastAttempt: false });
      expect((await store.listArticles({})).map((a) => a.title)).toEqual(['Pushilin alerted-1']);
    } finally {
      await queues.close();
      connection.disconnect();
      await store.close();
    }
  });
});
