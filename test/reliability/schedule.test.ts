/** Adaptive polling: publishing rate within bounds, TTL / max-age / Retry-After floors, jittered backoff. */
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/settings/schema.js';
import { errorBackoff, intervalBounds, nextInterval, parseMaxAge, schedulerEvery } from '../../src/pipeline/schedule.js';

const MIN = 60_000;
const polling = SettingsSchema.parse({ polling: { interval: '15m', minInterval: '5m', maxInterval: '24h' } }).polling;

describe('nextInterval', () => {
  it('shortens after new items and lengthens after none, within bounds', () => {
    expect(nextInterval(polling, undefined, null, 3, null)).toBeLessThan(15 * MIN);
    expect(nextInterval(polling, undefined, null, 0, null)).toBeGreaterThan(15 * MIN);
    let busy = 15 * MIN;
    let quiet = 15 * MIN;
    for (let i = 0; i < 100; i++) {
      busy = nextInterval(polling, undefined, busy, 5, null);
      quiet = nextInterval(polling, undefined, quiet, 0, null);
    }
    expect(busy).toBe(5 * MIN);
    expect(quiet).toBe(24 * 60 * MIN);
  });

  it('recovers: a quiet feed that publishes again speeds back up', () => {
    let interval = 24 * 60 * MIN;
    for (let i = 0; i < 30; i++) interval = nextInterval(polling, undefined, interval, 2, null);
    expect(interval).toBe(5 * MIN);
  });

  it('never polls sooner than the feed TTL or Cache-Control max-age asks, nor beyond the maximum', () => {
    expect(nextInterval(polling, undefined, 5 * MIN, 5, 60)).toBe(60 * MIN);
    expect(nextInterval(polling, undefined, 5 * MIN, 5, null, 2 * 3_600_000)).toBe(2 * 3_600_000);
    expect(nextInterval(polling, undefined, 5 * MIN, 5, 60, 90 * MIN)).toBe(90 * MIN);
    expect(nextInterval(polling, undefined, 5 * MIN, 5, null, 7 * 24 * 3_600_000)).toBe(24 * 60 * MIN);
  });

  it('keeps a feed configured faster than minInterval at its own pace', () => {
    expect(intervalBounds(polling, MIN)).toEqual({ base: MIN, min: MIN, max: 24 * 60 * MIN });
    expect(schedulerEvery(polling, MIN)).toBe(MIN);
    expect(schedulerEvery(polling, undefined)).toBe(5 * MIN);
  });
});

describe('parseMaxAge', () => {
  it.each([
    ['max-age=600', 600_000],
    ['public, max-age=120, s-maxage=300', 300_000],
    ['Max-Age="60"', 60_000],
    ['no-cache, max-age=600', null],
    ['no-store', null],
    ['private', null],
    ['', null],
    [null, null],
  ])('%s -> %s', (header, expected) => {
    expect(parseMaxAge(header)).toBe(expected);
  });
});

describe('errorBackoff', () => {
  it('doubles per consecutive error with jitter, capped at the maximum interval', () => {
    const samples = (n: number) => Array.from({ length: 200 }, () => errorBackoff(polling, n));
    for (const [errors, base] of [[1, MIN], [2, 2 * MIN], [5, 16 * MIN]] as const) {
      const values = samples(errors);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(base * 0.8 - 1);
      expect(Math.max(...values)).toBeLessThanOrEqual(base * 1.2 + 1);
      expect(new Set(values).size).toBeGreaterThan(1);
    }
    expect(Math.max(...samples(40))).toBeLessThanOrEqual(24 * 60 * MIN);
  });

  it('waits at least as long as Retry-After', () => {
    expect(errorBackoff(polling, 1, 3_600_000)).toBeGreaterThanOrEqual(3_600_000);
  });
});
