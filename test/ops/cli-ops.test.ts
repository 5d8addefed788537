/**
 * The operating commands through the real CLI: `serve` (listens, refuses the network without
 * credentials, exits 0 on SIGTERM), `queues status|failed|retry-failed` on real Redis, and
 * `reanalyze --since` re-tagging stored text and adding alerts once.
 */
import path from 'node:path';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { cliEnv, jsonLines, runCli, spawnCli, writeTestConfig } from '../helpers/cli.js';
import { REDIS_URL, redisPrefix, tempDir } from '../helpers/services.js';
import { readSeed, SEED_RULES } from '../pipeline/seed-fixture.js';

const temp = tempDir();
const redis = redisPrefix();
let env: NodeJS.ProcessEnv;
let databaseUrl: string;

beforeAll(() => {
  writeTestConfig(temp.dir, [{ id: 'seed-feed', url: 'http://127.0.0.1:9/feed.xml' }]);
  databaseUrl = `sqlite:${path.join(temp.dir, 'm.db')}`;
  env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl });
});
afterAll(async () => {
  await redis.drop();
  temp.drop();
});

/** Start `mediamon serve`, resolve with its URL once it says it listens. */
function serve(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const child = spawnCli(['serve', ...args], { ...env, ...extra });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /serve: listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`serve exited early: ${stderr}`)));
  });
  return { child, url, exited, stderr: () => stderr };
}

describe('mediamon serve', () => {
  it('listens on loopback without credentials, says so, and exits 0 on SIGTERM', async () => {
    const server = serve(['--port', '0']);
    const url = await server.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.stderr()).toContain('no credentials configured: loopback only');
    expect(await (await fetch(`${url}/healthz`)).text()).toBe('ok\n');
    expect((await fetch(`${url}/alerts`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('refuses a non-loopback --host without credentials (exit 2)', async () => {
    const run = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('serve: refusing to listen on 0.0.0.0 without authentication');
  });

  it('listens on every address with a token, and requires it', async () => {
    const server = serve(['--host', '0.0.0.0', '--port', '0'], { MEDIAMON_TOKEN: 'tok' });
    const port = new URL(await server.url).port;
    expect((await fetch(`http://127.0.0.1:${port}/alerts`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/alerts`, { headers: { authorization: 'Bearer tok' } })).status).toBe(200);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });
});

describe('mediamon queues', () => {
  it('reports counts, lists failed jobs with their reason, and retries them', async () => {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('fetch', { connection, prefix: redis.prefix });
    await queue.add('fetch', { url: 'http://example.org/broken' }, { jobId: 'broken-1' });
    const worker = new Worker('fetch', async () => { throw new UnrecoverableError('fetch: http://example.org/broken: HTTP 410'); }, { connection: connection.duplicate(), prefix: redis.prefix });
    await new Promise<void>((resolve) => worker.on('failed', () => resolve()));
    await worker.close();
    try {
      const status = jsonLines<Record<string, unknown>>((await runCli(['queues', 'status', '--json'], env)).stdout);
      expect(status.map((s) => s.queue)).toEqual(['poll', 'fetch', 'analyze', 'deliver']);
      expect(status[1]).toMatchObject({ queue: 'fetch', failed: 1, waiting: 0, oldest_waiting_ms: null });
      const human = await runCli(['queues', 'status'], env);
      expect(human.stdout).toMatch(/^queue\s+waiting\s+prioritized\s+active\s+delayed\s+failed\s+completed\s+oldest waiting$/m);

      const failed = await runCli(['queues', 'failed', '--queue', 'fetch'], env);
      expect(failed.code).toBe(0);
      expect(failed.stdout).toContain('broken-1');
      expect(failed.stdout).toContain('http://example.org/broken');
      expect(failed.stdout).toContain('fetch: http://example.org/broken: HTTP 410');
      expect((await runCli(['queues', 'failed', '--queue', 'nope'], env)).code).toBe(2);

      const retry = await runCli(['queues', 'retry-failed', '--queue', 'fetch'], env);
      expect(retry.stdout).toContain('fetch: 1 failed job(s) moved back to waiting');
      const after = jsonLines<Record<string, unknown>>((await runCli(['queues', 'status', '--json'], env)).stdout);
      expect(after[1]).toMatchObject({ failed: 0, waiting: 1 });
      expect(after[1]!.oldest_waiting_ms).toEqual(expect.any(Number));
      expect((await runCli(['queues', 'failed'], env)).stdout).toBe('no failed jobs\n');
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});

describe('mediamon reanalyze', () => {
  it('re-tags stored text, replacing mentions and adding alerts once', async () => {
    const store = await openStore(databaseUrl);
    const seed = readSeed();
    const saved = await store.saveAnalysis({
      key: 'seed', feedId: 'seed-feed', url: 'http://127.0.0.1:9/seed', canonicalUrl: null, title: 'Seed', text: seed.paragraphs.join('\n\n'),
      author: null, published: `${seed.date}T13:30:00Z`, lang: 'en', langConfidence: 1, siteName: null, method: 'generic', fetchError: null,
    }, [{ entity: 'stale-entity', start: 0, end: 4, text: seed.paragraphs[0]!.slice(0, 4) }], []);
    await store.close();

    const first = await runCli(['reanalyze', '--since', '2000-01-01'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/reanalyze: 1 articles re-tagged, \d+ new alerts/);
    const added = Number(/1 articles since 2000-01-01, \d+ mentions, (\d+) new alerts/.exec(first.stdout)?.[1]);
    expect(added).toBeGreaterThanOrEqual(SEED_RULES.length);
    const alerts = jsonLines<{ rule: string; entities: string[] }>((await runCli(['alerts', 'list', '--json'], env)).stdout);
    expect(alerts.map((a) => a.rule)).toEqual(expect.arrayContaining(SEED_RULES));
    expect(alerts[0]!.entities).toContain('pushilin');
    expect(alerts[0]!.entities).not.toContain('stale-entity');

    const again = await runCli(['reanalyze', '--since', '2000-01-01'], env);
    expect(again.stdout).toMatch(/, 0 new alerts/);
    expect(jsonLines((await runCli(['alerts', 'list', '--json'], env)).stdout)).toHaveLength(alerts.length);
    expect((await runCli(['reanalyze', '--since', 'yesterday'], env)).code).toBe(2);
    expect(saved.created).toBe(true);
  });
});
