/**
 * One pipeline run against the local site: a fresh config folder, Redis prefix and database; the real
 * worker processes; polls enqueued at once or paced; then the figures read back from the store.
 */
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import YAML from 'yaml';
import { openQueues, pendingJobs } from '../../../src/queues/index.js';
import { openStore } from '../../../src/store/index.js';
import { REDIS_URL } from '../../helpers/services.js';
import { repoRoot } from '../harness.js';
import { sample, STAGE_HOST_READY, startProc, stopAll, type Launcher, type Proc } from './procs.js';
import { analyseTimings, readStoredTimes, type RunFigures } from './timings.js';
import type { NewsSite } from './site.js';
import { freshDatabase, dropRedisPrefix } from './services.js';

const WAIT_STEP_MS = 100;
const RUN_LIMIT_MS = 15 * 60_000;
/** All pages come from one host here; a real deployment reads many, each with the default 4. */
const PER_HOST_CONCURRENCY = 64;

export interface RunSpec {
  label: string;
  /** 'run-once': `mediamon run --once` (every stage, analysis also in its child processes). 'workers': one stage host for
   *  poll/fetch/deliver plus `analyzeProcs` × `mediamon worker analyze`. */
  mode: 'run-once' | 'workers';
  analyzeProcs: number;
  /** workers mode: the `analyzeProcs` processes are `mediamon worker fetch,analyze` (each page analysed
   *  in its fetch job) and the stage host runs poll and deliver only. Default false. */
  inline?: boolean;
  store: 'sqlite' | 'pg';
  /** Feeds polled (indexes); default all. */
  feeds?: number[];
  /** Articles per second the polls are paced at (workers mode); default all at once. */
  rate?: number;
}

interface Context {
  dir: string;
  prefix: string;
  env: NodeJS.ProcessEnv;
  db: { url: string; drop(): Promise<void> };
}

function writeConfig(dir: string, site: NewsSite, warm: boolean): void {
  for (const file of ['watchlist.yaml', 'rules.yaml']) cpSync(path.join(repoRoot(), 'config', file), path.join(dir, file));
  const feeds = site.feedUrls.map((url, f) => ({ id: `bench-${f}`, url }));
  // `run --once` polls every configured feed, so it gets no warm-up feed (a one-shot run starts cold).
  if (warm) feeds.push({ id: site.warmup.feedId, url: site.warmup.url });
  writeFileSync(path.join(dir, 'feeds.yaml'), YAML.stringify({ feeds }));
  writeFileSync(path.join(dir, 'mediamon.yaml'), YAML.stringify({ fetch: { perHostConcurrency: PER_HOST_CONCURRENCY } }));
}

async function prepare(site: NewsSite, spec: RunSpec): Promise<Context> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mediamon-bench-'));
  writeConfig(dir, site, spec.mode === 'workers');
  const prefix = `mmbench_${Date.now().toString(36)}`;
  const db = await freshDatabase(spec.store, dir);
  // Migrate once here so the worker processes do not race to create the schema.
  await (await openStore(db.url)).close();
  const env: NodeJS.ProcessEnv = {
    ...process.env, MEDIAMON_CONFIG: dir, MEDIAMON_QUEUE_PREFIX: prefix, DATABASE_URL: db.url, REDIS_URL,
    MEDIAMON_ALLOW_HOSTS: '127.0.0.1', MEDIAMON_LOG_LEVEL: 'warn',
  };
  return { dir, prefix, env, db };
}

/** Starts the worker processes into `procs` (so the caller can stop them even when one fails to start). */
async function startWorkers(spec: RunSpec, launcher: Launcher, env: NodeJS.ProcessEnv, procs: Proc[]): Promise<void> {
  const stage = spec.inline ? 'fetch,analyze' : 'analyze';
  for (let i = 0; i < spec.analyzeProcs; i++) {
    procs.push(startProc(`${spec.inline ? 'fetch+analyze' : 'analyze'}#${i + 1}`, launcher, 'cli', ['worker', stage, '--log-level', 'info'], env, `worker: ${stage} started`));
  }
  const hosted = spec.inline ? ['poll', 'deliver'] : ['poll', 'fetch', 'deliver'];
  procs.push(startProc(hosted.join('+'), launcher, 'stage-host', hosted, env, STAGE_HOST_READY));
  await Promise.all(procs.map((p) => p.ready));
}

async function enqueuePolls(redis: Redis, prefix: string, feedIds: string[], perFeed: number, rate?: number): Promise<void> {
  const queues = openQueues(redis, prefix);
  try {
    const gapMs = rate ? (perFeed / rate) * 1000 : 0;
    for (const feedId of feedIds) {
      await queues.queues.poll.add('poll', { feedId, force: true }, { jobId: feedId });
      if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
    }
  } finally {
    await queues.close();
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + RUN_LIMIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
}

async function redisUsedMemory(redis: Redis): Promise<number> {
  return Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1] ?? 0);
}

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const read = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (read('used_cpu_user') + read('used_cpu_sys')) * 1000;
}

/** Counters read when the measured part of a run starts. */
interface Baseline {
  cpu: Map<Proc, number>;
  /** CPU of each child process (by pid) already spent when the measured part starts. */
  childCpu: Map<number, number>;
  redisCpuMs: number;
  redisMemory: number;
}

async function baseline(redis: Redis, procs: Proc[]): Promise<Baseline> {
  const cpu = new Map(procs.map((p) => [p, sample(p)?.cpuMs ?? 0]));
  const childCpu = new Map(procs.flatMap((p) => [...p.children].map(([pid, c]) => [pid, c.cpuMs] as const)));
  return { cpu, childCpu, redisCpuMs: await redisCpuMs(redis), redisMemory: await redisUsedMemory(redis) };
}

/** `mediamon run --once`: the clock starts at its first feed request (a one-shot run starts cold). */
async function measureRunOnce(site: NewsSite, launcher: Launcher, ctx: Context, redis: Redis, procs: Proc[]): Promise<Baseline> {
  const proc = startProc('run --once', launcher, 'cli', ['run', '--once'], ctx.env);
  procs.push(proc);
  await until('the first poll', () => site.feedFetched.size > 0 || proc.child.exitCode !== null);
  const base = await baseline(redis, procs);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`run --once exited ${code}:\n${proc.stderr.slice(-3000)}`);
  return base;
}

/** Worker processes: the warm-up feed first, then the measured feeds (at once or paced) until drained. */
async function measureWorkers(site: NewsSite, launcher: Launcher, spec: RunSpec, ctx: Context, redis: Redis, procs: Proc[], feeds: number[]): Promise<Baseline> {
  await startWorkers(spec, launcher, ctx.env, procs);
  const queues = openQueues(redis, ctx.prefix);
  const store = await openStore(ctx.db.url, { migrate: false });
  const drained = (n: number) => async () => (await store.counts()).articles >= n && (await pendingJobs(queues)) === 0;
  try {
    const warm = site.warmup.articles.length;
    await enqueuePolls(redis, ctx.prefix, [site.warmup.feedId], warm);
    await until('the warm-up articles', drained(warm));
    site.resetLog();
    const base = await baseline(redis, procs);
    const measured = site.articles.filter((a) => a.feeds.some((f) => feeds.includes(f))).length;
    await enqueuePolls(redis, ctx.prefix, feeds.map((f) => `bench-${f}`), site.articles.length / site.feedUrls.length, spec.rate);
    await until(`${measured} articles`, drained(warm + measured));
    for (const p of procs) sample(p);
    return base;
  } finally {
    await store.close();
    await queues.close();
  }
}

/** Runs one spec end to end and returns its figures; everything it created is removed. */
export async function runPipeline(site: NewsSite, launcher: Launcher, spec: RunSpec): Promise<RunFigures> {
  site.resetLog();
  const ctx = await prepare(site, spec);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const feeds = spec.feeds ?? site.feedUrls.map((_, f) => f);
  const expected = site.articles.filter((a) => a.feeds.some((f) => feeds.includes(f)));
  const procs: Proc[] = [];
  try {
    const base = spec.mode === 'run-once'
      ? await measureRunOnce(site, launcher, ctx, redis, procs)
      : await measureWorkers(site, launcher, spec, ctx, redis, procs, feeds);
    const redisCpu = (await redisCpuMs(redis)) - base.redisCpuMs;
    // What the run leaves in Redis: completed jobs kept for dedup (queue retention), events, metrics.
    const retained = (await redisUsedMemory(redis)) - base.redisMemory;
    const stored = await readStoredTimes(ctx.db.url);
    const processes = procs.flatMap((p) => [
      { name: p.name, cpu_ms: (p.last?.cpuMs ?? 0) - (base.cpu.get(p) ?? 0), peak_rss_mb: p.last?.hwmMb ?? 0 },
      // run's analyze children (CPU sampled while they lived; the last sample is at most 200 ms old).
      ...[...p.children].map(([pid, c], i) => ({ name: `${p.name} child#${i + 1} (analyze)`, cpu_ms: c.cpuMs - (base.childCpu.get(pid) ?? 0), peak_rss_mb: c.hwmMb })),
    ]);
    return analyseTimings(spec, site, expected, stored, processes, { cpuMs: redisCpu, retainedBytes: retained });
  } finally {
    await stopAll(procs);
    redis.disconnect();
    await dropRedisPrefix(ctx.prefix);
    await ctx.db.drop();
    rmSync(ctx.dir, { recursive: true, force: true });
  }
}
