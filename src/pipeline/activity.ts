/**
 * What `mediamon run` tells its operator while it runs: a line per interval (feeds polled, failing, new
 * articles, alerts) and a warning when all or most feeds fail, naming the likely cause and pointing at
 * `mediamon feeds list`. Everything is read from the store, so the figures count the work of every
 * process (analyze children, workers on other hosts), not only this one's.
 */
import type { Logger } from '../log.js';
import type { Store } from '../store/types.js';
import type { Config } from '../config/load.js';
import { feedHealth, healthSentence, type FeedHealth } from './feed-health.js';

/** The first health check comes this soon after start (the first polls are done by then, or timed out). */
const FIRST_CHECK_MS = 15_000;
/** Health checks when summaries are off. */
const HEALTH_EVERY_MS = 60_000;
/** A warning still true is repeated this often. */
const WARN_AGAIN_MS = 30 * 60_000;

export interface ActivityOptions {
  store: Store;
  /** The current config (reloads swap it). */
  config: () => Config;
  logger: Logger;
  /** settings.run.summaryInterval in ms; 0 = no summary lines (warnings still come). */
  intervalMs: number;
  /** Override the first check's delay (tests). */
  firstCheckMs?: number;
}

export interface Activity {
  /** Check and report now (also what each tick does). */
  tick(): Promise<void>;
  close(): void;
}

interface Mark {
  at: number;
  articles: number;
  alerts: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function startActivity(options: ActivityOptions): Activity {
  const { store, logger } = options;
  let mark: Mark | null = null;
  let warned: { cause: string | null; at: number } | null = null;
  let busy = false;

  const warn = (health: FeedHealth, now: number) => {
    if (!health.mostFailing) {
      if (warned) logger.info({ failing: health.failing.length, configured: health.configured }, `run: most feeds work again: ${health.failing.length} of ${health.configured} failing`);
      warned = null;
      return;
    }
    if (warned && warned.cause === health.cause && now - warned.at < WARN_AGAIN_MS) return;
    warned = { cause: health.cause, at: now };
    const examples = health.failing.slice(0, 3).map((s) => `${s.id}: ${s.lastError ?? s.disabledReason ?? s.lastStatus}`);
    logger.warn(
      { failing: health.failing.length, polled: health.polled, configured: health.configured, cause: health.cause, examples },
      `run: ${healthSentence(health)}. See \`mediamon feeds list\` for each feed's error (e.g. ${examples[0] ?? '-'})`,
    );
  };

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = Date.now();
      const [counts, states] = await Promise.all([store.counts(), store.listFeeds()]);
      const health = feedHealth(options.config().feeds, states);
      if (mark && options.intervalMs > 0) {
        const since = mark.at;
        const polled = states.filter((s) => s.removedAt === null && s.lastPolledAt !== null && Date.parse(s.lastPolledAt) >= since).length;
        const articles = counts.articles - mark.articles;
        const alerts = counts.alerts - mark.alerts;
        const secs = Math.round((now - mark.at) / 1000);
        logger.info(
          { polled, failing: health.failing.length, feeds: health.configured, new_articles: articles, new_alerts: alerts, seconds: secs, articles: counts.articles, alerts: counts.alerts },
          `run: last ${secs} s: polled ${plural(polled, 'feed')} (${health.failing.length} of ${health.configured} failing), ${plural(articles, 'new article')}, ${plural(alerts, 'alert')} (stored: ${plural(counts.articles, 'article')}, ${plural(counts.alerts, 'alert')})`,
        );
      }
      mark = { at: now, articles: counts.articles, alerts: counts.alerts };
      warn(health, now);
    } catch (error) {
      logger.warn({ err: (error as Error).message }, `run: cannot read the store for the summary: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  };

  // The baseline now, a health check once the first polls are in, then one per interval.
  void tick();
  const every = options.intervalMs > 0 ? options.intervalMs : HEALTH_EVERY_MS;
  const firstMs = options.firstCheckMs ?? FIRST_CHECK_MS;
  const first = firstMs < every ? setTimeout(() => void tick(), firstMs) : null;
  const timer = setInterval(() => void tick(), every);
  first?.unref();
  timer.unref();
  return {
    tick,
    close: () => {
      if (first) clearTimeout(first);
      clearInterval(timer);
    },
  };
}
