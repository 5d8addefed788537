/**
 * What `run` says at start and what `run --once` says at the end. At start: the folders of file
 * channels are made (so ./data/digests exists at once, as the README says) and each scheduled digest
 * names when and where it lands. At the end of --once: one line of figures, every failing feed, and
 * exit 1 when every feed failed (cron users need to know), with the likely cause.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import type { Config } from '../config/load.js';
import type { Logger } from '../log.js';
import { feedHealth, healthSentence } from '../pipeline/feed-health.js';
import type { Store } from '../store/types.js';
import { EXIT_FAILURE } from './context.js';

/** "2026-12-02 07:00 Europe/Kyiv" */
function zoned(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(date);
  return `${parts} ${timeZone}`;
}

/** Make every file channel's folder and say when each scheduled digest lands, and where. */
export function announceDigests(config: Config, logger: Logger, now = new Date()): void {
  for (const sub of config.subscriptions) {
    const dirs = sub.channels.flatMap((c) => (c.type === 'file' ? [path.resolve(c.dir)] : []));
    for (const dir of dirs) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (error) {
        logger.error({ subscription: sub.id, dir }, `run: cannot make the digest folder ${dir}: ${(error as Error).message}`);
      }
    }
    if (sub.schedule === 'immediate') continue;
    const next = new Cron(sub.schedule, { timezone: sub.timezone, paused: true }).nextRun(now);
    const where = [...dirs.map((d) => path.relative(process.cwd(), d) || '.'), ...sub.channels.filter((c) => c.type !== 'file').map((c) => c.type)].join(', ');
    logger.info(
      { subscription: sub.id, next: next?.toISOString() ?? null, channels: where },
      `run: digest '${sub.id}' next at ${next ? zoned(next, sub.timezone) : 'never'} -> ${where || 'no channel'} (send one now: mediamon digest send ${sub.id})`,
    );
  }
}

export interface OnceFigures {
  polled: number;
  newArticles: number;
  newAlerts: number;
  seconds: number;
}

/** Print the end of `run --once`; set exit status 1 when every feed polled failed. */
export async function reportOnce(store: Store, config: Config, figures: OnceFigures): Promise<void> {
  const health = feedHealth(config.feeds, await store.listFeeds());
  for (const feed of health.failing) process.stderr.write(`feed ${feed.id}: ${feed.lastStatus}: ${feed.lastError ?? feed.disabledReason}\n`);
  process.stdout.write(
    `run --once: polled ${figures.polled} feeds (${health.failing.length} failing), ${figures.newArticles} new articles, ` +
      `${figures.newAlerts} new alerts in ${figures.seconds.toFixed(1)} s\n`,
  );
  if (figures.polled > 0 && health.failing.length >= figures.polled) {
    process.stderr.write(`run --once: every feed failed: ${healthSentence(health)}; see \`mediamon feeds list\`\n`);
    process.exitCode = EXIT_FAILURE;
  }
}
