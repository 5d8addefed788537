/**
 * Hot reload of the config folder in `run` and `worker`, without signals: a process reloads when a file
 * of its folder changes (on by default: settings.run.watchConfig, MEDIAMON_WATCH_CONFIG=0|1 overrides),
 * when the config generation in Redis moves (`feeds add|remove|import` and any process whose watcher saw
 * a change bump it, so processes on other hosts follow), and on SIGHUP. The folder is read and validated
 * again and the analyzer rebuilt from it (which also compiles every watchlist pattern). A bad config is
 * refused as a whole: its problems are logged and the last good config keeps running. A good one is
 * applied: feed rows re-synced in the store (feeds gone from the config marked removed), feed and digest
 * schedules re-synced, the analyzer and the HTTP client (timeouts, caps, allow list, politeness)
 * replaced; a new feed's job scheduler polls it at once. Worker concurrency needs a restart.
 *
 * Each process applies, and logs, one change once: a trigger whose folder reads the same as what the
 * process runs (its fingerprint) does nothing, so a watcher event and a generation bump for the same
 * edit make one reload. `run`'s analyze children reload quietly (the parent's line speaks for them).
 */
import { watch, type FSWatcher } from 'node:fs';
import { watchConfigFromEnv } from '../settings/env.js';
import { ConfigError, loadConfig, type Config } from '../config/load.js';
import { createAnalyzer, type Analyzer } from '../pipeline/analyze.js';
import { bumpConfigGeneration, CONFIG_FILE, configFingerprint, readConfigGeneration } from '../pipeline/config-generation.js';
import { politeHttpClient, snapshot, syncFeedRows, type Runtime } from '../pipeline/runtime.js';
import { syncSchedules } from '../pipeline/scheduler.js';

/** File events come in bursts (an editor writes, renames, touches): wait for quiet before reading. */
const WATCH_DEBOUNCE_MS = 500;
/** How often a process reads the config generation in Redis. */
const GENERATION_POLL_MS = 2_000;
/** The replaced HTTP client is closed after its in-flight requests could have finished. */
const OLD_CLIENT_GRACE_MS = 120_000;

export interface ReloadOptions {
  /** Whether this process owns the schedules (run, worker poll). */
  schedules: boolean;
  /** Watch the folder (default: MEDIAMON_WATCH_CONFIG, else settings.run.watchConfig). */
  watch?: boolean;
  /** Follow the config generation in Redis (default true). */
  follow?: boolean;
  /** Log an applied reload at debug level (run's analyze children: the parent logs it). */
  quiet?: boolean;
}

export interface ReloadResult {
  applied: boolean;
  problems: string[];
}

export interface Reloader {
  /** Reload now (as SIGHUP does), even when the files look unchanged. */
  reload(): Promise<ReloadResult>;
  close(): void;
}

type Trigger = 'signal' | 'watch' | 'generation';

function validate(dir: string): { config: Config; analyzer: Analyzer } | { problems: string[] } {
  try {
    const config = loadConfig(dir);
    return { config, analyzer: createAnalyzer(config) };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    return { problems: [`watchlist.yaml: ${(error as Error).message}`] };
  }
}

interface Applied {
  added: string[];
  removed: string[];
}

async function apply(rt: Runtime, config: Config, analyzer: Analyzer, options: ReloadOptions): Promise<Applied> {
  const known = new Set(rt.current.config.feeds.map((f) => f.id));
  await syncFeedRows(rt.store, config);
  const wanted = new Set(config.feeds.map((f) => f.id));
  // From the configs, not the store: another process (an analyze child) may have marked them first.
  const removed = [...known].filter((id) => !wanted.has(id));
  const oldHttp = rt.current.http;
  const http = politeHttpClient(config, rt.redis, rt.queues.prefix, rt.logger);
  // One assignment: a job that starts now sees the new config, analyzer and client; a running job keeps
  // the snapshot it started with.
  rt.current = snapshot(config, analyzer, http);
  setTimeout(() => void oldHttp.close().catch(() => undefined), OLD_CLIENT_GRACE_MS).unref();
  // A new feed's job scheduler polls it at once: no extra poll job here (two at once would race).
  if (options.schedules) await syncSchedules(config, rt.queues);
  return { added: config.feeds.filter((f) => f.enabled && !known.has(f.id)).map((f) => f.id), removed };
}

/** Install the watcher, the generation follower and the SIGHUP handler for a running process. */
export function installReload(rt: Runtime, options: ReloadOptions): Reloader {
  // The folder stays the one the process started with; only what it holds changes.
  const dir = rt.current.config.dir;
  let lastFingerprint = configFingerprint(dir);
  let running: Promise<ReloadResult> | null = null;
  let again: Trigger | null = null;
  const reload = async (trigger: Trigger): Promise<ReloadResult> => {
    const fingerprint = configFingerprint(dir);
    if (trigger !== 'signal' && fingerprint === lastFingerprint) return { applied: false, problems: [] };
    lastFingerprint = fingerprint;
    const checked = validate(dir);
    if ('problems' in checked) {
      rt.logger.error({ config_dir: dir, problems: checked.problems }, `config: reload refused, keeping the last good config: ${checked.problems.join('; ')}`);
      return { applied: false, problems: checked.problems };
    }
    const before = rt.current.config.feeds.length;
    const { added, removed } = await apply(rt, checked.config, checked.analyzer, options);
    const feeds = checked.config.feeds.length;
    // warn, not info: a config change alters what the system does; an operator at log level warn sees it.
    const log = options.quiet ? rt.logger.debug.bind(rt.logger) : rt.logger.warn.bind(rt.logger);
    const why = trigger === 'generation' ? 'changed elsewhere' : trigger === 'watch' ? 'files changed' : 'SIGHUP';
    log(
      { config_dir: dir, trigger, feeds, new_feeds: added, removed_feeds: removed },
      `config: reloaded (${why}): ${feeds} feeds (was ${before})${added.length ? `, polling new: ${added.join(', ')}` : ''}` +
        `${removed.length ? `, removed (articles kept): ${removed.join(', ')}` : ''}`,
    );
    // Tell the other processes (other hosts may not see this file system's events).
    if (trigger !== 'generation') seen = await bumpConfigGeneration(rt.redis, rt.queues.prefix).catch(() => seen);
    return { applied: true, problems: [] };
  };
  // One reload at a time; a request arriving meanwhile runs once more afterwards.
  const trigger = (why: Trigger): Promise<ReloadResult> => {
    if (running) {
      again = again === 'signal' ? again : why;
      return running;
    }
    running = reload(why)
      .catch((error: unknown) => {
        rt.logger.error({ err: (error as Error).message }, 'config: reload failed');
        return { applied: false, problems: [(error as Error).message] };
      })
      .finally(() => {
        running = null;
        if (again) {
          const next = again;
          again = null;
          void trigger(next);
        }
      });
    return running;
  };
  const onHup = () => void trigger('signal');
  process.on('SIGHUP', onHup);

  let watcher: FSWatcher | null = null;
  if (options.watch ?? watchConfigFromEnv() ?? rt.current.config.settings.run.watchConfig) {
    let timer: NodeJS.Timeout | null = null;
    watcher = watch(dir, (_event, name) => {
      if (name && !CONFIG_FILE.test(String(name))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void trigger('watch'), WATCH_DEBOUNCE_MS);
    });
    watcher.on('error', (error) => rt.logger.warn({ err: error.message, config_dir: dir }, 'config: cannot watch the folder (SIGHUP and the Redis generation still reload)'));
  }

  let seen: number | null = null;
  let follower: NodeJS.Timeout | null = null;
  if (options.follow ?? true) {
    let reading = false;
    const follow = async () => {
      if (reading) return;
      reading = true;
      try {
        const generation = await readConfigGeneration(rt.redis, rt.queues.prefix);
        if (seen !== null && generation !== seen) void trigger('generation');
        seen = generation;
      } catch {
        // Redis away: the workers say so already; the next tick reads again.
      } finally {
        reading = false;
      }
    };
    void follow();
    follower = setInterval(() => void follow(), GENERATION_POLL_MS);
    follower.unref();
  }
  return {
    reload: () => trigger('signal'),
    close: () => {
      process.off('SIGHUP', onHup);
      watcher?.close();
      if (follower) clearInterval(follower);
    },
  };
}
