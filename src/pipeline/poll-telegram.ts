/**
 * Polling a Telegram channel from its public preview. The newest page first; while every post on a
 * page is new and still inside the backfill window, the next older page (`?before=`), up to
 * telegram.backfillPages (so the first poll backfills, and a later one fills a gap). Each post is an
 * article keyed `telegram:<channel>/<id>` analysed from its own text (no page fetch); a known post
 * whose text changed is an edit and is analysed again under a new job id. Failures (a missing channel,
 * t.me unreachable) are recorded on the feed row like a feed's.
 */
import type { FeedConfig, Settings } from '../settings/schema.js';
import type { HttpClient } from '../fetch/http.js';
import type { Logger } from '../log.js';
import type { AnalyzePayload, QueueSet } from '../queues/index.js';
import { enqueueBulk, type BulkJob } from '../queues/enqueue.js';
import { telegramJobId } from '../queues/ids.js';
import { postTitle, telegramKey, textHash } from '../sources/telegram-article.js';
import { fetchTelegramPage } from '../sources/telegram-fetch.js';
import { isArticlePost, type TelegramPost } from '../sources/telegram-types.js';
import type { FeedState, Store, TelegramPostRecord } from '../store/types.js';
import { nextInterval, telegramPolling } from './schedule.js';

/** The post text carried in an analyze job; longer text is cut. */
const MAX_POST_TEXT = 20_000;

/** What polling a channel uses: the Telegram and polling settings, the preview pages, the post records, the analyze queue. */
export interface TelegramPollDeps {
  config: { settings: Pick<Settings, 'telegram' | 'polling'> };
  http: HttpClient;
  store: Pick<Store, 'telegramPosts' | 'saveTelegramPosts' | 'updateFeed'>;
  queues: QueueSet;
  log: Logger;
}

interface Collected {
  title: string | null;
  posts: Map<string, TelegramPost>;
  /** Stored text hash and edit count of every known post among them. */
  known: Map<string, { hash: string; edits: number }>;
  pages: number;
}

/** Read the newest page, then older ones while they are all new and inside the window. */
async function collect(deps: TelegramPollDeps, username: string, cutoff: number): Promise<Collected> {
  const tg = deps.config.settings.telegram;
  const out: Collected = { title: null, posts: new Map(), known: new Map(), pages: 0 };
  let before: number | null = null;
  for (;;) {
    const { page } = await fetchTelegramPage(deps.http, tg.baseUrl, username, before);
    out.pages++;
    out.title ??= page.title;
    const usable = page.posts.filter((p) => p.id !== null && !p.service);
    for (const post of usable) out.posts.set(telegramKey(post), post);
    const stored = await deps.store.telegramPosts(usable.map(telegramKey));
    for (const s of stored) out.known.set(s.key, { hash: s.textHash, edits: s.edits });
    const times = usable.map((p) => (p.published ? Date.parse(p.published) : Number.NaN)).filter((t) => !Number.isNaN(t));
    const oldest = times.length ? Math.min(...times) : null;
    const next = page.before;
    const more = stored.length === 0 && next !== null && (before === null || next < before) && oldest !== null && oldest >= cutoff;
    if (!more || out.pages >= tg.backfillPages) return out;
    before = next;
  }
}

function record(feedId: string, key: string, post: TelegramPost, hash: string): TelegramPostRecord {
  return {
    key, feedId, channel: post.channel, postId: post.id!, textHash: hash, published: post.published, views: post.views,
    forwardedFrom: post.forwardedFrom, replyTo: post.replyTo, media: post.media, linkPreviewUrl: post.linkPreview?.url ?? null,
    author: post.author, edited: post.edited,
  };
}

function analyzePayload(feed: FeedConfig, key: string, post: TelegramPost, hash: string, siteName: string | null): AnalyzePayload {
  return {
    key,
    feedId: feed.id,
    url: post.link,
    feedLanguage: feed.language ?? null,
    item: { title: postTitle(post.text), summary: '', contentText: post.text.slice(0, MAX_POST_TEXT), published: post.published, guid: post.guid, author: post.author },
    pageBlob: null,
    finalUrl: null,
    contentLanguage: null,
    fetchError: null,
    telegram: { textHash: hash, siteName },
  };
}

/**
 * Poll one Telegram source; returns the posts enqueued for analysis (new ones and edits). FetchError
 * and TelegramError propagate to the caller, which records them on the feed row.
 */
export async function pollTelegram(deps: TelegramPollDeps, feed: FeedConfig, state: FeedState): Promise<{ newItems: number }> {
  const now = new Date();
  const cutoff = now.getTime() - deps.config.settings.telegram.backfillWindow;
  const found = await collect(deps, feed.telegram!, cutoff);
  const siteName = feed.title ?? found.title;
  const jobs: BulkJob<'analyze'>[] = [];
  const records: TelegramPostRecord[] = [];
  let fresh = 0;
  for (const [key, post] of found.posts) {
    const hash = textHash(post.text);
    const stored = found.known.get(key);
    records.push(record(feed.id, key, post, hash));
    if (stored?.hash === hash || !isArticlePost(post)) continue;
    // A new post outside the window is remembered, not analysed; an edit is analysed whatever its age.
    if (stored === undefined && post.published && Date.parse(post.published) < cutoff) continue;
    if (stored === undefined) fresh++;
    // The edit count keeps a post edited back to an earlier text from reusing that text's job id.
    jobs.push({ payload: analyzePayload(feed, key, post, hash, siteName), jobId: telegramJobId(key, hash, stored ? stored.edits + 1 : undefined) });
  }
  // Enqueue before recording: a crash in between re-enqueues the same job ids, which is harmless.
  if (jobs.length) await enqueueBulk(deps.queues, 'analyze', jobs);
  await deps.store.saveTelegramPosts(records);
  const intervalMs = nextInterval(telegramPolling(deps.config.settings), feed.interval, state.intervalMs, fresh, null, null);
  await deps.store.updateFeed(feed.id, {
    lastPolledAt: now.toISOString(),
    lastHttpStatus: 200,
    lastError: null,
    consecutiveErrors: 0,
    title: feed.title ?? found.title,
    lastStatus: 'ok',
    itemsSeen: state.itemsSeen + fresh,
    ...(fresh > 0 ? { lastNewItemAt: now.toISOString() } : {}),
    intervalMs,
    nextPollAt: new Date(now.getTime() + intervalMs).toISOString(),
  });
  deps.log.debug({ feed_id: feed.id, pages: found.pages, posts: found.posts.size, new_posts: fresh, edits: jobs.length - fresh }, 'poll: telegram channel read');
  return { newItems: jobs.length };
}
