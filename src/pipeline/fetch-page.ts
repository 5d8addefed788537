/**
 * The fetch stage: download the article page (timeout, size cap, guard) and hand it to analyze as a
 * blob. A page that cannot be had is not a lost article: after the last attempt (or at once for a
 * permanent failure) the feed's own content goes to analyze, and the alert will say so.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { FetchError } from '../fetch/errors.js';
import { decodeBytes } from '../fetch/charset.js';
import type { AnalyzePayload, FetchPayload } from '../queues/index.js';
import type { Runtime } from './runtime.js';

/** A page whose host keeps asking to wait is delayed this many times, then falls back like any failure. */
export const MAX_RATE_LIMIT_DELAYS = 3;
/** A longer Retry-After is not waited for: the feed's own text is analysed instead. */
export const MAX_RATE_LIMIT_WAIT_MS = 15 * 60_000;
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';
const HTML_TYPE = /html|xml/i;

/**
 * Whether decodeBytes would return these bytes as UTF-8 text unchanged: no BOM, not pure ASCII, valid
 * UTF-8 (rule 2 of src/fetch/charset.ts: valid non-ASCII UTF-8 wins over any declared charset). Such a
 * page goes into its blob as it came, skipping a decode and a re-encode (~0.6 ms of a 130 KB page).
 */
function plainUtf8(bytes: Uint8Array): boolean {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return !bom && !isAscii(bytes) && isUtf8(bytes);
}

export interface FetchAttempt {
  /** Whether this is the job's last attempt (then a transient failure falls back too). */
  lastAttempt: boolean;
}

export async function fetchPage(rt: Runtime, payload: FetchPayload, attempt: FetchAttempt): Promise<AnalyzePayload> {
  const fallback = (reason: string): AnalyzePayload => ({ ...payload, pageBlob: null, finalUrl: null, contentLanguage: null, fetchError: reason });
  if (!payload.url) return fallback('the feed item has no link');
  try {
    const res = await rt.http.fetch({ url: payload.url, accept: PAGE_ACCEPT });
    if (res.contentType && !HTML_TYPE.test(res.contentType)) {
      throw new FetchError('not-html', `${res.url}: not an HTML page (${res.contentType})`, { url: res.url });
    }
    const page = plainUtf8(res.body) ? res.body : decodeBytes(res.body, { contentType: res.contentType, kind: 'html' }).text;
    const pageBlob = await rt.blobs.put(payload.key, page);
    return { ...payload, pageBlob, finalUrl: res.url, contentLanguage: res.contentLanguage, fetchError: null };
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    // Rate limited with a Retry-After: the worker delays the job until then (no attempt spent).
    if (shouldWaitForHost(error, payload)) throw error;
    if (error.permanent || attempt.lastAttempt) {
      rt.logger.warn({ article_key: payload.key, feed_id: payload.feedId, kind: error.kind }, `${error.message}; analysing the feed's content instead`);
      return fallback(error.message);
    }
    throw error;
  }
}

/** Whether a failure is the host asking us to come back later, and we still agree to wait. */
export function shouldWaitForHost(error: FetchError, payload: FetchPayload): boolean {
  const wait = error.details.retryAfterMs;
  return error.kind === 'rate-limited' && wait !== undefined && wait <= MAX_RATE_LIMIT_WAIT_MS && (payload.rateLimited ?? 0) < MAX_RATE_LIMIT_DELAYS;
}
