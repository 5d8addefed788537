/**
 * How long a page waits for a host that answers Retry-After: the asked delay, cut to what is left of
 * fetch.maxRetryAfter since the page first waited; past that, no more waiting (the feed's text stands);
 * the article is read from the feed's text once the wait passes fetch.feedTextAfter.
 */
import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/fetch/errors.js';
import { planHostWait } from '../../src/pipeline/fetch-page.js';
import type { FetchPayload } from '../../src/queues/index.js';

const H = 3_600_000;
const LIMITS = { maxRetryAfter: 24 * H, feedTextAfter: 15 * 60_000 };
const NOW = Date.UTC(2026, 11, 4, 12);
const payload: FetchPayload = {
  key: 'k', feedId: 'f', url: 'http://example.org/a', feedLanguage: null,
  item: { title: 't', summary: '', contentText: 'x', published: null, guid: null, author: null },
};
const limited = (ms?: number) => new FetchError('rate-limited', 'http://example.org/a: HTTP 429', { url: 'http://example.org/a', status: 429, ...(ms === undefined ? {} : { retryAfterMs: ms }) });

describe('planHostWait', () => {
  it('waits the asked time; a short wait keeps the page, a long one reads the feed text now', () => {
    expect(planHostWait(limited(30_000), payload, LIMITS, NOW)).toMatchObject({ delayMs: 30_000, feedTextNow: false, payload: { waitingSince: NOW } });
    expect(planHostWait(limited(H), payload, LIMITS, NOW)).toMatchObject({ delayMs: H, feedTextNow: true, payload: { waitingSince: NOW, analysedFromFeed: true } });
  });

  it('reads the feed text once, when the waits add up past feedTextAfter', () => {
    const second = planHostWait(limited(60_000), { ...payload, waitingSince: NOW - 15 * 60_000 }, LIMITS, NOW)!;
    expect(second.feedTextNow).toBe(true);
    expect(planHostWait(limited(60_000), second.payload, LIMITS, NOW + 60_000)!.feedTextNow).toBe(false);
  });

  it('cuts a wait to what is left of maxRetryAfter, then gives up', () => {
    expect(planHostWait(limited(48 * H), payload, LIMITS, NOW)!.delayMs).toBe(24 * H);
    expect(planHostWait(limited(2 * H), { ...payload, waitingSince: NOW - 23 * H }, LIMITS, NOW)!.delayMs).toBe(H);
    expect(planHostWait(limited(60_000), { ...payload, waitingSince: NOW - 24 * H }, LIMITS, NOW)).toBeNull();
  });

  it('a 429 without Retry-After, or another error, is not a wait (BullMQ retries it)', () => {
    expect(planHostWait(limited(), payload, LIMITS, NOW)).toBeNull();
    expect(planHostWait(new FetchError('http-5xx', 'x: HTTP 503', { url: 'x', status: 503 }), payload, LIMITS, NOW)).toBeNull();
  });
});
