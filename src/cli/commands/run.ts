/**
 * `mediamon run [--once]`: every stage in one process, plus analyze child processes on the other cores
 * (the default on one machine), and
 * `mediamon worker <stage>`: one stage per process, for as many processes on as many hosts as needed.
 */
import { isRising } from '../../tagging/schema.js';
import path from 'node:path';
import { syncSchedules } from '../../pipeline/scheduler.js';
import { createRuntime, type Runtime } from '../../pipeline/runtime.js';
import { pendingJobs, STAGES, type Stage } from '../../queues/index.js';
import { enqueue, enqueueBulk } from '../../queues/enqueue.js';
import { oncePollJobId, onceRisingJobId } from '../../queues/ids.js';
import { CliError, commandLogger, environment, EXIT_USAGE, loadConfigOrFail, type GlobalOptions } from '../context.js';
import { onSignals, startHost } from '../host.js';
import { analyzeChildCount, startAnalyzeChildren, type AnalyzeChildren } from '../analyze-children.js';
import { redisAtHand } from '../redis-at-hand.js';
import { installReload } from '../reload.js';
import { announceDigests, reportOnce } from '../run-report.js';
import { startActivity } from '../../pipeline/activity.js';
import { isRunChild } from '../../settings/env.js';

const DRAIN_POLL_MS = 200;
const DATA_DIR = 'data';

export interface RunOptions extends GlobalOptions {
  once?: boolean;
  server?: boolean;
  /** Analyze child processes (overrides queues.analyzeProcesses). */
  analyzeProcs?: string;
  startServer?: (rt: Runtime) => Promise<{ close(): Promise<void> }>;
}

/** Wait until no queue holds unfinished work (seen empty twice in a row). */
async function drain(rt: Runtime): Promise<void> {
  let emptyInARow = 0;
  while (emptyInARow < 2) {
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    emptyInARow = (await pendingJobs(rt.queues)) === 0 ? emptyInARow + 1 : 0;
  }
}

async function enqueuePolls(rt: Runtime, force: boolean, skip: ReadonlySet<string> = new Set()): Promise<number> {
  const feeds = rt.current.config.feeds.filter((f) => f.enabled && !skip.has(f.id));
  const stamp = Date.now();
  await enqueueBulk(rt.queues, 'poll', feeds.map((f) => ({ payload: { feedId: f.id, force }, jobId: oncePollJobId(f.id, stamp) })));
  return feeds.length;
}

/** How many analyze child processes: --analyze-procs, else queues.analyzeProcesses. */
function childCount(options: RunOptions, rt: Runtime): number {
  if (options.analyzeProcs === undefined) return analyzeChildCount(rt.current.config.settings.queues.analyzeProcesses);
  const n = Number(options.analyzeProcs);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`run: --analyze-procs must be a whole number ≥ 0 (got '${options.analyzeProcs}')`, EXIT_USAGE);
  return n;
}

function startChildren(options: RunOptions, rt: Runtime, redisUrl: string): AnalyzeChildren {
  return startAnalyzeChildren(childCount(options, rt), { configDir: rt.current.config.dir, redisUrl, logLevel: options.logLevel, logger: rt.logger });
}

async function runOnce(rt: Runtime, children: AnalyzeChildren): Promise<void> {
  const before = await rt.store.counts();
  const host = startHost(rt, STAGES, { analyzeElsewhere: children.count > 0 });
  const started = Date.now();
  try {
    const polled = await enqueuePolls(rt, true);
    await drain(rt);
    // Once what the polls brought is stored, the rising rules look for spikes (the job the workers' scheduler runs).
    if (rt.current.config.rules.rules.some((r) => isRising(r) && r.enabled)) {
      await enqueue(rt.queues, 'deliver', { kind: 'rising' }, { jobId: onceRisingJobId(Date.now()) });
      await drain(rt);
    }
    const after = await rt.store.counts();
    await reportOnce(rt.store, rt.current.config, {
      polled,
      newArticles: after.articles - before.articles,
      newAlerts: after.alerts - before.alerts,
      seconds: (Date.now() - started) / 1000,
    });
  } finally {
    await Promise.allSettled([children.close(), host.close()]);
  }
}

export async function runCommand(options: RunOptions): Promise<void> {
  const config = loadConfigOrFail(options);
  const env = environment();
  const logger = commandLogger(options);
  const redis = await redisAtHand(env.redisUrl, path.resolve(DATA_DIR), logger);
  const rt = await createRuntime(config, { redisUrl: redis.url, databaseUrl: env.databaseUrl, logger });
  if (options.once) {
    try {
      await runOnce(rt, startChildren(options, rt, redis.url));
    } finally {
      await redis.stop();
    }
    return;
  }
  const schedules = await syncSchedules(config, rt.queues);
  const children = startChildren(options, rt, redis.url);
  const host = startHost(rt, STAGES, { analyzeElsewhere: children.count > 0 });
  process.on('SIGHUP', () => children.reload());
  const server = options.server !== false && options.startServer ? await options.startServer(rt) : null;
  // Feeds due now are polled at once; a scheduler created just now polls its feed by itself.
  await enqueuePolls(rt, false, new Set(schedules.newFeeds));
  const reloader = installReload(rt, { schedules: true });
  logger.info(
    { feeds: schedules.feeds, digests: schedules.digests, analyze_processes: children.count, queue_prefix: rt.queues.prefix },
    `run: all stages started: polling ${schedules.feeds} feeds, ${children.count} analyze child process(es); a summary every ${Math.round(config.settings.run.summaryInterval / 1000)} s; Ctrl-C to stop`,
  );
  announceDigests(config, logger);
  const activity = startActivity({ store: rt.store, config: () => rt.current.config, logger, intervalMs: config.settings.run.summaryInterval });
  onSignals(async (signal) => {
    logger.info({ signal }, 'run: shutting down (running jobs finish; a second signal exits at once)');
    activity.close();
    reloader.close();
    await server?.close();
    await Promise.allSettled([children.close(), host.close()]);
    await redis.stop();
  });
}

/** `worker <stage>[,<stage>...]`: the stages named, each once. */
function parseStages(arg: string): Stage[] {
  const names = arg.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(STAGES as readonly string[]).includes(name)) {
      throw new CliError(`worker: unknown stage '${name}' (use one of: ${STAGES.join(', ')}, or several comma-separated)`, EXIT_USAGE);
    }
  }
  return [...new Set(names as Stage[])];
}

export async function workerCommand(arg: string, options: GlobalOptions & { concurrency?: string }): Promise<void> {
  const stages = parseStages(arg);
  const stage = stages.join(',');
  const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new CliError(`worker: --concurrency must be a positive whole number (got '${options.concurrency}')`, EXIT_USAGE);
  }
  const config = loadConfigOrFail(options);
  const env = environment();
  const logger = commandLogger(options);
  const rt = await createRuntime(config, { redisUrl: env.redisUrl, databaseUrl: env.databaseUrl, logger });
  if (stages.includes('poll')) await syncSchedules(config, rt.queues);
  // With fetch and analyze together, each fetched page is analysed in the same job (see workers/fetch.ts).
  const host = startHost(rt, stages, concurrency === undefined ? {} : { concurrency });
  const reloader = installReload(rt, { schedules: stages.includes('poll'), quiet: isRunChild() });
  logger.info({ queue: stage, concurrency: host.workers[0]?.opts.concurrency, queue_prefix: rt.queues.prefix }, `worker: ${stage} started`);
  onSignals(async (signal) => {
    logger.info({ signal, queue: stage }, 'worker: shutting down');
    reloader.close();
    await host.close();
  });
}
