/**
 * Every job id and job-scheduler id, one function per purpose. BullMQ adds no job whose id it already
 * holds (waiting, running, or completed within the retention day), so an id is what keeps a repeated
 * feed item, a retried job or a second process from doing the work twice. Other processes, older
 * versions and the jobs already in Redis rely on these ids byte for byte: change one only where the old
 * and the new id never need to match, and say why here.
 *
 * Ids built from an article key (a URL, or `guid:<feed>:<guid>`) are hashed, because BullMQ ids may not
 * contain ':' nor be integers: `<letter>-<the first 24 base64url characters of its SHA-256>`.
 * - `f-`: the fetch of an article's page, keyed by the article: one fetch however many feeds or polls
 *   bring it.
 * - `a-`: the analysis of a fetched page, keyed by the article; `<key>#page` for the page that upgrades
 *   an article first analysed from the feed's text (that analysis already used the article's own id).
 * - `t-`: the analysis of a Telegram post, `<key>#<text hash>`; an edit appends `#<edit count>`, so a post
 *   edited back to an earlier text is analysed again.
 * - `d-`: the alerts an analysis raised, keyed by the article; `<key>#<alert ids>` for an upgrade's or a
 *   Telegram post's new alerts, which must never share the id of the alerts announced before them.
 * - `r-`: the new alerts of a `reanalyze --deliver` run, keyed by the alert ids.
 * - `p-`: not a job: the Redis key of a fetched page's blob (src/pipeline/page-blobs.ts).
 * The others are plain, their parts holding no ':':
 * - `send-<delivery id>`: one channel's send of a claimed delivery, so claiming (or re-enqueueing an
 *   unsent delivery after a crash) never queues it twice.
 * - `once-<feed id>-<ms>` and `once-rising-<ms>` (`run`, `run --once`), `now-<feed id>-<ms>` (`feeds
 *   poll`): polls and a spike check asked for now. The time makes each request new, so it is never
 *   dropped as a repeat of an earlier one; one time is shared by all the feeds of one request.
 * - Schedulers: `feed-<feed id>` on the poll queue, `digest-<subscription id>`, `retention-prune` and
 *   `trends-rising` on the deliver queue. Upserting one is idempotent, so any number of processes
 *   starting at once never multiply schedules.
 */
import { createHash } from 'node:crypto';

/** The stable key hashed into an id BullMQ accepts (see above). */
function hashedId(letter: string, key: string): string {
  return `${letter}-${createHash('sha256').update(key).digest('base64url').slice(0, 24)}`;
}

export function fetchJobId(articleKey: string): string {
  return hashedId('f', articleKey);
}

/** `upgrade`: the page of an article already analysed from the feed's text. */
export function analyzeJobId(articleKey: string, upgrade = false): string {
  return hashedId('a', upgrade ? `${articleKey}#page` : articleKey);
}

/** `edit`: how many times the post has been edited, counting this edit; absent for a new post. */
export function telegramJobId(articleKey: string, textHash: string, edit?: number): string {
  return hashedId('t', edit === undefined ? `${articleKey}#${textHash}` : `${articleKey}#${textHash}#${edit}`);
}

/** `alertIds`: given when the job is keyed by the alerts themselves (an upgrade's, a Telegram post's). */
export function alertsJobId(articleKey: string, alertIds?: readonly number[]): string {
  return hashedId('d', alertIds === undefined ? articleKey : `${articleKey}#${alertIds.join(',')}`);
}

export function reanalyzeAlertsJobId(alertIds: readonly number[]): string {
  return hashedId('r', alertIds.join(','));
}

export function pageBlobId(articleKey: string): string {
  return hashedId('p', articleKey);
}

export function sendJobId(deliveryId: number): string {
  return `send-${deliveryId}`;
}

/** `stamp`: when the request was made (ms), one for all the feeds of a request. */
export function oncePollJobId(feedId: string, stamp: number): string {
  return `once-${feedId}-${stamp}`;
}

export function onceRisingJobId(stamp: number): string {
  return `once-rising-${stamp}`;
}

/** `stamp`: when the request was made (ms), one for all the feeds of a request. */
export function nowPollJobId(feedId: string, stamp: number): string {
  return `now-${feedId}-${stamp}`;
}

/** The first part of every feed's scheduler id: schedulers with it whose feed left the config are removed. */
export const FEED_SCHEDULER_PREFIX = 'feed-';
/** The same for the digests of scheduled subscriptions. */
export const DIGEST_SCHEDULER_PREFIX = 'digest-';
/** The daily retention run's scheduler on the deliver queue (a cron in UTC, settings.retention.schedule). */
export const PRUNE_SCHEDULER = 'retention-prune';
/** The spike check of the rising rules on the deliver queue (src/trends/alerts.ts), every RISING_EVERY_MS. */
export const RISING_SCHEDULER = 'trends-rising';

/** The id of a feed's job scheduler on the poll queue (`feeds list` reads its next tick). */
export function feedSchedulerId(feedId: string): string {
  return `${FEED_SCHEDULER_PREFIX}${feedId}`;
}

export function digestSchedulerId(subscriptionId: string): string {
  return `${DIGEST_SCHEDULER_PREFIX}${subscriptionId}`;
}
