/**
 * Many hosts: several `mediamon worker <stage>` processes per stage against one Redis and one PostgreSQL
 * schema, three local feeds carrying 120 articles. The work is split (every fetch and analyze process
 * did some, per the counters each process pushes to Redis), nothing is done twice (one article per URL,
 * each page fetched once, each alert once), and every worker exits 0 on SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { readWorkerCounts } from '../../src/queues/metrics-push.js';
import { openStore, type Store } from '../../src/store/index.js';
import { jsonLines, runCli, spawnCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { newsPage, rssFeed, type Route } from '../helpers/fixture-server.js';
import { REDIS_URL } from '../helpers/services.js';

const FEEDS = 3;
const ITEMS_PER_FEED = 40;
const TOTAL = FEEDS * ITEMS_PER_FEED;
/** Every third story names Pushilin, the DPR and an evacuation in one sentence. */
const isAlerting = (item: number) => item % 3 === 0;
const ALERTING = FEEDS * Array.from({ length: ITEMS_PER_FEED }, (_, i) => i).filter(isAlerting).length;
/** Each page answers after this long, so jobs overlap and every worker gets some. */
const PAGE_DELAY_MS = 25;
const WORKERS = { poll: 1, fetch: 2, analyze: 2 } as const;
const WAIT_LIMIT_MS = 240_000;

const ALERT_PARAGRAPH = 'Denis Pushilin, head of the DPR, announced the evacuation of civilians from Donetsk to Russia.';
const PLAIN_PARAGRAPH = 'The city council discussed the new budget for public libraries and parks on Tuesday evening.';

function articlePath(feed: number, item: number): string {
  return `/f${feed}/story-${item}`;
}

function siteRoutes(url: string): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (let f = 0; f < FEEDS; f++) {
    const items = Array.from({ length: ITEMS_PER_FEED }, (_, i) => ({
      title: `Feed ${f} story ${i}`, link: `${url}${articlePath(f, i)}?utm_source=rss`, description: PLAIN_PARAGRAPH,
      pubDate: new Date(Date.UTC(2022, 1, 18, 12, i)).toUTCString(),
    }));
    routes[`/f${f}.xml`] = { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed(`Feed ${f}`, items) };
    for (let i = 0; i < ITEMS_PER_FEED; i++) {
      const paragraphs = [`Story ${i} of feed ${f}.`, isAlerting(i) ? ALERT_PARAGRAPH : PLAIN_PARAGRAPH, PLAIN_PARAGRAPH];
      const body = newsPage({ title: `Feed ${f} story ${i}`, paragraphs });
      routes[articlePath(f, i)] = (_req, res) => {
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body), PAGE_DELAY_MS);
      };
    }
  }
  return routes;
}

interface Proc {
  stage: string;
  child: ChildProcess;
  stderr: string;
  started: Promise<void>;
  exited: Promise<number | null>;
}

function startWorker(stage: string, env: NodeJS.ProcessEnv): Proc {
  const child = spawnCli(['worker', stage, '--log-level', 'info'], env);
  const proc = { stage, child, stderr: '' } as Proc;
  proc.exited = new Promise((resolve) => child.on('close', resolve));
  proc.started = new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      proc.stderr += d.toString();
      if (proc.stderr.includes(`worker: ${stage} started`)) resolve();
    });
    void proc.exited.then((code) => reject(new Error(`worker ${stage} exited (${code}) before starting: ${proc.stderr}`)));
  });
  return proc;
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`many hosts: gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('many worker processes on one Redis and one PostgreSQL', () => {
  const e2e = useE2E({
    store: 'pg',
    routes: siteRoutes,
    feeds: (url) => Array.from({ length: FEEDS }, (_, f) => ({ id: `feed-${f}`, url: `${url}/f${f}.xml` })),
    settings: () => ({ fetch: { perHostConcurrency: 8 }, queues: { concurrency: { fetch: 4, analyze: 1, poll: 2 } } }),
  });
  let store: Store;
  const procs: Proc[] = [];
  e2e.onClose(() => store?.close());
  e2e.onClose(() => {
    for (const proc of procs) if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  });

  it('splits the work, does nothing twice, and stops cleanly', async () => {
    for (const [stage, n] of Object.entries(WORKERS)) for (let i = 0; i < n; i++) procs.push(startWorker(stage, e2e.env));
    await Promise.all(procs.map((p) => p.started));

    const poll = await runCli(['feeds', 'poll'], e2e.env);
    // `feeds poll` waits for each poll's result and says what happened (the workers' own first polls may
    // have read the feeds already: then a poll finds them unchanged).
    const lines = poll.stdout.trim().split('\n');
    expect(lines, poll.stdout + poll.stderr).toHaveLength(FEEDS);
    for (const line of lines) expect(line).toMatch(/^feed-\d+: polled/);
    expect(poll.code).toBe(0);
    store = await openStore(e2e.databaseUrl, { migrate: false });
    await waitFor(`${TOTAL} articles`, async () => (await store.counts()).articles >= TOTAL);

    // Nothing twice: one article per URL, each page fetched once, one alert per (article, rule).
    expect((await store.counts()).articles).toBe(TOTAL);
    const alerts = jsonLines<{ url: string; rule: string }>((await runCli(['alerts', 'list', '--json', '--limit', '10000'], e2e.env)).stdout);
    expect(alerts.length).toBeGreaterThanOrEqual(ALERTING);
    expect(new Set(alerts.map((a) => `${a.url} ${a.rule}`)).size).toBe(alerts.length);
    expect(new Set(alerts.map((a) => a.url)).size).toBe(ALERTING);
    for (let f = 0; f < FEEDS; f++) for (let i = 0; i < ITEMS_PER_FEED; i++) expect(e2e.server.hits.get(articlePath(f, i)), articlePath(f, i)).toBe(1);

    // The work is split: every fetch and analyze process completed jobs.
    const redis = new Redis(REDIS_URL);
    try {
      const counts = await readWorkerCounts(redis, e2e.prefix);
      for (const stage of ['fetch', 'analyze'] as const) {
        const pids = procs.filter((p) => p.stage === stage).map((p) => p.child.pid);
        const byPid = new Map([...(counts.get(stage) ?? new Map()).entries()].map(([id, c]) => [Number(id.split(':').at(-1)), c.completed ?? 0]));
        for (const pid of pids) expect(byPid.get(pid!), `${stage} worker ${pid} did no jobs`).toBeGreaterThan(0);
        expect([...byPid.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
      }
    } finally {
      redis.disconnect();
    }

    for (const proc of procs) proc.child.kill('SIGTERM');
    const codes = await Promise.all(procs.map((p) => p.exited));
    expect(codes).toEqual(procs.map(() => 0));
  }, 300_000);
});
