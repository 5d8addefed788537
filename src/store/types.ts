/**
 * The store's narrow interface. Both backends (SQLite, PostgreSQL) implement it through the same SQL
 * (src/store/sql-store.ts) and pass the same contract tests (test/store/contract.ts).
 */
import type { SearchQuery } from '../search/query.js';
import type { TrendQuery } from './trends-sql.js';
import type { Bucket, DatePrecision, ExtractionMethod, Mention, NarrativeHit, RuleHit } from '../types.js';

export type { TrendQuery } from './trends-sql.js';

/** What a source is (the registry keys of its feeds.yaml entry), kept on its feed row. */
export interface SourceRegistry {
  /** ru-state, separatist-authority, ua-media... (src/settings/source-fields.ts AFFILIATIONS), or null. */
  affiliation: string | null;
  country: string | null;
  owner: string | null;
}

/** A feed's polling state: expected failures are data here, not exceptions. */
export interface FeedState extends SourceRegistry {
  id: string;
  url: string;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  lastPolledAt: string | null;
  /** 'ok', 'not-modified', 'unchanged', or the error kind of the last poll. */
  lastStatus: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  consecutiveErrors: number;
  nextPollAt: string | null;
  intervalMs: number | null;
  /** Why polling stopped (e.g. "10 consecutive permanent failures: http-4xx 404"), or null. */
  disabledReason: string | null;
  itemsSeen: number;
  lastNewItemAt: string | null;
  /** When the feed left the config (its articles stay), or null while it is configured. */
  removedAt: string | null;
}

/** What a poll changes; the registry keys change only through syncFeeds (the config is their source). */
export type FeedStatePatch = Partial<Omit<FeedState, 'id' | 'url' | 'removedAt' | keyof SourceRegistry>>;

/** A configured source as syncFeeds records it; registry keys left out are cleared. */
export interface FeedSync extends Partial<SourceRegistry> {
  id: string;
  url: string;
  title?: string | null;
}

/** What the analyze stage hands the store for one article. */
export interface ArticleInput {
  key: string;
  feedId: string;
  url: string | null;
  canonicalUrl: string | null;
  title: string | null;
  text: string;
  author: string | null;
  published: string | null;
  /** 'day' when `published` is a date without a time. Default: read from `published` (`YYYY-MM-DD` alone is 'day'). */
  publishedPrecision?: DatePrecision | null;
  lang: string;
  langConfidence: number;
  siteName: string | null;
  method: ExtractionMethod;
  /** Why the page was not used (the feed's own content was analysed instead), or null. */
  fetchError: string | null;
}

export interface SavedAnalysis {
  articleId: number;
  /** False when the article key was already stored (a repeated job): nothing was written. */
  created: boolean;
  alertIds: number[];
  /** The story the new article joined (absent when nothing was written). */
  storyId?: number;
  /** updateAnalysis only: an existing article's text changed and was rewritten (an edit). */
  updated?: boolean;
  /** The key belongs to an article pruned by retention (a tombstone): nothing was written. */
  pruned?: boolean;
}

/** How long each kind of row is kept, in milliseconds; 0 keeps it forever (see settings.retention). */
export interface PrunePolicy {
  /** Articles that raised no alert (with their mentions, narratives, Telegram post row, search row). */
  articlesMs: number;
  /** Articles that raised alerts (with their alerts). */
  alertedArticlesMs: number;
  /** Finished deliveries (sent or failed) of the ledger, since their last update. */
  deliveriesMs: number;
  /** Dedup keys: seen item keys and tombstones of pruned articles. */
  dedupKeysMs: number;
}

export interface PruneOptions {
  /** Count what would go, delete nothing. */
  dryRun?: boolean;
  /** Rows per transaction (default 500). */
  batchSize?: number;
  /** Pause between transactions, so other writers get the lock (default 20 ms). */
  pauseMs?: number;
  /** The time retention is measured from (default now; tests move it). */
  now?: Date;
}

/** Rows deleted (or, in a dry run, that would be) per table. */
export interface PruneCounts {
  articles: number;
  alertedArticles: number;
  mentions: number;
  narratives: number;
  alerts: number;
  telegramPosts: number;
  /** Stories deleted because the prune took their last article (the others are counted again). */
  stories: number;
  deliveries: number;
  /** delivery_alerts rows (links of deliveries to alerts). */
  deliveryLinks: number;
  seenItems: number;
  tombstonesAdded: number;
  tombstonesExpired: number;
  /** Spikes of rising rules whose bucket is older than the alerted articles' age. */
  spikes: number;
}

/** What a Telegram channel's preview says about one post besides its text (src/sources/telegram). */
export interface TelegramPostRecord {
  /** The article key, `telegram:<channel>/<id>`. */
  key: string;
  feedId: string;
  channel: string;
  postId: number;
  /** Hash of the post's text: a post seen again with another hash was edited. */
  textHash: string;
  published: string | null;
  views: number | null;
  forwardedFrom: { name: string; url: string | null } | null;
  replyTo: string | null;
  media: string[];
  linkPreviewUrl: string | null;
  author: string | null;
  edited: boolean;
}

export interface StoredTelegramPost extends TelegramPostRecord {
  /** Times the text changed since the post was first seen. */
  edits: number;
  firstSeen: string;
  lastSeen: string;
}

export interface StoredArticle extends ArticleInput {
  id: number;
  created: string;
  mentions: Mention[];
  /** The known narratives the article carries, one entry per carrying sentence. */
  narratives: NarrativeHit[];
}

export interface AlertQuery {
  /** Only alerts created at or after this ISO time. */
  since?: string;
  rule?: string;
  entity?: string;
  /** Only alerts on articles carrying this narrative (config/narratives.yaml id). */
  narrative?: string;
  /** Only alerts created before this ISO time. */
  until?: string;
  /** Only alerts on articles in this language (BCP 47 primary subtag). */
  lang?: string;
  /** Only alerts on articles of this feed id. */
  feed?: string;
  /** Only alerts on articles from sources of this affiliation (the feed row's, as configured now). */
  affiliation?: string;
  /**
   * Full-text search over article titles and bodies in the search language of src/search/query.ts
   * (words in any inflected form, "phrases", -exclusions, OR, prefix*). Matches come best first.
   */
  text?: string;
  /** The same, parsed (and widened, e.g. by watchlist names); takes precedence over `text`. */
  search?: SearchQuery;
  /** Only alerts with id greater than this (for incremental consumers). */
  afterId?: number;
  limit?: number;
  /** Alerts to skip (paging), newest first. */
  offset?: number;
  /**
   * Newest first by: 'id' (default, the order alerts were raised), 'published' (the article's
   * publication time, its creation time when it has none; an article's alerts stay together) or
   * 'created' (when the alert was stored).
   */
  sort?: 'id' | 'published' | 'created';
}

/** Which stored articles the analyst's pages ask for (every article, alert or not). */
export interface ArticleQuery {
  /** Full-text search, as AlertQuery.text. */
  text?: string;
  /** The same, parsed; takes precedence over `text`. */
  search?: SearchQuery;
  feed?: string;
  lang?: string;
  entity?: string;
  narrative?: string;
  affiliation?: string;
  /** Only the articles of this story. */
  story?: number;
  /** Published (else stored) at or after this ISO time. */
  since?: string;
  /** Published (else stored) before this ISO time. */
  until?: string;
  /** Newest publication first; default 100. */
  limit?: number;
  offset?: number;
}

/** A stored article as a list shows it. */
export interface ArticleSummary {
  id: number;
  feedId: string;
  url: string | null;
  title: string | null;
  lang: string;
  published: string | null;
  publishedPrecision: DatePrecision | null;
  siteName: string | null;
  method: ExtractionMethod;
  created: string;
  /** The source's affiliation (its feed row's), or null. */
  affiliation: string | null;
  /** Alerts raised on it. */
  alerts: number;
  entities: string[];
  narratives: string[];
  /** The story it belongs to (null: stored before stories). */
  storyId: number | null;
}

/** Which stories a page asks for. */
export interface StoryQuery {
  /** Only stories active (a member published) at or after this ISO time. */
  since?: string;
  /** Only stories with at least this many articles. */
  minArticles?: number;
  /** Most recently active first; default 50. */
  limit?: number;
  offset?: number;
}

/** One event across outlets and languages, as lists show it. */
export interface StorySummary {
  id: number;
  /** Publication time of the first report (else when it was stored). */
  firstSeen: string;
  /** Publication time of the latest report. */
  lastSeen: string;
  articles: number;
  /** Distinct feeds. */
  outlets: number;
  /** Languages in the order they joined. */
  langs: string[];
  /** Alerts raised on its articles. */
  alerts: number;
  /** The first report (its fields are null when the article is no longer stored). */
  first: { articleId: number; title: string | null; url: string | null; feedId: string | null; siteName: string | null; lang: string | null; affiliation: string | null };
}

/** Articles published on one UTC day (YYYY-MM-DD) by one feed. */
export interface DayCount {
  day: string;
  feedId: string;
  n: number;
}

export type ArticleFacet = 'entity' | 'narrative' | 'feed';

/** Figures for /metrics, by label value. */
export interface StoreStats {
  articlesByMethod: Record<string, number>;
  alertsByRule: Record<string, number>;
  /** 'ok', 'not-modified', 'unchanged', 'failing', 'disabled', 'never-polled' (feeds removed from the config are not counted). */
  feedsByState: Record<string, number>;
  /** Delivery ledger rows by "channel|status" (status: pending, sending, sent, failed). */
  deliveries: Record<string, number>;
}

/** A stored article as re-analysis needs it. */
export interface ArticleForReanalysis {
  id: number;
  feedId: string;
  title: string | null;
  text: string;
  lang: string;
}

/** An alert with what a reader needs to judge it. */
export interface AlertRecord {
  id: number;
  rule: string;
  score: number;
  priority: 'immediate' | 'digest';
  articleId: number;
  feedId: string;
  url: string | null;
  title: string | null;
  lang: string;
  published: string | null;
  /** 'day': `published` is a date shown without a time; 'minute': a time; null when unknown (or not published). */
  publishedPrecision?: DatePrecision | null;
  siteName: string | null;
  method: ExtractionMethod;
  fetchError: string | null;
  /** The affiliation of the alert's source (from the registry), null when it has none. */
  affiliation?: string | null;
  /** Ids of every watchlist entry mentioned in the article. */
  entities: string[];
  /** Ids of the known narratives the article carries (always set by the store; optional for hand-built records). */
  narratives?: string[];
  /** The mentions that made the rule fire. */
  evidence: Mention[];
  /** The story of the alert's article (null: stored before stories; optional for hand-built records). */
  storyId?: number | null;
  /** A rising rule's alert: the spike it stands for (its article is the first of the spiking bucket). */
  rising?: SpikeRecord;
  created: string;
}

/** What a spike's series counts: articles mentioning an entry, raising a rule, carrying a narrative, from a feed or from an affiliation's sources. */
export interface SpikeWatch {
  kind: 'entity' | 'rule' | 'narrative' | 'feed' | 'affiliation';
  id: string;
}

/** A spike to record and raise as an alert of a rising rule. */
export interface SpikeInput {
  rule: string;
  priority: 'immediate' | 'digest';
  watch: SpikeWatch;
  bucket: 'hour' | 'day';
  /** The bucket's start (ISO). */
  time: string;
  count: number;
  sources: number;
  expected: number;
  sd: number;
  score: number;
}

/** A recorded spike: what rose, when, against what, the articles of its bucket and the alert it raised. */
export interface SpikeRecord extends Omit<SpikeInput, 'priority'> {
  id: number;
  /** Up to 50 articles of the bucket, oldest first. */
  articleIds: number[];
  /** null when the alert's article was pruned (or every article already carried one of the rule). */
  alertId: number | null;
  created: string;
}

export interface SpikeQuery {
  /** Buckets from here on (ISO). */
  since?: string;
  until?: string;
  rule?: string;
  watch?: SpikeWatch;
  bucket?: 'hour' | 'day';
  /** Default 100. */
  limit?: number;
}

/** Where a delivery stands in the ledger (see src/store/ledger-sql.ts). */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One digest or batch of immediate alerts for one (subscription, channel), and the alerts it claimed. */
export interface DeliveryRecord {
  id: number;
  subscription: string;
  channel: string;
  /** 'digest' or 'alerts' (immediate). */
  kind: string;
  /** Idempotency key: the same for every re-send (Message-ID, delivery id header, file name). */
  key: string;
  status: DeliveryStatus;
  /** Times a send was started. */
  attempts: number;
  alertIds: number[];
  /** What the digest needs besides its alerts (window, what filters left out), fixed at claim time. */
  meta: Record<string, unknown>;
  error: string | null;
  created: string;
  updated: string;
  sentAt: string | null;
}

export interface ClaimInput {
  subscription: string;
  channel: string;
  kind: string;
  alertIds: number[];
  meta?: Record<string, unknown>;
}

export interface DeliveryQuery {
  status?: DeliveryStatus | DeliveryStatus[];
  subscription?: string;
  channel?: string;
  /** Newest first; default 100. */
  limit?: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Articles given a story since this store was opened, the wall milliseconds that took (inside
   *  saveAnalysis) and this process's CPU milliseconds meanwhile (all of it on SQLite, which runs in the
   *  process; the client's part on PostgreSQL). Benchmarks weigh it against the whole store and pipeline. */
  storyCost(): { articles: number; ms: number; cpuMs: number };
  /** Apply pending migrations (safe to call from several processes at once). */
  migrate(): Promise<void>;
  /** Make sure every configured feed has a state row; update URLs, titles and registry keys that changed
   *  (a feed configured again after its removal is no longer marked removed). */
  syncFeeds(feeds: FeedSync[]): Promise<void>;
  /** Mark every feed not in `configured` as removed (its row and articles stay); returns the ids newly marked. */
  retireFeeds(configured: string[]): Promise<string[]>;
  getFeed(id: string): Promise<FeedState | undefined>;
  listFeeds(): Promise<FeedState[]>;
  updateFeed(id: string, patch: FeedStatePatch): Promise<void>;
  /** The keys among `keys` that were never seen before (by any feed), are not stored articles, nor pruned ones. */
  filterUnseen(keys: string[]): Promise<string[]>;
  /** Record item keys as seen (idempotent). */
  markSeen(feedId: string, keys: string[]): Promise<void>;
  /** Store an article, its mentions and the alerts its rule hits in one transaction, once per key. */
  saveAnalysis(article: ArticleInput, mentions: Mention[], hits: RuleHit[], narratives?: NarrativeHit[]): Promise<SavedAnalysis>;
  getArticle(id: number): Promise<StoredArticle | undefined>;
  listAlerts(query?: AlertQuery): Promise<AlertRecord[]>;
  /** How many alerts, and on how many articles, match a query (its limit and offset ignored). */
  countAlerts(query?: AlertQuery): Promise<{ alerts: number; articles: number }>;
  /** listAlerts and countAlerts of one query together (PostgreSQL finds the matches once for both). */
  alertsWithCount(query?: AlertQuery): Promise<{ alerts: AlertRecord[]; total: { alerts: number; articles: number } }>;
  getAlerts(ids: number[]): Promise<AlertRecord[]>;
  /** Ids of the alerts raised on one article. */
  alertIdsForArticle(articleId: number): Promise<number[]>;
  /** Feeds (configured, not removed), articles and alerts. */
  counts(): Promise<{ feeds: number; articles: number; alerts: number }>;
  /** Articles per hour or day (publication time, else stored time), filtered, with distinct sources: buckets with articles only. */
  trendCounts(query: TrendQuery): Promise<Bucket[]>;
  /** Buckets of every entity (or of `entities`) at once: entity -> buckets with articles, oldest first. */
  trendCountsByEntity(query: { bucket: 'hour' | 'day'; since: string; until?: string; entities?: string[] }): Promise<Map<string, Bucket[]>>;
  /** Record a spike and raise its alert once (null: raised before, here or by another process). */
  raiseSpike(input: SpikeInput): Promise<{ spikeId: number; alertId: number | null } | null>;
  /** Recorded spikes, newest bucket first. */
  listSpikes(query?: SpikeQuery): Promise<SpikeRecord[]>;
  stats(): Promise<StoreStats>;
  /** Up to `limit` articles created at or after `since` with id above `afterId`, in id order. */
  articlesSince(since: string, afterId: number, limit: number): Promise<ArticleForReanalysis[]>;
  /**
   * Store an article, or rewrite a stored one whose text changed (an edited Telegram post): its row,
   * its mentions, and the alerts of `hits` not raised yet (`alertIds` holds only those new ones).
   */
  updateAnalysis(article: ArticleInput, mentions: Mention[], hits: RuleHit[], narratives?: NarrativeHit[]): Promise<SavedAnalysis>;
  /** The stored Telegram posts among `keys`. */
  telegramPosts(keys: string[]): Promise<StoredTelegramPost[]>;
  /** Insert or refresh Telegram posts (views, media...; a changed text hash counts an edit). */
  saveTelegramPosts(posts: TelegramPostRecord[]): Promise<void>;
  /** Replace an article's mentions and add the alerts of `hits` not raised yet; returns the new alerts' ids. */
  replaceAnalysis(articleId: number, mentions: Mention[], hits: RuleHit[], narratives?: NarrativeHit[]): Promise<number[]>;
  /** Alerts created at or after `since` that (subscription, channel) has not claimed, oldest first. */
  undeliveredAlerts(subscription: string, channel: string, since: string, limit: number): Promise<AlertRecord[]>;
  /** Claim the not-yet-claimed alerts among `alertIds` into a new pending delivery (null if none left). */
  claimDelivery(input: ClaimInput): Promise<DeliveryRecord | null>;
  getDelivery(id: number): Promise<DeliveryRecord | undefined>;
  listDeliveries(query?: DeliveryQuery): Promise<DeliveryRecord[]>;
  /** Record a delivery's progress ('sending' counts an attempt; 'sent' stamps the time). */
  updateDelivery(id: number, status: DeliveryStatus, error?: string | null): Promise<void>;
  /** Stored articles matching a query, newest publication first (limit and offset page). */
  listArticles(query?: ArticleQuery): Promise<ArticleSummary[]>;
  /** How many stored articles match a query (its limit and offset ignored). */
  countArticles(query?: ArticleQuery): Promise<number>;
  /** Matching articles per UTC publication day and feed, oldest first. */
  articleDays(query?: ArticleQuery): Promise<DayCount[]>;
  /** Matching articles tallied by entity mentioned, narrative carried or feed: most first, at most `limit`. */
  articleFacet(query: ArticleQuery, facet: ArticleFacet, limit: number): Promise<{ key: string; n: number }[]>;
  /** Stories, most recently active first. */
  listStories(query?: StoryQuery): Promise<StorySummary[]>;
  getStory(id: number): Promise<StorySummary | undefined>;
  /**
   * The latest `limit` articles of each of `storyIds`, newest publication first (what
   * `listArticles({ story, limit })` gives for each), keyed by story id; a story without articles is absent.
   */
  storyMembers(storyIds: number[], limit: number): Promise<Map<number, ArticleSummary[]>>;
  /** Delete what is older than `policy` keeps, in small transactions (or count it, with dryRun). */
  prune(policy: PrunePolicy, options?: PruneOptions): Promise<PruneCounts>;
  /** Cheap round trip, for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
