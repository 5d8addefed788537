/**
 * The fetch stage: download the article page (timeout, size cap, guard) and hand it to analyze as a
 * blob. A page that cannot be had is not a lost article: after the last attempt (or at once for a
 * permanent failure) the feed's own content goes to analyze, and the alert will say so.
 */
import { FetchError } from '../fetch/errors.js';
import { decodeBytes } from '../fetch/charset.js';
import type { AnalyzePayload, FetchPayload } from '../queues/index.js';
import type { Runtime } from './runtime.js';

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';
const HTML_TYPE = /html|xml/i;

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
    const { text } = decodeBytes(res.body, { contentType: res.contentType, kind: 'html' });
    const pageBlob = await rt.blobs.put(payload.key, text);
    return { ...payload, pageBlob, finalUrl: res.url, contentLanguage: res.contentLanguage, fetchError: null };
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    if (error.permanent || attempt.lastAttempt) {
      rt.logger.warn({ article_key: payload.key, feed_id: payload.feedId, kind: error.kind }, `${error.message}; analysing the feed's content instead`);
      return fallback(error.message);
    }
    throw error;
  }
}
