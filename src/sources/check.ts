/**
 * `mediamon feeds check`: fetch or read one feed, parse it, and report what a user needs to see; a page
 * that is no feed is checked as a listing page too. It lives with the source kinds rather than in
 * src/feeds/ because it reads every kind: the feed reader stays below them.
 */
import { FetchError, type FetchErrorKind } from '../fetch/errors.js';
import { readFile } from 'node:fs/promises';
import { decodeBytes, maybeDecompress } from '../fetch/charset.js';
import type { FeedFormat } from '../types.js';
import { discoverFeedLinks, type DiscoveredFeedLink } from '../feeds/discover.js';
import { FeedError, type FeedErrorKind } from '../feeds/errors.js';
import { DEFAULT_MAX_FEED_BYTES, parseFeed } from '../feeds/parse.js';
import { strictVerdict, type StrictVerdict } from '../feeds/strict.js';
import { checkListing, type ListingCheck } from './listing-check.js';

/** Default time limit for fetching a feed URL. */
export const DEFAULT_CHECK_TIMEOUT_MS = 20_000;
const URL_RE = /^https?:\/\//i;

/** Fetches a URL's body (the project's HTTP client plugs in here). */
export type FetchBytes = (url: string) => Promise<{ body: Uint8Array; contentType: string | null; finalUrl: string }>;

export interface CheckFeedOptions {
  /** Fetcher for URLs. Default: global fetch with `timeoutMs` and `maxBytes`. */
  fetchBytes?: FetchBytes;
  /** Default {@link DEFAULT_CHECK_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Default DEFAULT_MAX_FEED_BYTES. */
  maxBytes?: number;
}

export interface FeedCheckResult {
  input: string;
  ok: boolean;
  /** kind is a FeedError kind, a FetchError kind (timeout, too-large, redirect, blocked, rate-limited,
   *  http-4xx...), 'fetch' for another failure to load a URL, or 'io' (file). */
  error: { kind: FeedErrorKind | FetchErrorKind | 'fetch' | 'io'; message: string } | null;
  format: FeedFormat | null;
  encoding: string | null;
  title: string | null;
  link: string | null;
  items: { title: string; link: string | null; guid: string | null; published: string | null; summary: string }[];
  /** What mediamon repaired to read it (decompressed, html-entities, bare-ampersands...). */
  repairs: string[];
  /**
   * Whether a strict reader (rss-parser) accepts the feed as served; null for JSON Feed and for inputs
   * that could not be loaded. A feed mediamon reads but rss-parser rejects is worth reporting upstream.
   */
  strict: StrictVerdict | null;
  /** When the input is an HTML page: the feeds it announces (for `mediamon feeds add`). */
  discovered: DiscoveredFeedLink[];
  /** When the input is an HTML page: the article links discovery finds and the selectors it would use (a `page:` source). */
  listing?: ListingCheck | null;
}

/** Fetches (URL) or reads (file path) a feed and parses it. Never throws: failures are in `error`. */
export async function checkFeed(input: string, options: CheckFeedOptions = {}): Promise<FeedCheckResult> {
  const result: FeedCheckResult = { input, ok: false, error: null, format: null, encoding: null, title: null, link: null, items: [], repairs: [], strict: null, discovered: [] };
  let loaded: { body: Uint8Array; contentType: string | null; finalUrl: string | null };
  try {
    loaded = URL_RE.test(input)
      ? await (options.fetchBytes ?? defaultFetcher(options))(input)
      : { body: await readFile(input), contentType: null, finalUrl: null };
  } catch (err) {
    result.error = err instanceof FetchError
      ? { kind: err.kind, message: err.message }
      : { kind: URL_RE.test(input) ? 'fetch' : 'io', message: errorMessage(err, URL_RE.test(input) ? 'fetch' : 'feeds') };
    return result;
  }
  try {
    const feed = parseFeed(loaded.body, { url: loaded.finalUrl, contentType: loaded.contentType, maxBytes: options.maxBytes });
    Object.assign(result, { ok: true, format: feed.format, encoding: feed.encoding, title: feed.title, link: feed.link });
    result.items = feed.items.map(({ title, link, guid, published, summary }) => ({ title, link, guid, published, summary }));
    result.repairs = feed.repairs;
    // rss-parser gets the text as mediamon decoded it (on its own it would assume UTF-8).
    if (feed.format !== 'json') result.strict = await strictVerdict(decodeLoaded(loaded, 'xml', options.maxBytes));
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    result.error = { kind: err.kind, message: err.message };
    if (err.kind === 'not-a-feed') {
      result.discovered = discoverIn(loaded, options.maxBytes);
      result.listing = checkListing(loaded.body, { url: loaded.finalUrl ?? input, contentType: loaded.contentType });
    }
  }
  return result;
}

/** A loaded body, decompressed and decoded. */
function decodeLoaded(loaded: { body: Uint8Array; contentType: string | null }, kind: 'xml' | 'html', maxBytes?: number): string {
  return decodeBytes(maybeDecompress(loaded.body, maxBytes), { contentType: loaded.contentType, kind }).text;
}

function discoverIn(loaded: { body: Uint8Array; contentType: string | null; finalUrl: string | null }, maxBytes?: number): DiscoveredFeedLink[] {
  try {
    return discoverFeedLinks(decodeLoaded(loaded, 'html', maxBytes), loaded.finalUrl ?? 'file:///');
  } catch {
    return [];
  }
}

function defaultFetcher(options: CheckFeedOptions): FetchBytes {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FEED_BYTES;
  return async (url) => {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS),
      headers: { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5' },
    });
    if (!res.ok) throw new Error(`fetch: HTTP ${res.status} for ${url}`);
    const declared = Number(res.headers.get('content-length'));
    if (declared > maxBytes) throw new Error(`fetch: body of ${declared} bytes exceeds ${maxBytes}`);
    const body = new Uint8Array(await res.arrayBuffer());
    if (body.length > maxBytes) throw new Error(`fetch: body exceeds ${maxBytes} bytes`);
    return { body, contentType: res.headers.get('content-type'), finalUrl: res.url || url };
  };
}

function errorMessage(err: unknown, prefix: string): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.startsWith(`${prefix}: `) ? msg : `${prefix}: ${msg}`;
}
