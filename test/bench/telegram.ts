/**
 * Telegram reader figures: the dev-set score (../shared/data/telegram-dev, its README's definition),
 * posts read per second from saved preview pages (parse + every post's fields), and what polling costs
 * t.me: requests per hour per channel at the default interval, and how many channels the default
 * politeness (one request a second to t.me across every worker) allows.
 *
 *   npx tsx test/bench/telegram.ts [--rounds N] [--json]     (or: npm run bench:telegram after a build)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsSchema } from '../../src/settings/schema.js';
import { parseTelegramPage, TelegramError } from '../../src/sources/telegram.js';
import { scoreDevPages } from '../telegram/score.js';
import { machineInfo, repoRoot, round } from './harness.js';

const DEFAULT_ROUNDS = 20;

function pages(): { name: string; html: string }[] {
  const dirs = [join(repoRoot(), '..', 'shared', 'data', 'telegram-dev', 'pages'), join(repoRoot(), 'test', 'fixtures', 'telegram'), join(repoRoot(), 'test', 'fixtures', 'telegram', 'channel')];
  return dirs.filter(existsSync).flatMap((dir) =>
    readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => ({ name: f, html: readFileSync(join(dir, f), 'utf8') })));
}

function throughput(samples: { html: string }[], rounds: number): { posts: number; bytes: number; seconds: number; cpuSeconds: number } {
  let posts = 0;
  let bytes = 0;
  const read = () => {
    for (const { html } of samples) {
      try {
        posts += parseTelegramPage(html).posts.length;
      } catch (error) {
        if (!(error instanceof TelegramError)) throw error;
      }
      bytes += html.length;
    }
  };
  read(); // warm-up
  posts = 0;
  bytes = 0;
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let r = 0; r < rounds; r++) read();
  const used = process.cpuUsage(cpu);
  return { posts, bytes, seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
}

function pollingCost() {
  const { telegram } = SettingsSchema.parse({});
  const perHour = (ms: number) => round(3_600_000 / ms, 1);
  return {
    requests_per_hour_default: perHour(telegram.interval),
    requests_per_hour_busiest: perHour(telegram.minInterval),
    requests_per_hour_quietest: perHour(telegram.maxInterval),
    first_poll_requests_max: telegram.backfillPages,
    channels_within_politeness_default: Math.floor(3_600_000 / telegram.requestGap / perHour(telegram.interval)),
    channels_within_politeness_busiest: Math.floor(3_600_000 / telegram.requestGap / perHour(telegram.minInterval)),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const rounds = Number(args[args.indexOf('--rounds') + 1]) || DEFAULT_ROUNDS;
  const samples = pages();
  const devDir = join(repoRoot(), '..', 'shared', 'data', 'telegram-dev');
  const score = existsSync(join(devDir, 'expected.jsonl')) ? scoreDevPages(devDir) : null;
  const speed = throughput(samples, rounds);
  const result = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    pages: samples.length,
    rounds,
    posts_per_s: round(speed.posts / speed.seconds, 0),
    /** Per second of CPU time: the figure that does not depend on what else the machine runs. */
    posts_per_cpu_s: round(speed.posts / speed.cpuSeconds, 0),
    pages_per_s: round((samples.length * rounds) / speed.seconds, 0),
    mb_per_s: round(speed.bytes / 1e6 / speed.seconds, 1),
    dev_score: score && {
      posts_right: `${score.right}/${score.posts}`,
      titles_right: `${score.titlesRight}/${score.pages}`,
      before_right: `${score.beforeRight}/${score.pages}`,
      not_found_right: `${score.notFoundRight}/${score.notFoundPages}`,
      misses: score.misses,
    },
    polling: pollingCost(),
  };
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`telegram reader: ${result.pages} pages x ${rounds} rounds: ${result.posts_per_s} posts/s (${result.posts_per_cpu_s} per CPU-second), ${result.pages_per_s} pages/s, ${result.mb_per_s} MB/s (load ${result.machine.load_avg_1m}, ${result.machine.cores} cores)\n`);
  if (result.dev_score) {
    const d = result.dev_score;
    process.stdout.write(`dev pages: posts right ${d.posts_right}, titles ${d.titles_right}, before ${d.before_right}, not-found ${d.not_found_right}\n`);
  } else process.stdout.write('dev pages: ../shared/data/telegram-dev absent, no score\n');
  const p = result.polling;
  process.stdout.write(`polling: ${p.requests_per_hour_default} requests/hour per channel at the default 3m (${p.requests_per_hour_quietest}-${p.requests_per_hour_busiest} adaptive), first poll at most ${p.first_poll_requests_max}; 1 request/s to t.me allows ${p.channels_within_politeness_default} channels at the default pace (${p.channels_within_politeness_busiest} all at the fastest)\n`);
}

main();
