/**
 * Soak benchmark: the full pipeline (one `mediamon worker` process per stage, two for fetch and
 * analyze) over >= 20,000 generated articles on local hosts, feeds polled in waves so the load lasts,
 * with the RSS of every process sampled over time. Memory must level off: the report compares each
 * process's RSS in the second quarter of the run with the last quarter.
 *
 *   npm run bench:soak       (node dist/test/bench/soak.js)
 *   npx tsx test/bench/soak.ts [--articles 20000] [--hosts 8] [--store pg|sqlite] [--sample-s 5]
 *
 * Figures go to stdout and to data/bench/soak-<time>.json. A benchmark: it measures, asserts nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectRedis } from '../../src/pipeline/runtime.js';
import { openQueues, pendingJobs } from '../../src/queues/index.js';
import { openStore } from '../../src/store/index.js';
import { writeTestConfig } from '../helpers/cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { REDIS_URL, uniqueName } from '../helpers/services.js';
import { serveCorpus } from '../reliability/chaos-kit.js';
import { machineInfo, printTable, procStats, repoRoot, round } from './harness.js';
import { chooseLauncher, startProc, type Proc } from './pipeline/procs.js';
import { dropRedisPrefix, freshDatabase } from './pipeline/services.js';

const PER_FEED = 100;
const WORKERS = ['poll', 'fetch', 'fetch', 'analyze', 'analyze', 'deliver'];
const WAVE_FEEDS = 10;
const WAVE_GAP_MS = 5_000;
const LIMIT_MS = 30 * 60_000;

interface Args {
  articles: number;
  hosts: number;
  store: 'pg' | 'sqlite';
  sampleMs: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { articles: 20_000, hosts: 8, store: 'pg', sampleMs: 5_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--articles') args.articles = Number(value);
    else if (flag === '--hosts') args.hosts = Number(value);
    else if (flag === '--store') args.store = value === 'sqlite' ? 'sqlite' : 'pg';
    else if (flag === '--sample-s') args.sampleMs = Number(value) * 1000;
    else throw new Error(`soak: unknown option ${flag}`);
  }
  return args;
}

interface Sample {
  s: number;
  articles: number;
  pending: number;
  rssMb: Record<string, number>;
}

/** Mean RSS of a process over the samples in [from, to) of the run (as shares of its length). */
function meanRss(samples: Sample[], name: string, from: number, to: number): number {
  const slice = samples.slice(Math.floor(samples.length * from), Math.max(Math.floor(samples.length * from) + 1, Math.floor(samples.length * to)));
  const values = slice.map((s) => s.rssMb[name]).filter((v): v is number => v !== undefined);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = repoRoot();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mediamon-soak-'));
  const prefix = uniqueName('soak');
  const db = await freshDatabase(args.store, dir);
  const servers: FixtureServer[] = [];
  const procs: Proc[] = [];
  const t0 = Date.now();
  const log = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}\n`);
  try {
    const feedsPerHost = Math.ceil(args.articles / PER_FEED / args.hosts);
    for (let i = 0; i < args.hosts; i++) servers.push(await startFixtureServer());
    const corpus = serveCorpus(servers, feedsPerHost, PER_FEED);
    const total = corpus.articles.length;
    writeTestConfig(dir, corpus.feeds, { fetch: { timeout: '20s', perHostConcurrency: 8 }, polling: { interval: '24h', minInterval: '24h' } });
    const store = await openStore(db.url);
    const connection = connectRedis(REDIS_URL);
    const queues = openQueues(connection, prefix);
    const launcher = chooseLauncher(root, null, []);
    const env = { ...process.env, MEDIAMON_CONFIG: dir, MEDIAMON_QUEUE_PREFIX: prefix, DATABASE_URL: db.url, REDIS_URL, MEDIAMON_ALLOW_HOSTS: '127.0.0.1', MEDIAMON_LOG_LEVEL: 'error' };
    WORKERS.forEach((stage, i) => procs.push(startProc(`${stage}-${i}`, launcher, 'cli', ['worker', stage], env)));
    log(`${total} articles on ${args.hosts} hosts, ${corpus.feeds.length} feeds; ${WORKERS.length} workers from ${launcher.mode}; store ${args.store}`);
    const feedIds = corpus.feeds.map((f) => f.id);
    const waves = (async () => {
      for (let i = 0; i < feedIds.length; i += WAVE_FEEDS) {
        await queues.queues.poll.addBulk(feedIds.slice(i, i + WAVE_FEEDS).map((feedId) => ({ name: 'poll', data: { feedId, force: true }, opts: { jobId: `soak-${feedId}` } })));
        await new Promise((r) => setTimeout(r, WAVE_GAP_MS));
      }
    })();
    const samples: Sample[] = [];
    for (;;) {
      await new Promise((r) => setTimeout(r, args.sampleMs));
      const articles = (await store.counts()).articles;
      const pending = await pendingJobs(queues);
      const rssMb = Object.fromEntries(procs.map((p) => [p.name, round(procStats(p.child.pid!)?.rssMb ?? NaN, 0)]));
      samples.push({ s: round((Date.now() - t0) / 1000, 0), articles, pending, rssMb });
      log(`articles ${articles}/${total}, pending ${pending}, RSS MB ${Object.values(rssMb).join(' ')}`);
      if (articles >= total && pending === 0) break;
      if (Date.now() - t0 > LIMIT_MS) throw new Error('soak: did not finish in time');
    }
    await waves;
    const seconds = (Date.now() - t0) / 1000;
    const names = procs.map((p) => p.name);
    console.log(`\nsoak: ${total} articles in ${round(seconds, 0)} s (${round(total / seconds, 1)}/s), machine ${JSON.stringify(machineInfo())}`);
    const every = Math.max(1, Math.floor(samples.length / 12));
    printTable(['t (s)', 'articles', ...names], samples.filter((_, i) => i % every === 0 || i === samples.length - 1).map((s) => [String(s.s), s.articles, ...names.map((n) => s.rssMb[n] ?? NaN)]));
    const levels = names.map((n) => {
      const early = meanRss(samples, n, 0.25, 0.5);
      const late = meanRss(samples, n, 0.75, 1);
      return { name: n, q2Mb: round(early, 0), q4Mb: round(late, 0), growthPct: round(((late - early) / early) * 100, 1) };
    });
    console.log('\nRSS, mean of the 2nd quarter vs the last quarter of the run:');
    printTable(['process', 'q2 MB', 'q4 MB', 'growth %'], levels.map((l) => [l.name, l.q2Mb, l.q4Mb, l.growthPct]));
    mkdirSync(path.join(root, 'data/bench'), { recursive: true });
    const out = path.join(root, `data/bench/soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify({ args, total, seconds, samples, levels, machine: machineInfo() }, null, 2));
    console.log(`\nwritten: ${out}`);
    await queues.close();
    connection.disconnect();
    await store.close();
  } finally {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.allSettled(procs.map((p) => p.exited));
    await Promise.allSettled(servers.map((s) => s.close()));
    await dropRedisPrefix(prefix);
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? error);
  process.exit(1);
});
