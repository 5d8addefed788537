/**
 * Crashes lose nothing. 40 local feeds with 2,000 articles; several `mediamon worker` processes per
 * stage (one of them `worker fetch,analyze`, which analyses in the fetch job) on a private Redis (append-only file) and PostgreSQL behind a proxy the test controls. While
 * the work runs: kill -9 a random worker at random moments (restarting it) at least 10 times, kill -9
 * and restart Redis once, cut the store off for a few seconds. At the end: one article per article
 * served, exactly the expected alerts, queues drained, nothing failed, no worker crashed by itself.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadConfig } from '../../src/config/load.js';
import { analyzeDocument, createAnalyzer } from '../../src/pipeline/analyze.js';
import { connectRedis } from '../../src/pipeline/runtime.js';
import { openQueues, pendingJobs, STAGES, type QueueSet } from '../../src/queues/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { cliEnv, spawnCli, writeTestConfig } from '../helpers/cli.js';
import { newsPage, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { PG_URL, pgSchema, tempDir } from '../helpers/services.js';
import { freePort, PgProxy, PrivateRedis, serveCorpus, TEMPLATES, type ServedArticle } from './chaos-kit.js';

const HOSTS = 4;
const FEEDS_PER_HOST = 10;
const PER_FEED = 50;
const TOTAL = HOSTS * FEEDS_PER_HOST * PER_FEED;
/** One process runs fetch and analyze together: it analyses and stores the pages it fetches in the fetch
 *  job itself (no analyze job); the other fetch process hands its pages to the analyze processes. */
const WORKERS = ['poll', 'poll', 'fetch', 'fetch,analyze', 'analyze', 'analyze', 'deliver'];
const MIN_KILLS = 10;
/** Kills start once the first article is stored and come 1.5 to 3 s apart: they land on work in flight. */
const KILL_GAP_MS = [1_500, 3_000] as const;
const WAVE_GAP_MS = 2_000;
/** Redis is killed and restarted once a fifth of the articles are stored; the store is cut at half. */
const REDIS_KILL_SHARE = 0.2;
const STORE_CUT_SHARE = 0.5;
const STORE_CUT_MS = 3_000;
/** Lowered so a killed worker's jobs come back within seconds (see WORKER_LOCKS). */
const LOCK_MS = 4_000;
const WAIT_LIMIT_MS = 150_000;
const TEST_LIMIT_MS = 180_000;
const SEED = 20_260_225;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Slot {
  stage: string;
  child: ChildProcess;
  killedByTest: boolean;
}

describe('chaos: crashes, a Redis restart and a store outage lose nothing', () => {
  const temp = tempDir();
  const servers: FixtureServer[] = [];
  let redis: PrivateRedis;
  let proxy: PgProxy;
  let schema: Awaited<ReturnType<typeof pgSchema>>;
  let store: Store;
  let queues: QueueSet;
  let connection: ReturnType<typeof connectRedis>;
  let env: NodeJS.ProcessEnv;
  let served: ServedArticle[] = [];
  const slots: Slot[] = [];
  const unexpectedExits: string[] = [];
  let workerLog = '';

  function spawnWorker(slot: number, stage: string): void {
    const child = spawnCli(['worker', stage], env);
    const entry: Slot = { stage, child, killedByTest: false };
    child.stdout!.resume();
    child.stderr!.on('data', (d: Buffer) => {
      if (workerLog.length < 2_000_000) workerLog += d.toString();
    });
    let lastLines = '';
    child.stderr!.on('data', (d: Buffer) => (lastLines = (lastLines + d.toString()).slice(-2_000)));
    child.once('exit', (code, signal) => {
      if (entry.killedByTest || stopping) return;
      // Like a supervisor (systemd Restart=on-failure): note why, start it again.
      unexpectedExits.push(`${stage}: exit ${code ?? signal}: ${lastLines.replace(/\s+/g, ' ')}`);
      spawnWorker(slot, stage);
    });
    slots[slot] = entry;
  }
  let stopping = false;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort(), temp.dir);
    await redis.start();
    proxy = new PgProxy(await freePort());
    await proxy.resume();
    schema = await pgSchema();
    for (let i = 0; i < HOSTS; i++) servers.push(await startFixtureServer());
    const corpus = serveCorpus(servers, FEEDS_PER_HOST, PER_FEED);
    served = corpus.articles;
    writeTestConfig(temp.dir, corpus.feeds, { fetch: { timeout: '15s', perHostConcurrency: 8 }, polling: { interval: '1h', minInterval: '1h' } });
    store = await openStore(schema.url);
    const proxied = schema.url.replace(new URL(PG_URL).host, `127.0.0.1:${proxy.port}`);
    env = cliEnv({ configDir: temp.dir, prefix: 'chaos', databaseUrl: proxied, extra: { REDIS_URL: redis.url, MEDIAMON_LOCK_DURATION_MS: String(LOCK_MS), MEDIAMON_LOG_LEVEL: 'warn' } });
    connection = connectRedis(redis.url);
    queues = openQueues(connection, 'chaos');
    WORKERS.forEach((stage, i) => spawnWorker(i, stage));
  });

  afterAll(async () => {
    if (process.env.CHAOS_DEBUG) writeFileSync(process.env.CHAOS_DEBUG, workerLog);
    stopping = true;
    for (const slot of slots) if (slot.child.exitCode === null) slot.child.kill('SIGKILL');
    await queues?.close();
    connection?.disconnect();
    await store?.close();
    await proxy?.stop();
    await redis?.kill('SIGTERM');
    await Promise.allSettled(servers.map((s) => s.close()));
    await schema?.drop();
    temp.drop();
  });

  /** The alerts each template must raise, from the project's own analyzer on the very pages served. */
  function expectedAlerts(): Map<string, number> {
    const analyzer = createAnalyzer(loadConfig(temp.dir, {}));
    const rulesOf = TEMPLATES.map((paragraphs) =>
      analyzeDocument(analyzer, { html: newsPage({ title: 'Story', paragraphs }), url: 'http://127.0.0.1/x', feedId: 'chaos-0-0', feed: null }).hits.map((h) => h.rule),
    );
    expect(rulesOf[1]!.length, 'the evacuation template must raise alerts').toBeGreaterThan(0);
    const counts = new Map<string, number>();
    for (const article of served) for (const rule of rulesOf[article.template]!) counts.set(rule, (counts.get(rule) ?? 0) + 1);
    return counts;
  }

  async function chaos(done: () => Promise<boolean>): Promise<{ kills: number; redisRestarted: boolean; storeCut: boolean }> {
    const rand = prng(SEED);
    let kills = 0;
    let redisRestarted = false;
    let storeCut = false;
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while ((await store.counts()).articles === 0) {
      if (Date.now() > deadline) throw new Error('chaos: no article stored at all');
      await sleep(250);
    }
    while (kills < MIN_KILLS || !(await done())) {
      if (Date.now() > deadline) throw new Error(`chaos: not done after ${WAIT_LIMIT_MS} ms (kills ${kills}, articles ${(await store.counts()).articles})`);
      await sleep(KILL_GAP_MS[0] + rand() * (KILL_GAP_MS[1] - KILL_GAP_MS[0]));
      const articles = (await store.counts()).articles;
      if (process.env.CHAOS_DEBUG) console.log(`chaos: kills ${kills}, articles ${articles}, pending ${await pendingJobs(queues)}`);
      if (!redisRestarted && articles >= TOTAL * REDIS_KILL_SHARE) {
        await redis.kill('SIGKILL');
        await sleep(500);
        await redis.start();
        redisRestarted = true;
      } else if (!storeCut && articles >= TOTAL * STORE_CUT_SHARE) {
        await proxy.stop();
        await sleep(STORE_CUT_MS);
        await proxy.resume();
        storeCut = true;
      }
      if (kills >= MIN_KILLS) continue;
      const index = Math.floor(rand() * slots.length);
      const slot = slots[index]!;
      slot.killedByTest = true;
      slot.child.kill('SIGKILL');
      spawnWorker(index, slot.stage);
      kills++;
    }
    return { kills, redisRestarted, storeCut };
  }

  it(`stores each of ${TOTAL} articles once and exactly the expected alerts`, async () => {
    const expected = expectedAlerts();
    // Feeds are polled in waves, so the kills land on work in flight at every stage.
    const feedIds = [...new Set(served.map((a) => a.feedId))];
    const waves = (async () => {
      for (let i = 0; i < feedIds.length; i += 4) {
        await queues.queues.poll.addBulk(feedIds.slice(i, i + 4).map((feedId) => ({ name: 'poll', data: { feedId, force: true }, opts: { jobId: `chaos-${feedId}` } })));
        await sleep(WAVE_GAP_MS);
      }
    })();
    let emptyInARow = 0;
    const { kills, redisRestarted, storeCut } = await chaos(async () => {
      const articles = (await store.counts()).articles;
      emptyInARow = articles >= TOTAL && (await pendingJobs(queues)) === 0 ? emptyInARow + 1 : 0;
      return emptyInARow >= 2;
    });
    await waves;
    expect({ kills: kills >= MIN_KILLS, redisRestarted, storeCut }).toEqual({ kills: true, redisRestarted: true, storeCut: true });

    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const name = new URL(schema.url).searchParams.get('schema')!;
      const articles = await client.query<{ n: string; urls: string; keys: string }>(`SELECT count(*) AS n, count(DISTINCT url) AS urls, count(DISTINCT key) AS keys FROM "${name}".articles`);
      expect(Object.values(articles.rows[0]!).map(Number)).toEqual([TOTAL, TOTAL, TOTAL]);
      const urls = await client.query<{ url: string }>(`SELECT url FROM "${name}".articles`);
      expect(new Set(urls.rows.map((r) => r.url))).toEqual(new Set(served.map((a) => a.url)));
      const alerts = await client.query<{ rule: string; n: string; articles: string }>(`SELECT rule, count(*) AS n, count(DISTINCT article_id) AS articles FROM "${name}".alerts GROUP BY rule`);
      const actual = new Map(alerts.rows.map((r) => [r.rule, Number(r.n)]));
      expect(actual).toEqual(expected);
      for (const row of alerts.rows) expect(Number(row.articles)).toBe(Number(row.n));
    } finally {
      await client.end();
    }

    for (const stage of STAGES) {
      const counts = await queues.queues[stage].getJobCounts('failed', 'active', 'waiting', 'prioritized');
      expect(counts, stage).toEqual({ failed: 0, active: 0, waiting: 0, prioritized: 0 });
    }
    // The only exits allowed: a worker (re)started while the store is cut off refuses to start, saying so.
    for (const exit of unexpectedExits) expect(exit).toMatch(/exit 1: .*mediamon: store: cannot reach PostgreSQL/);
    // The store outage made jobs fail and retry, not vanish.
    expect(workerLog).toMatch(/will retry/);
  }, TEST_LIMIT_MS);
});
