/**
 * The schema of mediamon's own config files: config/feeds.yaml and config/mediamon.yaml (runtime
 * settings). The watchlist and rules schemas live with the tagger (src/tagging/schema.ts), the
 * subscriptions schema with delivery; src/config/load.ts composes them. Every option carries its
 * default here, in one place.
 */
import { z } from 'zod';
import { parseDurationMs } from './duration.js';
import { checkUniqueIds, httpUrl, isCronOr, SOURCE_ID_RE } from './fields.js';
import { checkSourceKind, listingFields, registryFields, sourceUrl, telegramFields } from './source-fields.js';


/** A duration: seconds as a number, or "90s", "15m", "1h", "1d". Parsed to milliseconds. */
export const duration = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    const ms = parseDurationMs(value);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `not a duration: ${JSON.stringify(value)} (use e.g. 90s, 15m, 1h)` });
      return z.NEVER;
    }
    return ms;
  });

/**
 * One watched source. A feed needs only `id` and `url`, so scripts and OPML import can write entries; a
 * listing page gives `page` instead of `url`, a Telegram channel `telegram` (src/settings/source-fields.ts).
 * After parsing, `url` is always set: the feed, the listing page, or the channel's t.me/s preview.
 */
export const FeedSchema = z
  .object({
    /** Stable id (lower-case letters, digits, . _ -): the key of the feed's state and its schedule. */
    id: z.string().regex(SOURCE_ID_RE, 'use lower-case letters, digits, ".", "_" or "-"'),
    /** The feed's URL (RSS, Atom, JSON Feed). Exactly one of url, page, telegram. */
    url: httpUrl.optional(),
    ...listingFields,
    ...telegramFields,
    ...registryFields,
    /** Display name; defaults to the feed's own title. */
    title: z.string().optional(),
    /** How often to poll; default settings.polling.interval. Adaptive polling stays within min/max. */
    interval: duration.optional(),
    /** The language the feed publishes in (ISO 639-1), a prior for language detection. */
    language: z.string().min(2).max(8).optional(),
    /** Set false to keep the entry but stop polling it. Default true. */
    enabled: z.boolean().default(true),
    /** Free labels for filtering (e.g. "ru-state-media", "donetsk"). */
    tags: z.array(z.string()).default([]),
  })
  .strict()
  .superRefine(checkSourceKind)
  .transform((source) => ({ ...source, url: sourceUrl(source) }));
export type FeedConfig = z.infer<typeof FeedSchema>;

/** What kind of source an entry is: a feed (RSS/Atom/JSON Feed) or a Telegram channel's preview. */
export type SourceKind = 'feed' | 'telegram';

export function sourceKind(feed: Pick<FeedConfig, 'telegram'>): SourceKind {
  return feed.telegram ? 'telegram' : 'feed';
}

export const FeedsFileSchema = z
  .object({ feeds: z.array(FeedSchema).default([]) })
  .strict()
  .superRefine((file, ctx) => checkUniqueIds(file.feeds, ctx, ['feeds'], (id, first) => `duplicate feed id '${id}' (first at feeds[${first}])`));

const FetchSettings = z
  .object({
    /** Whole-request timeout for one feed or page. */
    timeout: duration.prefault(20),
    /** Largest body accepted (after decompression), in bytes. Default 10 MiB. */
    maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
    /** Redirects followed before giving up; every hop is re-checked by the private-network guard. */
    maxRedirects: z.number().int().min(0).max(20).default(5),
    /** Sent as User-Agent; "{contact}" is replaced by `contact`. */
    userAgent: z.string().default('mediamon/0.1 (+{contact})'),
    /** A URL or e-mail address site owners can reach you at. */
    contact: z.string().default('https://github.com/mediamon/mediamon'),
    /** Hosts or CIDRs exempt from the private-network guard (also MEDIAMON_ALLOW_HOSTS). */
    allowHosts: z.array(z.string()).default([]),
    /** Politeness, shared by all workers through Redis: requests in flight per host. */
    perHostConcurrency: z.number().int().positive().default(4),
    /** Politeness: minimum gap between two requests to one host. */
    perHostDelay: duration.prefault('0s'),
    /** A host's Retry-After is honoured up to this: its pages wait (no attempt spent), at most this long
     *  in all, then keep the feed's text. */
    maxRetryAfter: duration.prefault('24h'),
    /** A page whose host makes it wait longer than this has its article analysed from the feed's text
     *  meanwhile; the page, when it comes, upgrades and re-tags the article (no duplicate alert). */
    feedTextAfter: duration.prefault('15m'),
  })
  .strict();

const PollingSettings = z
  .object({
    /** Default poll interval of a feed that sets none. */
    interval: duration.prefault('15m'),
    /** Adaptive polling never polls a feed more often than this... */
    minInterval: duration.prefault('5m'),
    /** ...nor less often than this. */
    maxInterval: duration.prefault('24h'),
    /** Consecutive permanent failures (404, 410, not a feed) after which a feed is disabled. */
    disableAfter: z.number().int().positive().default(10),
    /** New items one poll enqueues at most, newest first; the rest wait (unseen) for the next polls,
     *  which come after minInterval. Keeps a 50,000-item feed from filling the queues in one go. */
    maxItemsPerPoll: z.number().int().positive().default(500),
  })
  .strict();

const QueueSettings = z
  .object({
    /** Redis key prefix of every queue; change it to run two deployments on one Redis. */
    prefix: z.string().regex(/^[A-Za-z0-9_-]+$/).default('mediamon'),
    /** `mediamon run` also starts this many `worker analyze` child processes (besides its own analysis
     *  threads); 'auto' = none on one or two cores, else one per core beyond the first (at most 3);
     *  0 = everything in one process. */
    analyzeProcesses: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
    /** Jobs run at once per worker process, per stage. Poll and fetch are I/O-bound, analyze CPU-bound. */
    concurrency: z
      .object({
        poll: z.number().int().positive().default(8),
        fetch: z.number().int().positive().default(32),
        analyze: z.number().int().positive().default(2),
        deliver: z.number().int().positive().default(4),
      })
      .strict()
      .prefault({}),
  })
  .strict();

const LanguageSettings = z
  .object({
    /** Candidate languages (ISO 639-1) for detection; empty = the detector's default set. */
    candidates: z.array(z.string()).default([]),
  })
  .strict();

const ServerSettings = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Public base URL used in links of digests and Atom feeds. */
    baseUrl: z.string().optional(),
    /** Behind a TLS-terminating proxy: believe its X-Forwarded-Proto (the session cookie is then Secure
     *  when it says https). Leave off when clients reach the server directly. */
    trustProxy: z.boolean().default(false),
  })
  .strict();

const RunSettings = z
  .object({
    /** `mediamon run` prints a line this often: feeds polled, failing, new articles, alerts. 0 = never. */
    summaryInterval: duration.prefault('60s'),
    /** Reload when a file of the config folder changes (SIGHUP and a config generation bumped in Redis
     *  by `feeds add|remove|import` always reload). MEDIAMON_WATCH_CONFIG=0 or 1 overrides. */
    watchConfig: z.boolean().default(true),
  })
  .strict();

const TelegramSettings = z
  .object({
    /** Where channel previews are read: <baseUrl><name>?before=<id>. Point it at 127.0.0.1 in tests. */
    baseUrl: httpUrl.default('https://t.me/s/'),
    /** A channel's first poll reads older pages (?before=) back this far... */
    backfillWindow: duration.prefault('24h'),
    /** ...but never more pages than this. */
    backfillPages: z.number().int().min(1).max(100).default(20),
    /** Newest page every `interval`, adaptive between minInterval and maxInterval. */
    interval: duration.prefault('3m'),
    minInterval: duration.prefault('2m'),
    maxInterval: duration.prefault('5m'),
    /** Politeness for the preview's host, across every worker: one request at a time, this gap between two. */
    requestGap: duration.prefault('1s'),
  })
  .strict();

/**
 * What is kept, and how long (0 = forever). The defaults keep a year of 20,000 articles a day under the
 * size stated in the README (measured with `npm run bench:dbsize`).
 */
const RetentionSettings = z
  .object({
    /** Articles that raised no alert, with their mentions, narratives and search rows. */
    articles: duration.prefault('30d'),
    /** Articles that raised alerts, with their alerts. */
    alertedArticles: duration.prefault('365d'),
    /** Finished deliveries (sent or failed) of the delivery ledger, after their last attempt. */
    deliveries: duration.prefault('90d'),
    /** Dedup keys: seen feed items and the tombstones of pruned articles (a feed repeating an item
     *  within this time does not store it again). Keep it longer than any feed repeats its items. */
    dedupKeys: duration.prefault('180d'),
    /** Rows deleted per transaction (a pause between two lets the pipeline write). */
    batchSize: z.number().int().min(1).max(10_000).default(500),
    /** When the daily prune runs (cron, in UTC); "off" = only `mediamon prune`. Runs once across every process. */
    schedule: z.string().refine(isCronOr('off'), 'must be "off" or a cron expression such as "17 3 * * *"').default('17 3 * * *'),
  })
  .strict();

/** config/mediamon.yaml: runtime settings. The file is optional; every key has a default. */
export const SettingsSchema = z
  .object({
    fetch: FetchSettings.prefault({}),
    polling: PollingSettings.prefault({}),
    queues: QueueSettings.prefault({}),
    language: LanguageSettings.prefault({}),
    server: ServerSettings.prefault({}),
    run: RunSettings.prefault({}),
    telegram: TelegramSettings.prefault({}),
    retention: RetentionSettings.prefault({}),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;
