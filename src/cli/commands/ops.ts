/**
 * Operating commands: `mediamon serve`, `mediamon queues status|failed|retry-failed`, and
 * `mediamon reanalyze --since ISO` (declared in src/cli/declare/ops.ts).
 */
import { createAnalyzer } from '../../pipeline/analyze.js';
import { connectRedis, createRuntime } from '../../pipeline/runtime.js';
import { openQueues } from '../../queues/index.js';
import { enqueue } from '../../queues/enqueue.js';
import { reanalyzeAlertsJobId } from '../../queues/ids.js';
import { authFromEnv, isLoopbackHost } from '../../server/auth.js';
import { startServer } from '../../server/index.js';
import { failedJobs, formatAge, queueStatus, retryFailed, selectQueues, STATUS_STATES } from '../../queues/queue-report.js';
import { reanalyze } from '../../pipeline/reanalyze.js';
import { openStore } from '../../store/index.js';
import { CliError, commandLogger, environment, EXIT_USAGE, loadConfigOrFail, printJson, type GlobalOptions } from '../context.js';
import { onSignals } from '../host.js';

interface ServeOptions extends GlobalOptions {
  host?: string;
  port?: string;
}

function wholeNumber(value: string | undefined, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`${flag} must be a whole number from ${min} to ${max} (got '${value}')`, EXIT_USAGE);
  return n;
}

export async function serveCommand(options: ServeOptions): Promise<void> {
  const port = wholeNumber(options.port, 'serve: --port', 0, 65_535);
  const config = loadConfigOrFail(options);
  const host = options.host ?? config.settings.server.host;
  let auth;
  try {
    auth = authFromEnv();
  } catch (error) {
    throw new CliError((error as Error).message, EXIT_USAGE);
  }
  if (!auth && !isLoopbackHost(host)) {
    throw new CliError(`serve: refusing to listen on ${host} without authentication: set MEDIAMON_TOKEN, or MEDIAMON_USER and MEDIAMON_PASSWORD`, EXIT_USAGE);
  }
  const env = environment();
  const logger = commandLogger(options);
  const rt = await createRuntime(config, { redisUrl: env.redisUrl, databaseUrl: env.databaseUrl, logger });
  const server = await startServer(rt, { host, ...(port === undefined ? {} : { port }) }).catch(async (error: unknown) => {
    await rt.close();
    throw error;
  });
  process.stderr.write(`serve: listening on ${server.url}${auth ? '' : ' (no credentials configured: loopback only)'}\n`);
  onSignals(async (signal) => {
    logger.info({ signal }, 'serve: shutting down');
    await server.close();
    await rt.close();
  });
}

/** Queues of the configured prefix on a short-lived connection; `fn` runs, then everything closes. */
async function withQueues<T>(options: GlobalOptions, fn: (set: ReturnType<typeof openQueues>) => Promise<T>): Promise<T> {
  const config = loadConfigOrFail(options);
  const redis = connectRedis(environment().redisUrl);
  const set = openQueues(redis, config.settings.queues.prefix);
  try {
    return await fn(set);
  } finally {
    await set.close();
    redis.disconnect();
  }
}

function stagesOrFail(name: string | undefined) {
  try {
    return selectQueues(name);
  } catch (error) {
    throw new CliError((error as Error).message, EXIT_USAGE);
  }
}

export async function queuesStatusCommand(options: GlobalOptions & { json?: boolean }): Promise<void> {
  const report = await withQueues(options, (set) => queueStatus(set));
  if (options.json) return report.forEach((r) => printJson({ queue: r.queue, ...r.counts, oldest_waiting_ms: r.oldestWaitingMs }));
  const header = ['queue', ...STATUS_STATES, 'oldest waiting'];
  const rows = report.map((r) => [r.queue, ...STATUS_STATES.map((s) => String(r.counts[s])), r.oldestWaitingMs === null ? '-' : formatAge(r.oldestWaitingMs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
}

export interface QueuesFailedOptions extends GlobalOptions {
  queue?: string;
  limit?: string;
  json?: boolean;
}

/** `defaultLimit`: the jobs shown per queue without --limit (its declaration names it in the help). */
export async function queuesFailedCommand(options: QueuesFailedOptions, defaultLimit: number): Promise<void> {
  const stages = stagesOrFail(options.queue);
  const limit = wholeNumber(options.limit, 'queues failed: --limit', 1) ?? defaultLimit;
  const jobs = await withQueues(options, (set) => failedJobs(set, stages, limit));
  if (options.json) return jobs.forEach((j) => printJson(j));
  if (jobs.length === 0) return void process.stdout.write('no failed jobs\n');
  for (const job of jobs) {
    process.stdout.write(`${job.queue}  ${job.id}  ${job.failedAt ?? ''}  attempts ${job.attempts}  ${job.subject}\n    ${job.reason}\n`);
  }
}

export async function queuesRetryCommand(options: GlobalOptions & { queue?: string }): Promise<void> {
  const stages = stagesOrFail(options.queue);
  const retried = await withQueues(options, (set) => retryFailed(set, stages));
  for (const [queue, n] of Object.entries(retried)) process.stdout.write(`${queue}: ${n} failed job(s) moved back to waiting\n`);
}

export async function reanalyzeCommand(options: GlobalOptions & { since?: string; deliver?: boolean }): Promise<void> {
  if (!options.since || Number.isNaN(Date.parse(options.since))) {
    throw new CliError(`reanalyze: --since must be an ISO 8601 date or time (got '${options.since ?? ''}')`, EXIT_USAGE);
  }
  const config = loadConfigOrFail(options);
  const env = environment();
  const store = await openStore(env.databaseUrl);
  try {
    const result = await reanalyze(store, createAnalyzer(config), options.since, (p) =>
      process.stderr.write(`reanalyze: ${p.articles} articles re-tagged, ${p.newAlertIds.length} new alerts\n`));
    if (options.deliver && result.newAlertIds.length > 0) {
      await withQueues(options, (set) =>
        enqueue(set, 'deliver', { kind: 'alerts', alertIds: result.newAlertIds }, { jobId: reanalyzeAlertsJobId(result.newAlertIds) }));
    }
    process.stdout.write(`reanalyze: ${result.articles} articles since ${options.since}, ${result.mentions} mentions, ${result.newAlertIds.length} new alerts` +
      `${options.deliver && result.newAlertIds.length ? ' (queued for delivery)' : ''}\n`);
  } finally {
    await store.close();
  }
}
