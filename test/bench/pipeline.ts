/**
 * Pipeline benchmark: the real pipeline (poll -> fetch -> analyze -> deliver, real Redis, SQLite or
 * PostgreSQL, the real worker processes) over a local news site built from the shared development
 * pages, measured against the straight-line rate of the same stage functions in one process.
 *
 *   npx tsx test/bench/pipeline.ts [--feeds 50] [--per-feed 40] [--store sqlite|pg]
 *       [--analyze-procs 1,2,4|none] [--rate 40] [--latency-feeds 10] [--cli dist|tsx]
 *       [--only straight,once,scale,inline,latency,redis] [--profile DIR] [--out FILE] [--json]
 *   npm run bench                         (node dist/test/bench/pipeline.js)
 *
 * Figures go to stdout (a table) and to data/bench/pipeline-<time>.json; with --json the last line is
 * one JSON object. This is a benchmark: it measures and asserts nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/load.js';
import pg from 'pg';
import { PG_URL, REDIS_URL } from '../helpers/services.js';
import { machineInfo, repoRoot, round } from './harness.js';
import { parseArgs, type Args } from './pipeline/args.js';
import { printReport } from './pipeline/report.js';
import { chooseLauncher } from './pipeline/procs.js';
import { measureRedisMemory, type RedisMemory } from './pipeline/redis-mem.js';
import { runPipeline } from './pipeline/run.js';
import { freshDatabase } from './pipeline/services.js';
import { loadSourcePages, startNewsSite, type NewsSite } from './pipeline/site.js';
import { runStraightLine, type StraightResult } from './pipeline/straight.js';
import type { RunFigures } from './pipeline/timings.js';

async function redisVersion(): Promise<string> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    return /^redis_version:(\S+)/m.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
    return String((await client.query('SHOW server_version')).rows[0]?.server_version ?? 'unknown');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function straightLine(site: NewsSite, args: Args, root: string): Promise<StraightResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mediamon-bench-straight-'));
  const db = await freshDatabase(args.store, dir);
  try {
    return await runStraightLine(site, loadConfig(path.join(root, 'config')), db.url);
  } finally {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = repoRoot();
  const nodeFlags = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [];
  const launcher = chooseLauncher(root, args.cli, nodeFlags);
  const machine = { ...machineInfo(), redis: await redisVersion(), ...(args.store === 'pg' ? { postgres: await postgresVersion() } : {}) };
  const t0 = Date.now();
  const log = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  log(`loading pages; workers run from ${launcher.mode} (${launcher.reason})`);
  const pages = loadSourcePages(args.feeds * args.perFeed);
  const site = await startNewsSite({ feeds: args.feeds, perFeed: args.perFeed, pages });
  const runs: RunFigures[] = [];
  let straight: StraightResult | null = null;
  let memory: RedisMemory | null = null;
  try {
    if (args.only.has('straight')) {
      log('straight line (one process, no queues)');
      straight = await straightLine(site, args, root);
    }
    if (args.only.has('once')) {
      log('mediamon run --once (every stage, analysis also in its child processes)');
      runs.push(await runPipeline(site, launcher, { label: 'run --once', mode: 'run-once', analyzeProcs: 1, store: args.store }));
    }
    if (args.only.has('scale')) {
      for (const n of args.analyzeProcs) {
        log(`stage host + ${n} x mediamon worker analyze`);
        runs.push(await runPipeline(site, launcher, { label: `${n} analyze proc${n > 1 ? 's' : ''}`, mode: 'workers', analyzeProcs: n, store: args.store }));
      }
    }
    if (args.only.has('inline')) {
      for (const n of args.analyzeProcs) {
        log(`stage host (poll, deliver) + ${n} x mediamon worker fetch,analyze`);
        runs.push(await runPipeline(site, launcher, { label: `${n} fetch+analyze proc${n > 1 ? 's' : ''}`, mode: 'workers', analyzeProcs: n, inline: true, store: args.store }));
      }
    }
    if (args.only.has('latency')) {
      const feeds = site.feedUrls.map((_, f) => f).slice(0, args.latencyFeeds);
      log(`latency: ${feeds.length} feeds paced at ${args.rate} articles/s, 1 analyze proc`);
      runs.push(await runPipeline(site, launcher, { label: `paced ${args.rate}/s`, mode: 'workers', analyzeProcs: 1, store: args.store, feeds, rate: args.rate }));
    }
    if (args.only.has('redis')) {
      log('Redis memory per waiting job');
      memory = await measureRedisMemory(site);
    }
  } finally {
    await site.close();
  }
  const result = summarise(args, { ...machine, load_avg_1m_end: machineInfo().load_avg_1m }, launcher.mode, straight, runs, memory);
  const out = args.out ?? path.join(root, 'data', 'bench', `pipeline-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  printReport(result, runs, straight, memory);
  console.log(`(written to ${path.relative(process.cwd(), out) || out})`);
  if (args.json) console.log(JSON.stringify(result));
}

function summarise(args: Args, machine: object, cli: string, straight: StraightResult | null, runs: RunFigures[], memory: RedisMemory | null) {
  const headline = runs.find((r) => r.mode === 'run-once') ?? runs.find((r) => r.rate === null) ?? null;
  const paced = runs.find((r) => r.rate !== null) ?? null;
  return {
    bench: 'pipeline',
    date: new Date().toISOString(),
    machine,
    cli,
    store: args.store,
    feeds: args.feeds,
    per_feed: args.perFeed,
    articles: headline?.articles ?? null,
    alerts: headline?.alerts ?? null,
    articles_per_s: headline?.articles_per_s ?? null,
    straight_line_articles_per_s: straight?.articles_per_s ?? null,
    share_of_straight_line: headline && straight ? round(headline.articles_per_s / straight.articles_per_s, 2) : null,
    p50_latency_ms: paced?.latency_ms.p50 ?? null,
    p95_latency_ms: paced?.latency_ms.p95 ?? null,
    p99_latency_ms: paced?.latency_ms.p99 ?? null,
    latency_load_articles_per_s: paced?.rate ?? null,
    best_articles_per_s: runs.reduce<number | null>((best, r) => (r.rate === null && r.articles_per_s > (best ?? 0) ? r.articles_per_s : best), null),
    scale_out: runs.filter((r) => r.mode === 'workers' && r.rate === null).map((r) => ({ label: r.label, analyze_procs: r.analyze_procs, articles_per_s: r.articles_per_s })),
    redis_mb_per_1000_waiting_analyze: memory?.mb_per_1000_waiting_analyze ?? null,
    projection: project(runs.find((r) => r.mode === 'workers' && r.rate === null && r.analyze_procs === 1 && !r.label.includes('fetch+analyze')) ?? headline, args.store === 'sqlite' ? straight : null),
    straight_line: straight,
    runs,
    redis_memory: memory,
  };
}

/** Where N cores would take the pipeline by its CPU cost per article, and the single-threaded limits
 *  (one Redis; SQLite's one writer at a time) that no core count lifts. */
function project(run: RunFigures | null, straight: StraightResult | null) {
  if (!run) return null;
  const analyze = run.processes.filter((p) => p.name.startsWith('analyze')).reduce((s, p) => s + (p.cpu_ms_per_article ?? 0), 0);
  const workersCpu = run.cpu_ms_per_article;
  const perCore = 1000 / (workersCpu + run.redis_cpu_ms_per_article);
  const redisLimit = run.redis_cpu_ms_per_article > 0 ? 1000 / run.redis_cpu_ms_per_article : Infinity;
  const sqliteLimit = straight ? 1000 / straight.ms_per_article.store : Infinity;
  const at = (cores: number) => round(Math.min(cores * perCore, redisLimit, sqliteLimit), 0);
  return {
    from_run: run.label,
    worker_cpu_ms_per_article: workersCpu,
    analyze_cpu_ms_per_article: round(analyze, 2),
    redis_cpu_ms_per_article: run.redis_cpu_ms_per_article,
    articles_per_s_per_core: round(perCore, 0),
    redis_limit_articles_per_s: Number.isFinite(redisLimit) ? round(redisLimit, 0) : null,
    sqlite_writer_limit_articles_per_s: Number.isFinite(sqliteLimit) ? round(sqliteLimit, 0) : null,
    cores_2: at(2),
    cores_16: at(16),
  };
}

export type BenchResult = ReturnType<typeof summarise>;

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
