/**
 * Spike detection on generated replays: hourly series with a daily rhythm and Poisson noise at several
 * base rates, each 8 weeks long; bursts injected in half of them (a step of +k× the usual level for 3
 * to 12 hours, growing in over the first hours), the other half left quiet. Reports the share of bursts
 * found, the delay from a burst's start to its first spike (hours), and false spikes per week on quiet
 * series and outside the bursts. Each set of series is made twice: with the same level every day of the week,
 * and with a weekly pattern (weekends at WEEKEND of the weekday level, Mondays at MONDAY), and each is scored
 * with every baseline kind (src/trends/spikes.ts), on the very same series. Deterministic (seeded).
 * `--json` adds one JSON line.
 *
 *   npx tsx test/bench/trends.ts          (development)
 *   npm run bench:trends                  (node dist/test/bench/trends.js)
 */
import { BASELINE_KINDS, detectSpikes, type BaselineKind } from '../../src/trends/spikes.js';
import type { Bucket } from '../../src/types.js';

const HOUR = 3_600_000;
const START = Date.parse('2024-01-01T00:00:00Z');
const WEEKS = 8;
const HOURS = WEEKS * 7 * 24;
/** Only the last 4 weeks are scored: the first 4 fill the baseline. */
const SCORED_FROM = 4 * 7 * 24;
const SERIES_PER_RATE = 40;
const RATES = [0.3, 2, 10];
const BURST_FACTORS = [3, 6];
/** The weekly pattern: Saturday and Sunday at this share of a weekday, Monday busier. (2024-01-01 is a Monday.) */
const WEEKEND = 0.4;
const MONDAY = 1.3;
const PATTERNS = ['flat week', 'weekly pattern'] as const;
type Pattern = (typeof PATTERNS)[number];

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

function poisson(mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > limit && k < 10_000);
  return k - 1;
}

/** The usual level of an hour: busier by day than by night. */
const daily = (h: number, rate: number) => rate * (0.4 + 1.2 * Math.max(0, Math.sin(((h % 24) - 6) / 24 * 2 * Math.PI)));
const weekly = (h: number) => {
  const weekday = Math.floor(h / 24) % 7; // 0 = Monday
  return weekday >= 5 ? WEEKEND : weekday === 0 ? MONDAY : 1;
};

function series(rate: number, pattern: Pattern, burst: { at: number; hours: number; factor: number } | null): Bucket[] {
  const rhythm = (h: number, r: number) => daily(h, r) * (pattern === 'weekly pattern' ? weekly(h) : 1);
  return Array.from({ length: HOURS }, (_, h) => {
    let mean = rhythm(h, rate);
    if (burst && h >= burst.at && h < burst.at + burst.hours) mean += rhythm(h, Math.max(rate, 1)) * burst.factor * Math.min(1, (h - burst.at + 1) / 3);
    const count = poisson(mean);
    return { time: new Date(START + h * HOUR).toISOString(), count, sources: Math.min(count, 1 + poisson(2)) };
  });
}

interface Row { pattern: Pattern; baseline: BaselineKind; rate: number; factor: number; bursts: number; found: number; delays: number[]; quietFalse: number; quietWeeks: number; burstFalse: number }

function run(): Row[] {
  const rows: Row[] = [];
  for (const pattern of PATTERNS) {
    for (const rate of RATES) {
      for (const factor of BURST_FACTORS) {
        const made = Array.from({ length: SERIES_PER_RATE }, (_, i) => {
          const burst = i % 2 === 0 ? { at: SCORED_FROM + Math.floor(random() * (HOURS - SCORED_FROM - 24)), hours: 3 + Math.floor(random() * 10), factor } : null;
          return { burst, buckets: series(rate, pattern, burst) };
        });
        for (const baseline of BASELINE_KINDS) {
          const row: Row = { pattern, baseline, rate, factor, bursts: 0, found: 0, delays: [], quietFalse: 0, quietWeeks: 0, burstFalse: 0 };
          for (const { burst, buckets } of made) {
            const spikes = detectSpikes(buckets, { bucket: 'hour', baseline }).map((s) => (Date.parse(s.time) - START) / HOUR).filter((h) => h >= SCORED_FROM);
            if (burst) {
              row.bursts++;
              const inside = spikes.filter((h) => h >= burst.at && h < burst.at + burst.hours);
              if (inside.length > 0) {
                row.found++;
                row.delays.push(inside[0]! - burst.at);
              }
              row.burstFalse += spikes.length - inside.length;
            } else {
              row.quietFalse += spikes.length;
              row.quietWeeks += (HOURS - SCORED_FROM) / (7 * 24);
            }
          }
          rows.push(row);
        }
      }
    }
  }
  return rows;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

const cpuStart = process.cpuUsage();
const rows = run();
const cpu = process.cpuUsage(cpuStart);
const lines: string[] = [];
for (const pattern of PATTERNS) {
  lines.push(`\n${pattern}:`, '| baseline | mean per hour | burst | bursts found | median delay (h) | false spikes / week, quiet series | false spikes outside bursts |', '|---|---|---|---|---|---|---|');
  for (const r of rows.filter((x) => x.pattern === pattern)) {
    lines.push(`| ${r.baseline} | ${r.rate} | +${r.factor}× | ${r.found}/${r.bursts} | ${median(r.delays)} | ${(r.quietFalse / r.quietWeeks).toFixed(3)} | ${r.burstFalse} |`);
  }
  for (const baseline of BASELINE_KINDS) {
    const mine = rows.filter((x) => x.pattern === pattern && x.baseline === baseline);
    const found = mine.reduce((a, r) => a + r.found, 0);
    const bursts = mine.reduce((a, r) => a + r.bursts, 0);
    const falses = mine.reduce((a, r) => a + r.quietFalse, 0) / mine.reduce((a, r) => a + r.quietWeeks, 0);
    lines.push(`  ${baseline}: ${found}/${bursts} bursts found, median delay ${median(mine.flatMap((r) => r.delays))} h, ${falses.toFixed(3)} false spikes / week on quiet series, ${mine.reduce((a, r) => a + r.burstFalse, 0)} outside bursts`);
  }
}
process.stdout.write(`${lines.join('\n')}\n(${SERIES_PER_RATE} series per row, ${WEEKS} weeks hourly, last 4 scored; z 4, sd floor 1, count >= 5, sources >= 2; weekly pattern: weekends ×${WEEKEND}, Mondays ×${MONDAY}; CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)\n`);
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(rows.map(({ delays, ...r }) => ({ ...r, medianDelay: median(delays) })))}\n`);
