/**
 * Hot reload of the config folder in `run` and `worker`: on SIGHUP (and on file changes when
 * MEDIAMON_WATCH_CONFIG=1) the folder is read and validated again, the analyzer rebuilt from it (which
 * also compiles every watchlist pattern). A bad config is refused as a whole: its problems are logged
 * and the last good config keeps running. A good one is applied: feeds re-synced in the store, feed and
 * digest schedules re-synced, the analyzer and the HTTP client (timeouts, caps, allow list, politeness)
 * replaced, and feeds new in the config polled at once. Worker concurrency needs a restart.
 */
import { watch, type FSWatcher } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../config/load.js';
import { RedisPoliteness } from '../fetch/politeness.js';
import { createAnalyzer, type Analyzer } from '../pipeline/analyze.js';
import { createHttpClient, feedRows, type Runtime } from '../pipeline/runtime.js';
import { syncSchedules } from '../pipeline/scheduler.js';

/** File events come in bursts (an editor writes, renames, touches): wait for quiet before reading. */
const WATCH_DEBOUNCE_MS = 500;
/** The replaced HTTP client is closed after its in-flight requests could have finished. */
const OLD_CLIENT_GRACE_MS = 120_000;

export interface ReloadOptions {
  /** Whether this process owns the schedules (run, worker poll). */
  schedules: boolean;
  /** Watch the folder too (default: MEDIAMON_WATCH_CONFIG=1). */
  watch?: boolean;
}

export interface ReloadResult {
  applied: boolean;
  problems: string[];
}

export interface Reloader {
  reload(): Promise<ReloadResult>;
  close(): void;
}

function validate(dir: string): { config: Config; analyzer: Analyzer } | { problems: string[] } {
  try {
    const config = loadConfig(dir);
    return { config, analyzer: createAnalyzer(config) };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    return { problems: [`watchlist.yaml: ${(error as Error).message}`] };
  }
}

async function apply(rt: Runtime, config: Config, analyzer: Analyzer, options: ReloadOptions): Promise<number> {
  const known = new Set(rt.config.feeds.map((f) => f.id));
  await rt.store.syncFeeds(feedRows(config.feeds));
  const { perHostConcurrency, perHostDelay } = config.settings.fetch;
  const oldHttp = rt.http;
  rt.http = createHttpClient(config, new RedisPoliteness(rt.redis, rt.queues.prefix, { concurrency: perHostConcurrency, minDelayMs: perHostDelay }));
  setTimeout(() => void oldHttp.close().catch(() => undefined), OLD_CLIENT_GRACE_MS).unref();
  rt.config = config;
  rt.analyzer = analyzer;
  if (!options.schedules) return 0;
  await syncSchedules(config, rt.queues);
  const added = config.feeds.filter((f) => f.enabled && !known.has(f.id));
  const stamp = Date.now();
  await rt.queues.queues.poll.addBulk(added.map((f) => ({ name: 'poll', data: { feedId: f.id }, opts: { jobId: `reload-${f.id}-${stamp}` } })));
  return added.length;
}

/** Install the SIGHUP handler (and the optional watcher) for a running process. */
export function installReload(rt: Runtime, options: ReloadOptions): Reloader {
  let running: Promise<ReloadResult> | null = null;
  let again = false;
  const reload = async (): Promise<ReloadResult> => {
    const checked = validate(rt.config.dir);
    if ('problems' in checked) {
      rt.logger.error({ config_dir: rt.config.dir, problems: checked.problems }, `config: reload refused, keeping the last good config: ${checked.problems.join('; ')}`);
      return { applied: false, problems: checked.problems };
    }
    const added = await apply(rt, checked.config, checked.analyzer, options);
    rt.logger.warn({ config_dir: rt.config.dir, feeds: checked.config.feeds.length, new_feeds: added }, 'config: reloaded');
    return { applied: true, problems: [] };
  };
  // One reload at a time; a request arriving meanwhile runs once more afterwards.
  const trigger = (): Promise<ReloadResult> => {
    if (running) {
      again = true;
      return running;
    }
    running = reload()
      .catch((error: unknown) => {
        rt.logger.error({ err: (error as Error).message }, 'config: reload failed');
        return { applied: false, problems: [(error as Error).message] };
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void trigger();
        }
      });
    return running;
  };
  const onHup = () => void trigger();
  process.on('SIGHUP', onHup);
  let watcher: FSWatcher | null = null;
  if (options.watch ?? process.env.MEDIAMON_WATCH_CONFIG === '1') {
    let timer: NodeJS.Timeout | null = null;
    watcher = watch(rt.config.dir, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(onHup, WATCH_DEBOUNCE_MS);
    });
  }
  return {
    reload: trigger,
    close: () => {
      process.off('SIGHUP', onHup);
      watcher?.close();
    },
  };
}
