/**
 * Spike detection on generated replays: hourly series with a daily rhythm and Poisson noise at several
 * base rates, each 8 weeks long; bursts injected in half of them (a step of +k× the usual level for 3
 * to 12 hours, growing in over the first hours), the other half left quiet. Reports the share of bursts
 * found, the delay from a burst's start to its first spike (hours), and false spikes per week on quiet
 * series and outside the bursts. Deterministic (seeded). `--json` adds one JSON line.
 *
 *   npx tsx test/bench/trends.ts          (development)
 *   npm run bench:trends                  (node dist/test/bench/trends.js)
 */
import { detectSpikes, type Bucket } from '../../src/trends/spikes.js';

const HOUR = 3_600_000;
const START = Date.parse('2024-01-01T00:00:00Z');
const WEEKS = 8;
const HOURS = WEEKS * 7 * 24;
/** Only the last 4 weeks are scored: the first 4 fill the baseline. */
const SCORED_FROM = 4 * 7 * 24;
const SERIES_PER_RATE = 40;
const RATES = [0.3, 2, 10];
const BURST_FACTORS = [3, 6];

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
const rhythm = (h: number, rate: number) => rate * (0.4 + 1.2 * Math.max(0, Math.sin(((h % 24) - 6) / 24 * 2 * Math.PI)));

function series(rate: number, burst: { at: number; hours: number; factor: number } | null): Bucket[] {
  return Array.from({ length: HOURS }, (_, h) => {
    let mean = rhythm(h, rate);
    if (burst && h >= burst.at && h < burst.at + burst.hours) mean += rhythm(h, Math.max(rate, 1)) * burst.factor * Math.min(1, (h - burst.at + 1) / 3);
    const count = poisson(mean);
    return { time: new Date(START + h * HOUR).toISOString(), count, sources: Math.min(count, 1 + poisson(2)) };
  });
}

interface Row { rate: number; factor: number; bursts: number; found: number; delays: number[]; quietFalse: number; quietWeeks: number; burstFalse: number }

function run(): Row[] {
  const rows: Row[] = [];
  for (const rate of RATES) {
    for (const factor of BURST_FACTORS) {
      const row: Row = { rate, factor, bursts: 0, found: 0, delays: [], quietFalse: 0, quietWeeks: 0, burstFalse: 0 };
      for (let i = 0; i < SERIES_PER_RATE; i++) {
        const burst = i % 2 === 0 ? { at: SCORED_FROM + Math.floor(random() * (HOURS - SCORED_FROM - 24)), hours: 3 + Math.floor(random() * 10), factor } : null;
        const spikes = detectSpikes(series(rate, burst), { bucket: 'hour' }).map((s) => (Date.parse(s.time) - START) / HOUR).filter((h) => h >= SCORED_FROM);
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
  return rows;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

const rows = run();
const lines = ['| mean per hour | burst | bursts found | median delay (h) | false spikes / week, quiet series | false spikes outside bursts |', '|---|---|---|---|---|---|'];
for (const r of rows) {
  lines.push(`| ${r.rate} | +${r.factor}× | ${r.found}/${r.bursts} | ${median(r.delays)} | ${(r.quietFalse / r.quietWeeks).toFixed(3)} | ${r.burstFalse} |`);
}
process.stdout.write(`${lines.join('\n')}\n(${SERIES_PER_RATE} series per row, ${WEEKS} weeks hourly, last 4 scored; defaults: 28-day same-hour baseline, z 4, sd floor 1, count >= 5, sources >= 2)\n`);
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(rows.map(({ delays, ...r }) => ({ ...r, medianDelay: median(delays) })))}\n`);
