/** Spike detection on made-up series: a burst is found, a quiet or sparse series is left alone. */
import { describe, expect, it } from 'vitest';
import { detectSpikes } from '../../src/trends/spikes.js';
import type { Bucket } from '../../src/types.js';

const HOUR = 3_600_000;
const START = Date.parse('2024-01-01T00:00:00Z');

function hourly(days: number, count: (hour: number) => number, sources = 3): Bucket[] {
  return Array.from({ length: days * 24 }, (_, h) => ({ time: new Date(START + h * HOUR).toISOString(), count: count(h), sources }));
}

describe('trends: spikes', () => {
  it('finds a burst well above the usual level for that hour, and only it', () => {
    const series = hourly(35, (h) => (h === 34 * 24 + 15 ? 40 : 4 + (h % 3)));
    const spikes = detectSpikes(series, { bucket: 'hour' });
    expect(spikes.map((s) => s.time)).toEqual([new Date(START + (34 * 24 + 15) * HOUR).toISOString()]);
    expect(spikes[0]!.expected).toBeGreaterThan(3);
    expect(spikes[0]!.score).toBeGreaterThan(10);
  });

  it('does not spike a sparse series on a small count, nor a burst from one source', () => {
    const sparse = hourly(35, (h) => (h % 50 === 0 ? 1 : 0));
    sparse[sparse.length - 1]!.count = 3;
    expect(detectSpikes(sparse, { bucket: 'hour' })).toEqual([]);
    const oneSource = hourly(35, (h) => (h === 800 ? 30 : 2), 1);
    expect(detectSpikes(oneSource, { bucket: 'hour' })).toEqual([]);
  });

  it('compares each hour with the same hour of earlier days: a daily rush hour is not a spike', () => {
    const series = hourly(35, (h) => (h % 24 === 8 ? 30 : 3));
    expect(detectSpikes(series, { bucket: 'hour' })).toEqual([]);
  });

  it('knows weekdays: a busy Sunday is a spike against usual Sundays, while the weekly rhythm itself is not', () => {
    // 2024-01-01 is a Monday: days 5 and 6 of each week are the weekend, at a fifth of the weekday level.
    const weekend = (h: number) => Math.floor(h / 24) % 7 >= 5;
    const level = (h: number) => (weekend(h) ? 2 : 10) + (h % 2);
    expect(detectSpikes(hourly(42, level), { bucket: 'hour' })).toEqual([]);
    const sundayNoon = 41 * 24 + 12; // day 41 is a Sunday
    const series = hourly(42, (h) => (h === sundayNoon ? 9 : level(h)));
    const spikes = detectSpikes(series, { bucket: 'hour' });
    expect(spikes.map((s) => s.time)).toEqual([new Date(START + sundayNoon * HOUR).toISOString()]);
    expect(spikes[0]!.expected).toBeLessThan(3.5);
    // Compared with every day alike, 9 on a Sunday is below a weekday's usual 10: not a spike.
    expect(detectSpikes(series, { bucket: 'hour', baseline: 'hour-of-day' })).toEqual([]);
  });
});
