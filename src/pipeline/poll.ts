/**
 * The poll stage: conditional GET of a feed, parse, skip items already seen, enqueue a fetch for each
 * new one. Source failures are recorded on the feed row (status, error, consecutive errors, next poll)
 * and never thrown: the feed's next scheduled poll is its retry.
 */
import { createHash } from 'node:crypto';
import { sourceKind, type FeedConfig, type Settings } from '../settings/schema.js';
import { FetchError } from '../fetch/errors.js';
import { FeedError, parseFeed } from '../feeds/index.js';
import { LISTING_EMPTY, readPageSource } from '../sources/listing-poll.js';
import { TelegramError } from '../sources/telegram-errors.js';
import type { FetchPayload } from '../queues/index.js';
import { enqueueBulk } from '../queues/enqueue.js';
import { fetchJobId } from '../queues/ids.js';
import type { FeedState, FeedStatePatch, Store } from '../store/types.js';
import type { FeedItem } from '../types.js';
import { itemsByKey } from './keys.js';
import { pollTelegram, type TelegramPollDeps } from './poll-telegram.js';
import { errorBackoff, nextInterval, parseMaxAge } from './schedule.js';
import { PAGE_ACCEPT } from '../fetch/http.js';

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
/** The feed content carried in a fetch job for the fallback; longer text is cut. */
const MAX_ITEM_TEXT = 20_000;

export type PollStatus = 'ok' | 'not-modified' | 'unchanged' | 'skipped' | 'error';

export interface PollOutcome {
  feedId: string;
  status: PollStatus;
  /** New items enqueued for fetching. */
  newItems: number;
  /** Items the feed held (when it was read and parsed). */
  items?: number;
  error?: string;
}

/**
 * What the poll stage uses: the configured feeds and the polling, fetch and Telegram settings, the HTTP
 * client, the feed rows and seen keys, the fetch (and, for Telegram, analyze) queue, and the job's log.
 */
export interface PollDeps extends TelegramPollDeps {
  config: { feeds: readonly FeedConfig[]; settings: Pick<Settings, 'polling' | 'fetch' | 'telegram'> };
  store: Pick<Store, 'getFeed' | 'updateFeed' | 'filterUnseen' | 'markSeen'> & TelegramPollDeps['store'];
}

export interface PollOptions {
  /** Poll even when the feed is not due yet (run --once, feeds check). */
  force?: boolean;
}

export async function pollFeed(deps: PollDeps, feedId: string, options: PollOptions = {}): Promise<PollOutcome> {
  const feed = deps.config.feeds.find((f) => f.id === feedId);
  if (!feed || !feed.enabled) return { feedId, status: 'skipped', newItems: 0, error: feed ? 'disabled in config' : 'not in config' };
  const state = await deps.store.getFeed(feedId);
  if (!state) return { feedId, status: 'skipped', newItems: 0, error: 'no state row' };
  if (state.disabledReason) return { feedId, status: 'skipped', newItems: 0, error: `disabled: ${state.disabledReason}` };
  if (!options.force && state.nextPollAt && Date.parse(state.nextPollAt) > Date.now()) return { feedId, status: 'skipped', newItems: 0 };
  try {
    if (sourceKind(feed) === 'telegram') return { feedId, status: 'ok', ...(await pollTelegram(deps, feed, state)) };
    return await pollOnce(deps, feed, state);
  } catch (error) {
    if (error instanceof FetchError || error instanceof FeedError || error instanceof TelegramError) return recordFailure(deps, feed, state, error);
    throw error;
  }
}

async function pollOnce(deps: PollDeps, feed: FeedConfig, state: FeedState): Promise<PollOutcome> {
  const now = new Date();
  const res = await deps.http.fetch({ url: feed.url, accept: feed.page ? PAGE_ACCEPT : FEED_ACCEPT, etag: state.etag, lastModified: state.lastModified });
  const base = { lastPolledAt: now.toISOString(), lastHttpStatus: res.status, lastError: null, consecutiveErrors: 0 };
  const maxAgeMs = parseMaxAge(res.cacheControl);
  if (res.notModified) {
    await deps.store.updateFeed(feed.id, { ...base, lastStatus: 'not-modified', ...nextPoll(deps, feed, state, 0, null, now, maxAgeMs) });
    return { feedId: feed.id, status: 'not-modified', newItems: 0 };
  }
  const bodyHash = createHash('sha256').update(res.body).digest('hex');
  const validators = { etag: res.etag, lastModified: res.lastModified, bodyHash };
  if (feed.page) return pollPage(deps, feed, state, res, { ...base, ...validators }, now, maxAgeMs);
  if (bodyHash === state.bodyHash) {
    // Same bytes although the server sent no validators: no parsing, no work.
    await deps.store.updateFeed(feed.id, { ...base, ...validators, lastStatus: 'unchanged', ...nextPoll(deps, feed, state, 0, null, now, maxAgeMs) });
    return { feedId: feed.id, status: 'unchanged', newItems: 0 };
  }
  // The decompressed-size cap follows fetch.maxBytes (a .xml.gz served as is is inflated here).
  const parsed = parseFeed(res.body, { url: res.url, contentType: res.contentType, maxBytes: deps.config.settings.fetch.maxBytes });
  const { enqueued, leftover } = await enqueueNewItems(deps, feed, parsed.items, feed.language ?? parsed.language);
  // Items left for the next polls: keep the old validators so the same document is read again, and
  // come back after the shortest interval.
  const rest = leftover > 0 ? { nextPollAt: new Date(now.getTime() + deps.config.settings.polling.minInterval).toISOString() } : {};
  if (leftover > 0) deps.log.info({ feed_id: feed.id, new_items: enqueued, left_for_next_polls: leftover }, 'poll: more new items than one poll takes');
  await deps.store.updateFeed(feed.id, {
    ...base,
    ...(leftover > 0 ? {} : validators),
    title: feed.title ?? (parsed.title || null),
    lastStatus: 'ok',
    itemsSeen: state.itemsSeen + enqueued,
    ...(enqueued > 0 ? { lastNewItemAt: now.toISOString() } : {}),
    ...nextPoll(deps, feed, state, enqueued, parsed.ttlMinutes, now, maxAgeMs),
    ...rest,
  });
  deps.log.debug({ feed_id: feed.id, items: parsed.items.length, new_items: enqueued }, 'poll: feed read');
  return { feedId: feed.id, status: 'ok', newItems: enqueued, items: parsed.items.length };
}

/**
 * A listing-page source: read the page with its selectors or by discovery (every poll: listing pages
 * carry timestamps and ads, so equal bytes are rare and parsing is cheap). An empty page is recorded as
 * listing-empty once, then throws selector-empty (readPageSource), which recordFailure records.
 */
async function pollPage(
  deps: PollDeps, feed: FeedConfig, state: FeedState, res: { body: Uint8Array; url: string; contentType: string | null },
  base: FeedStatePatch, now: Date, maxAgeMs: number | null,
): Promise<PollOutcome> {
  const read = readPageSource(feed, res, state.lastStatus, now, deps.config.settings.fetch.maxBytes);
  const { enqueued } = await enqueueNewItems(deps, feed, read.items, feed.language ?? null);
  await deps.store.updateFeed(feed.id, {
    ...base,
    // An empty read keeps no validators, so the next poll fetches the page in full even if it is
    // unchanged (a 304 would hide the second empty poll).
    ...(read.empty ? { bodyHash: null, etag: null, lastModified: null } : {}),
    title: feed.title ?? read.title,
    lastStatus: read.empty ? LISTING_EMPTY : 'ok',
    itemsSeen: state.itemsSeen + enqueued,
    ...(enqueued > 0 ? { lastNewItemAt: now.toISOString() } : {}),
    ...nextPoll(deps, feed, state, enqueued, null, now, maxAgeMs),
  });
  deps.log.debug({ feed_id: feed.id, items: read.items.length, new_items: enqueued }, 'poll: listing page read');
  return { feedId: feed.id, status: 'ok', newItems: enqueued };
}

function nextPoll(deps: PollDeps, feed: FeedConfig, state: FeedState, newItems: number, ttlMinutes: number | null, now: Date, maxAgeMs: number | null) {
  const intervalMs = nextInterval(deps.config.settings.polling, feed.interval, state.intervalMs, newItems, ttlMinutes, maxAgeMs);
  return { intervalMs, nextPollAt: new Date(now.getTime() + intervalMs).toISOString() };
}

/** BullMQ's largest priority (lower runs first). */
const MAX_PRIORITY = 2_097_152;

/** Newest first (items without a date keep their place after the dated ones: feeds list newest first). */
function newestFirst(keys: string[], byKey: Map<string, FeedItem>): string[] {
  const time = (k: string): number => { const t = Date.parse(byKey.get(k)?.published ?? ''); return Number.isNaN(t) ? -Infinity : t; };
  return [...keys].sort((a, b) => time(b) - time(a));
}

/**
 * Enqueue a fetch job for the newest items never seen before (at most polling.maxItemsPerPoll), then
 * remember those as seen; the others stay unseen for the next polls. The n-th item of a poll gets
 * priority n: every feed's newest item runs before any feed's second, so feeds interleave and a
 * flood waits behind the healthy feeds' news (analyze jobs keep the priority).
 */
async function enqueueNewItems(deps: PollDeps, feed: FeedConfig, items: FeedItem[], language: string | null): Promise<{ enqueued: number; leftover: number }> {
  const byKey = itemsByKey(items, feed.id);
  const unseen = await deps.store.filterUnseen([...byKey.keys()]);
  if (unseen.length === 0) return { enqueued: 0, leftover: 0 };
  const fresh = newestFirst(unseen, byKey).slice(0, deps.config.settings.polling.maxItemsPerPoll);
  // Enqueue before marking seen: a crash in between re-enqueues the same job ids, which is harmless.
  await enqueueBulk(
    deps.queues,
    'fetch',
    fresh.map((key, i) => ({ payload: fetchPayload(key, feed.id, byKey.get(key)!, language), jobId: fetchJobId(key), priority: Math.min(i + 1, MAX_PRIORITY) })),
  );
  await deps.store.markSeen(feed.id, fresh);
  return { enqueued: fresh.length, leftover: unseen.length - fresh.length };
}

/** The fetch job of a new feed item (`mediamon ingest` reads a feed's items through it too). */
export function fetchPayload(key: string, feedId: string, item: FeedItem, language: string | null): FetchPayload {
  return {
    key,
    feedId,
    url: item.link,
    feedLanguage: language,
    item: {
      title: item.title,
      summary: item.summary.slice(0, MAX_ITEM_TEXT),
      contentText: item.contentText.slice(0, MAX_ITEM_TEXT),
      published: item.published,
      guid: item.guid,
      author: item.author,
    },
  };
}

async function recordFailure(deps: PollDeps, feed: FeedConfig, state: FeedState, error: FetchError | FeedError | TelegramError): Promise<PollOutcome> {
  const now = new Date();
  const consecutiveErrors = state.consecutiveErrors + 1;
  const permanent = error instanceof FeedError || error.permanent;
  const disableAfter = deps.config.settings.polling.disableAfter;
  const retryAfterMs = error instanceof FetchError ? error.details.retryAfterMs : undefined;
  const delay = errorBackoff(deps.config.settings.polling, consecutiveErrors, retryAfterMs);
  const disabledReason = permanent && consecutiveErrors >= disableAfter
    ? `${consecutiveErrors} consecutive permanent failures, last: ${error.message}`
    : null;
  await deps.store.updateFeed(feed.id, {
    lastPolledAt: now.toISOString(),
    lastStatus: error.kind,
    lastHttpStatus: error instanceof FetchError ? (error.details.status ?? null) : null,
    lastError: error.message,
    consecutiveErrors,
    nextPollAt: new Date(now.getTime() + delay).toISOString(),
    disabledReason,
  });
  const log = disabledReason ? deps.log.error.bind(deps.log) : deps.log.warn.bind(deps.log);
  const what = disabledReason ? 'disabled' : `failing x${consecutiveErrors}`;
  log({ feed_id: feed.id, kind: error.kind, consecutive_errors: consecutiveErrors, disabled: Boolean(disabledReason) }, `poll: feed ${feed.id} ${what} (${error.kind}): ${error.message}`);
  return { feedId: feed.id, status: 'error', newItems: 0, error: error.message };
}
