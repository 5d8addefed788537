/**
 * Soak benchmark: the full pipeline (one `mediamon worker` process per stage, two for fetch and
 * analyze) for `--minutes` at a steady rate, healthy feeds growing in waves with hostile sources mixed
 * in (test/bench/soak-sources.ts: a trickling host, pages and feeds beyond and just under
 * fetch.maxBytes, 429 with Retry-After, malformed feeds and pages, a feed of thousands of items).
 * Sampled all along: RSS and CPU of every process, queue depths, Redis memory, database size. At the
 * end (after the queues drain): every offered article stored exactly once, each hostile feed's failure
 * recorded with its kind, RSS flat (last quarter vs second quarter), queues back to zero.
 *
 *   npm run bench:soak -- [--minutes 60] [--rate 8] [--store pg|sqlite] [--sample-s 10] [--flood 3000]
 *   npx tsx test/bench/soak.ts --minutes 3
 *
 * Figures go to stdout (tables, then one JSON line) and to data/bench/soak-<time>.json. A benchmark: it
 * measures and says what failed, it does not stop at the first surprise. Exit 1 when a check fails.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { connectRedis } from '../../src/pipeline/runtime.js';
import { openQueues } from '../../src/queues/index.js';
import { openStore } from '../../src/store/index.js';
import { writeTestConfig } from '../helpers/cli.js';
import { REDIS_URL, uniqueName } from '../helpers/services.js';
import { machineInfo, printTable, procStats, repoRoot, round } from './harness.js';
import { chooseLauncher, startProc, stopAll, type Proc } from './pipeline/procs.js';
import { dropRedisPrefix, freshDatabase, openRawDb } from './pipeline/services.js';
import { articleOutcomes, dbSizeMb, feedOutcomes, prefixKeys, queueDepths, redisUsedMb, RSS_MARGIN_PCT, rssLevels, unfinished, type Sample } from './soak-report.js';
import { configEntries, startSources, type SoakFeed } from './soak-sources.js';

const WORKERS = ['poll', 'fetch', 'fetch', 'analyze', 'analyze', 'deliver'];
const WAVE_MS = 10_000;
const MAX_BYTES = 10 * 1024 * 1024;
/** After the last wave: how long the queues may take to drain (Retry-After waits included). */
const DRAIN_LIMIT_MS = 8 * 60_000;
/** Upgrades of pages whose host asked to wait are waited for this long at most once the rest is done. */
const UPGRADE_WAIT_MS = 3 * 60_000;

interface Args {
  minutes: number;
  rate: number;
  healthyFeeds: number;
  hosts: number;
  flood: number;
  store: 'pg' | 'sqlite';
  sampleMs: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { minutes: 60, rate: 8, healthyFeeds: 16, hosts: 4, flood: 3000, store: 'pg', sampleMs: 10_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], Number(argv[i + 1])];
    if (flag === '--store') args.store = argv[i + 1] === 'sqlite' ? 'sqlite' : 'pg';
    else if (!Number.isFinite(value) || value <= 0) throw new Error(`soak: ${flag} needs a positive number`);
    else if (flag === '--minutes') args.minutes = value;
    else if (flag === '--rate') args.rate = value;
    else if (flag === '--feeds') args.healthyFeeds = value;
    else if (flag === '--hosts') args.hosts = value;
    else if (flag === '--flood') args.flood = value;
    else if (flag === '--sample-s') args.sampleMs = value * 1000;
    else throw new Error(`soak: unknown option ${flag}`);
  }
  return args;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = repoRoot();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mediamon-soak-'));
  const prefix = uniqueName('soak');
  const db = await freshDatabase(args.store, dir);
  const procs: Proc[] = [];
  const t0 = Date.now();
  const log = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}\n`);
  const perWave = Math.max(1, Math.round((args.rate * WAVE_MS) / 1000 / args.healthyFeeds));
  const sources = await startSources({ maxBytes: MAX_BYTES, healthyFeeds: args.healthyFeeds, healthyHosts: args.hosts, perWave, floodItems: args.flood, t0 });
  let failed = false;
  try {
    writeTestConfig(dir, configEntries(sources), {
      fetch: { timeout: '10s', maxBytes: MAX_BYTES, perHostConcurrency: 8, feedTextAfter: '60s' },
      polling: { interval: '24h', minInterval: '24h', maxItemsPerPoll: 500 },
    });
    const store = await openStore(db.url);
    const raw = openRawDb(db.url);
    const connection = connectRedis(REDIS_URL);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const queues = openQueues(connection, prefix);
    const launcher = chooseLauncher(root, null, []);
    const env = { ...process.env, MEDIAMON_CONFIG: dir, MEDIAMON_QUEUE_PREFIX: prefix, DATABASE_URL: db.url, REDIS_URL, MEDIAMON_ALLOW_HOSTS: '127.0.0.1', MEDIAMON_LOG_LEVEL: 'error' };
    WORKERS.forEach((stage, i) => procs.push(startProc(`${stage}-${i}`, launcher, 'cli', ['worker', stage], env)));
    const crashes: string[] = [];
    let stopping = false;
    for (const p of procs) void p.exited.then((code) => !stopping && crashes.push(`${p.name} exited ${code}: ${p.stderr.slice(-300)}`));
    log(`${args.minutes} min at ~${args.rate} healthy articles/s (${args.healthyFeeds} feeds x ${perWave} every ${WAVE_MS / 1000} s) + hostile sources on ${sources.hosts.length - args.hosts} hosts; ${WORKERS.length} workers from ${launcher.mode} (${launcher.reason}); store ${args.store}`);

    const poll = async (feeds: SoakFeed[], tag: string) => {
      if (!feeds.length) return;
      await queues.queues.poll.addBulk(feeds.map((f) => {
        f.polls++;
        return { name: 'poll', data: { feedId: f.id, force: true }, opts: { jobId: `${tag}-${f.id}` } };
      }));
    };
    const endWaves = t0 + args.minutes * 60_000;
    let wave = 0;
    const waves = (async () => {
      for (; Date.now() < endWaves; wave++) {
        const due = sources.feeds.filter((f) => wave % f.everyWaves === 0);
        for (const f of due) f.items += f.addPerPoll;
        await poll(due, `w${wave}`);
        await sleep(t0 + (wave + 1) * WAVE_MS - Date.now());
      }
    })();

    const samples: Sample[] = [];
    const self = { name: 'bench', child: { pid: process.pid } };
    const watched = [...procs.map((p) => ({ name: p.name, child: p.child })), self];
    const takeSample = async (): Promise<Sample> => {
      const s: Sample = {
        s: round((Date.now() - t0) / 1000, 0),
        articles: (await store.counts()).articles,
        queues: await queueDepths(queues),
        rssMb: {},
        cpuMs: {},
        redisMb: await redisUsedMb(redis),
        dbMb: await dbSizeMb(raw, db.url),
      };
      for (const w of watched) {
        const st = w.child.pid ? procStats(w.child.pid) : null;
        s.rssMb[w.name] = round(st?.rssMb ?? NaN, 0);
        s.cpuMs[w.name] = round(st?.cpuMs ?? NaN, 0);
      }
      samples.push(s);
      const q = s.queues;
      log(`wave ${wave} articles ${s.articles} | poll/fetch/analyze/deliver waiting ${q.poll!.waiting}/${q.fetch!.waiting}/${q.analyze!.waiting}/${q.deliver!.waiting} active ${q.poll!.active}/${q.fetch!.active}/${q.analyze!.active}/${q.deliver!.active} delayed ${q.fetch!.delayed}+${q.fetch!.upgrades} up | RSS ${Object.values(s.rssMb).join(' ')} | redis ${s.redisMb} MB db ${s.dbMb} MB`);
      return s;
    };
    // During the waves.
    while (Date.now() < endWaves) {
      await sleep(Math.min(args.sampleMs, Math.max(0, endWaves - Date.now())));
      await takeSample();
    }
    await waves;
    const wavesEndS = round((Date.now() - t0) / 1000, 0);
    const duringWaves = samples.length;
    // Drain: until nothing is unfinished and no page waits to upgrade its article (bounded).
    const expected = () => sources.feeds.reduce((a, f) => a + (f.yieldsArticles ? f.served.size : 0), 0);
    const flood = sources.feeds.filter((f) => f.kind === 'flood');
    const drainStart = Date.now();
    let quietSince = 0;
    let drainTag = 0;
    for (;;) {
      const s = await takeSample();
      const open = unfinished(s.queues);
      const upgrades = Object.values(s.queues).reduce((a, d) => a + d.upgrades, 0);
      if (open === 0 && s.articles < expected() && drainTag % 3 === 0) await poll(flood, `d${drainTag}`); // the flood's rest
      drainTag++;
      if (open === 0) quietSince ||= Date.now();
      else quietSince = 0;
      if (open === 0 && upgrades === 0 && s.articles >= expected()) break;
      if (open === 0 && quietSince && Date.now() - quietSince > UPGRADE_WAIT_MS) break;
      if (Date.now() - drainStart > DRAIN_LIMIT_MS) break;
      await sleep(Math.min(args.sampleMs, 5_000));
    }
    const drainS = round((Date.now() - drainStart) / 1000, 0);
    const end = samples.at(-1)!;

    // The checks.
    const articles = await articleOutcomes(raw, sources.feeds);
    const feeds = await feedOutcomes(raw, sources.feeds);
    const names = watched.map((w) => w.name);
    const levels = rssLevels(samples.slice(0, duringWaves), names);
    const cpuS = Object.fromEntries(names.map((n) => [n, round((end.cpuMs[n] ?? NaN) / 1000, 0)]));
    const keys = await prefixKeys(redis, prefix);
    const totals = articles.reduce((a, o) => ({ expected: a.expected + o.expected, stored: a.stored + o.stored, missing: a.missing + o.missing, duplicates: a.duplicates + o.duplicates, unexpected: a.unexpected + o.unexpected }), { expected: 0, stored: 0, missing: 0, duplicates: 0, unexpected: 0 });
    const endQueues = end.queues;
    const drained = unfinished(endQueues) === 0;
    const statuses = Object.fromEntries(sources.hosts.filter((h) => !h.name.startsWith('healthy')).map((h) => [h.name, Object.fromEntries(h.statuses)]));

    console.log(`\nsoak: ${args.minutes} min of waves (${wave} waves) + ${drainS} s drain; ${totals.stored}/${totals.expected} articles stored, ${round(totals.stored / ((Date.now() - t0) / 1000), 1)}/s; machine ${JSON.stringify(machineInfo())}`);
    console.log('\nArticles per source group (exactly once = stored == expected, duplicates 0):');
    printTable(['group', 'expected', 'stored', 'missing', 'dup', 'unexpected', 'not served', 'cyrillic titles', 'methods', 'fallback reasons'], articles.map((o) => [o.group, o.expected, o.stored, o.missing, o.duplicates, o.unexpected, o.notServed, o.cyrillicTitles, JSON.stringify(o.methods), JSON.stringify(o.fetchErrors)]));
    console.log('\nHostile feeds (failure recorded on the feed row with its kind):');
    printTable(['feed', 'polls', 'status', 'expected', 'errors', 'ok', 'last error / disabled'], feeds.map((f) => [f.id, f.polls, f.status ?? '-', f.expected, f.consecutiveErrors, f.ok ? 'yes' : 'NO', (f.disabled ?? f.error ?? '-').slice(0, 80)]));
    console.log('\nHostile hosts, responses by status:', JSON.stringify(statuses));
    const every = Math.max(1, Math.floor(samples.length / 14));
    console.log('\nOver time (RSS MB per process; queue depth = waiting + active + delayed over all queues; +u = pages waiting to upgrade):');
    printTable(['t (s)', 'articles', 'queued', 'redis MB', 'db MB', ...names], samples.filter((_, i) => i % every === 0 || i === samples.length - 1).map((s) => {
      const up = Object.values(s.queues).reduce((a, d) => a + d.upgrades, 0);
      return [String(s.s), s.articles, `${unfinished(s.queues)}${up ? `+${up}u` : ''}`, s.redisMb, s.dbMb, ...names.map((n) => s.rssMb[n] ?? NaN)];
    }));
    console.log(`\nRSS during the waves, mean of the 2nd quarter vs the last quarter (flat: growth <= ${RSS_MARGIN_PCT}%); CPU s over the run:`);
    printTable(['process', 'q2 MB', 'q4 MB', 'growth %', 'flat', 'q2 min', 'q4 min', 'max MB', 'CPU s'], levels.map((l) => [l.name, l.q2Mb, l.q4Mb, l.growthPct, l.flat ? 'yes' : 'NO', l.q2MinMb, l.q4MinMb, l.maxMb, cpuS[l.name] ?? NaN]));
    console.log('\nQueues at the end:', JSON.stringify(endQueues));

    const checks = {
      noLostArticle: totals.missing === 0,
      noDuplicate: totals.duplicates === 0,
      hostileFeedsRecorded: feeds.every((f) => f.ok),
      rssFlat: levels.every((l) => l.flat),
      queuesDrained: drained,
      noWorkerCrash: crashes.length === 0,
    };
    failed = Object.values(checks).some((v) => !v);
    const summary = {
      date: new Date().toISOString(), args, perWave, waves: wave, wavesEndS, drainS, totals, checks, crashes,
      articles, feeds, rss: levels, cpuS, endQueues, redis: { startMb: samples[0]?.redisMb, endMb: end.redisMb, prefixKeys: keys }, dbMb: end.dbMb,
      hostileStatuses: statuses, launcher: launcher.mode, machine: machineInfo(), loadavg: os.loadavg().map((v) => round(v, 2)),
    };
    mkdirSync(path.join(root, 'data/bench'), { recursive: true });
    const out = path.join(root, `data/bench/soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify({ ...summary, samples }, null, 2));
    console.log(`\nchecks: ${JSON.stringify(checks)}\nwritten: ${out}`);
    console.log(JSON.stringify(summary));
    stopping = true;
    await stopAll(procs);
    await queues.close();
    connection.disconnect();
    redis.disconnect();
    await store.close();
    await raw.close();
  } finally {
    await stopAll(procs, 10_000);
    await sources.close();
    await dropRedisPrefix(prefix);
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? error);
  process.exit(1);
});
