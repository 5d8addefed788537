/**
 * Adaptive polling: a feed's interval follows how often it publishes, within bounds, honours the
 * feed's TTL and the response's Cache-Control max-age (never polling sooner than the source asks),
 * and backs off with jitter on errors (Retry-After as a floor).
 */
import type { Settings } from '../settings/schema.js';

/** A poll that found new items shortens the interval by this factor; an empty one lengthens it. */
const SHRINK = 0.7;
const GROW = 1.3;
/** Error backoff: base doubles per consecutive error, capped at maxInterval, ±20% jitter. */
const ERROR_BASE_MS = 60_000;
const JITTER = 0.2;
const MAX_AGE_RE = /(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*"?(\d+)"?/i;
const NO_CACHE_RE = /(?:^|,)\s*(?:no-cache|no-store)\b/i;

type Polling = Settings['polling'];

/** The interval bounds of one feed: a feed configured faster than minInterval keeps its own pace. */
export function intervalBounds(polling: Polling, configured: number | undefined): { base: number; min: number; max: number } {
  const base = configured ?? polling.interval;
  return { base, min: Math.min(base, polling.minInterval), max: Math.max(base, polling.maxInterval) };
}

/** Cache-Control max-age in ms (the larger of max-age and s-maxage), or null (none, no-cache, no-store). */
export function parseMaxAge(cacheControl: string | null | undefined): number | null {
  if (!cacheControl || NO_CACHE_RE.test(cacheControl)) return null;
  let best: number | null = null;
  for (const part of cacheControl.split(',')) {
    const match = MAX_AGE_RE.exec(part);
    if (match) best = Math.max(best ?? 0, Number(match[1]) * 1000);
  }
  return best;
}

/**
 * The next interval: shorter after new items, longer after none, never below what the source asks
 * (RSS ttl, Cache-Control max-age), always within the feed's bounds.
 */
export function nextInterval(
  polling: Polling,
  configured: number | undefined,
  current: number | null,
  newItems: number,
  ttlMinutes: number | null,
  maxAgeMs: number | null = null,
): number {
  const { base, min, max } = intervalBounds(polling, configured);
  const previous = current ?? base;
  let next = newItems > 0 ? previous * SHRINK : previous * GROW;
  if (ttlMinutes) next = Math.max(next, ttlMinutes * 60_000);
  if (maxAgeMs) next = Math.max(next, maxAgeMs);
  return Math.round(Math.min(max, Math.max(min, next)));
}

export function errorBackoff(polling: Polling, consecutiveErrors: number, retryAfterMs?: number): number {
  const exp = Math.min(polling.maxInterval, ERROR_BASE_MS * 2 ** Math.min(consecutiveErrors - 1, 20));
  const jittered = exp * (1 - JITTER + Math.random() * 2 * JITTER);
  return Math.round(Math.max(retryAfterMs ?? 0, Math.min(polling.maxInterval, jittered)));
}

/** How often the feed's job scheduler ticks: a poll skips when the feed is not due yet. */
export function schedulerEvery(polling: Polling, configured: number | undefined): number {
  return intervalBounds(polling, configured).min;
}

/** The polling bounds of a Telegram source: its newest page every 2-5 minutes by default (settings.telegram). */
export function telegramPolling(settings: Pick<Settings, 'polling' | 'telegram'>): Polling {
  const { interval, minInterval, maxInterval } = settings.telegram;
  return { ...settings.polling, interval, minInterval, maxInterval };
}
