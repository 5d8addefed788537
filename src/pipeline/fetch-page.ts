/**
 * The fetch stage: download the article page (timeout, size cap, guard) and hand it to analyze as a
 * blob. A page that cannot be had is not a lost article: after the last attempt (or at once for a
 * permanent failure) the feed's own content goes to analyze, and the alert will say so.
 *
 * A host that answers Retry-After is waited for, not retried: the job is delayed until then (no
 * attempt spent), for up to `fetch.maxRetryAfter` in all. When the wait passes `fetch.feedTextAfter`,
 * the article is analysed from the feed's text meanwhile, and the page, once it comes, upgrades it
 * (re-tagged; only rules that did not fire before add alerts).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { FetchError } from '../fetch/errors.js';
import { decodeBytes } from '../fetch/charset.js';
import { PAGE_ACCEPT, type HttpClient } from '../fetch/http.js';
import type { Logger } from '../log.js';
import type { AnalyzePayload, FetchPayload } from '../queues/index.js';
import type { PageBlobs } from './page-blobs.js';

/** The shortest delay of a waiting page (a Retry-After of 0 s is not a busy loop). */
const MIN_HOST_WAIT_MS = 1_000;
const HTML_TYPE = /html|xml/i;
/** Why an article without a link is read from its feed's text. */
export const NO_LINK = 'the feed item has no link';

/**
 * Whether decodeBytes would return these bytes as UTF-8 text unchanged: no BOM, not pure ASCII, valid
 * UTF-8 (rule 2 of src/fetch/charset.ts: valid non-ASCII UTF-8 wins over any declared charset). Such a
 * page goes into its blob as it came, skipping a decode and a re-encode (~0.6 ms of a 130 KB page).
 */
function plainUtf8(bytes: Uint8Array): boolean {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return !bom && !isAscii(bytes) && isUtf8(bytes);
}

/** What fetching a page uses: the HTTP client, how long a page may wait for its host, and the job's log. */
export interface FetchDeps {
  http: HttpClient;
  config: { settings: { fetch: HostWaitLimits } };
  log: Logger;
}

export interface FetchAttempt {
  /** Whether this is the job's last attempt (then a transient failure falls back too). */
  lastAttempt: boolean;
}

/** How long a page may wait for its host, from `fetch` settings (ms). */
export interface HostWaitLimits {
  maxRetryAfter: number;
  feedTextAfter: number;
}

/** A page to delay: for how long, its payload from now on, and whether to analyse the feed's text now. */
export interface HostWaitPlan {
  delayMs: number;
  payload: FetchPayload;
  feedTextNow: boolean;
}

/** Thrown by {@link fetchPage} when the host asked to wait and the page may: the worker delays the job by `plan`. */
export class HostWait extends Error {
  constructor(readonly fetchError: FetchError, readonly plan: HostWaitPlan) {
    super(fetchError.message);
  }
}

/** The analyze payload of an article read from its feed's text because the page could not be had. */
export function feedTextPayload(payload: FetchPayload, reason: string): AnalyzePayload {
  return { ...payload, pageBlob: null, finalUrl: null, contentLanguage: null, fetchError: reason };
}

/** A fetched article: its analyze payload (no blob yet) and the page, when there is one. */
export interface FetchedPage {
  payload: AnalyzePayload;
  /** The decoded page, or bytes that are already its UTF-8 encoding; null: the feed's text is analysed. */
  page: string | Uint8Array | null;
}

/**
 * Fetch the page. Returns the analyze payload with the page in hand (or the feed's text as fallback),
 * or null when the article was already analysed from the feed's text and the page is given up. Throws
 * a FetchError to retry, or a {@link HostWait} with the delay {@link planHostWait} gave. The page goes into a blob
 * only when it is handed to the analyze queue ({@link handOff}).
 */
export async function fetchPage(deps: FetchDeps, payload: FetchPayload, attempt: FetchAttempt): Promise<FetchedPage | null> {
  const fallback = (reason: string): FetchedPage | null => (payload.analysedFromFeed ? null : { payload: feedTextPayload(payload, reason), page: null });
  if (!payload.url) return fallback(NO_LINK);
  try {
    return await downloadPage(deps.http, payload, payload.url);
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    // Rate limited with a Retry-After: the worker delays the job until then (no attempt spent).
    const plan = planHostWait(error, payload, hostWaitLimits(deps), Date.now());
    if (plan) throw new HostWait(error, plan);
    const gaveUpWaiting = error.kind === 'rate-limited' && error.details.retryAfterMs !== undefined;
    if (error.permanent || attempt.lastAttempt || gaveUpWaiting) {
      const why = gaveUpWaiting ? `; waited ${Math.round((Date.now() - (payload.waitingSince ?? Date.now())) / 1000)} s for the host, the most fetch.maxRetryAfter allows` : '';
      deps.log[gaveUpWaiting ? 'debug' : 'warn']({ article_key: payload.key, feed_id: payload.feedId, kind: error.kind }, `${error.message}${why}; ${payload.analysedFromFeed ? 'the article keeps the feed\'s text' : 'analysing the feed\'s content instead'}`);
      return fallback(`${error.message}${why}`);
    }
    throw error;
  }
}

/**
 * One attempt at an article's page (`url`, the item's link): its analyze payload with the page in hand,
 * decoded (or bytes that are already its UTF-8 encoding). Throws a FetchError, kind `not-html` for a
 * body of another type. The fetch stage and `mediamon ingest` both read pages with it.
 */
export async function downloadPage(http: HttpClient, payload: FetchPayload, url: string): Promise<FetchedPage> {
  const res = await http.fetch({ url, accept: PAGE_ACCEPT });
  if (res.contentType && !HTML_TYPE.test(res.contentType)) {
    throw new FetchError('not-html', `${res.url}: not an HTML page (${res.contentType})`, { url: res.url });
  }
  const page = plainUtf8(res.body) ? res.body : decodeBytes(res.body, { contentType: res.contentType, kind: 'html' }).text;
  const upgrade = payload.analysedFromFeed ? { upgrade: true } : {};
  return { payload: { ...payload, pageBlob: null, finalUrl: res.url, contentLanguage: res.contentLanguage, fetchError: null, ...upgrade }, page };
}

export function hostWaitLimits(deps: Pick<FetchDeps, 'config'>): HostWaitLimits {
  const { maxRetryAfter, feedTextAfter } = deps.config.settings.fetch;
  return { maxRetryAfter, feedTextAfter };
}

/**
 * Whether a failure is the host asking us to come back later and the page may still wait: the delay
 * (Retry-After, cut to what is left of `maxRetryAfter` since the page first waited), or null.
 */
export function planHostWait(error: FetchError, payload: FetchPayload, limits: HostWaitLimits, now: number): HostWaitPlan | null {
  const asked = error.details.retryAfterMs;
  if (error.kind !== 'rate-limited' || asked === undefined) return null;
  const since = payload.waitingSince ?? now;
  const left = since + limits.maxRetryAfter - now;
  if (left <= 0) return null;
  const delayMs = Math.min(Math.max(asked, MIN_HOST_WAIT_MS), left);
  const feedTextNow = !payload.analysedFromFeed && now + delayMs - since > limits.feedTextAfter;
  const { rateLimited: _old, ...rest } = payload;
  return { delayMs, feedTextNow, payload: { ...rest, waitingSince: since, ...(feedTextNow || payload.analysedFromFeed ? { analysedFromFeed: true } : {}) } };
}

/** The analyze job of a fetched article, for another process to run: the page goes with it as a blob. */
export async function handOff(deps: { blobs: Pick<PageBlobs, 'put'> }, fetched: FetchedPage): Promise<AnalyzePayload> {
  const pageBlob = fetched.page === null ? null : await deps.blobs.put(fetched.payload.key, fetched.page);
  return { ...fetched.payload, pageBlob };
}
