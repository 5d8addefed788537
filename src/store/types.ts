/**
 * The store's narrow interface. Both backends (SQLite, PostgreSQL) implement it through the same SQL
 * (src/store/sql-store.ts) and pass the same contract tests (test/store/contract.ts).
 */
import type { ExtractionMethod, Mention, RuleHit } from '../types.js';

/** A feed's polling state: expected failures are data here, not exceptions. */
export interface FeedState {
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
}

export type FeedStatePatch = Partial<Omit<FeedState, 'id' | 'url'>>;

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
}

export interface StoredArticle extends ArticleInput {
  id: number;
  created: string;
  mentions: Mention[];
}

export interface AlertQuery {
  /** Only alerts created at or after this ISO time. */
  since?: string;
  rule?: string;
  entity?: string;
  /** Only alerts created before this ISO time. */
  until?: string;
  /** Only alerts on articles in this language (BCP 47 primary subtag). */
  lang?: string;
  /** Only alerts on articles of this feed id. */
  feed?: string;
  /** Full-text search over article titles and bodies: every word must appear (as a word prefix). */
  text?: string;
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

/** Figures for /metrics, by label value. */
export interface StoreStats {
  articlesByMethod: Record<string, number>;
  alertsByRule: Record<string, number>;
  /** 'ok', 'not-modified', 'unchanged', 'failing', 'disabled', 'never-polled'. */
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
  siteName: string | null;
  method: ExtractionMethod;
  fetchError: string | null;
  /** Ids of every watchlist entry mentioned in the article. */
  entities: string[];
  /** The mentions that made the rule fire. */
  evidence: Mention[];
  created: string;
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
  /** Apply pending migrations (safe to call from several processes at once). */
  migrate(): Promise<void>;
  /** Make sure every configured feed has a state row; update URLs and titles that changed. */
  syncFeeds(feeds: { id: string; url: string; title?: string | null }[]): Promise<void>;
  getFeed(id: string): Promise<FeedState | undefined>;
  listFeeds(): Promise<FeedState[]>;
  updateFeed(id: string, patch: FeedStatePatch): Promise<void>;
  /** The keys among `keys` that were never seen before (by any feed) and are not stored articles. */
  filterUnseen(keys: string[]): Promise<string[]>;
  /** Record item keys as seen (idempotent). */
  markSeen(feedId: string, keys: string[]): Promise<void>;
  /** Store an article, its mentions and the alerts its rule hits in one transaction, once per key. */
  saveAnalysis(article: ArticleInput, mentions: Mention[], hits: RuleHit[]): Promise<SavedAnalysis>;
  getArticle(id: number): Promise<StoredArticle | undefined>;
  listAlerts(query?: AlertQuery): Promise<AlertRecord[]>;
  getAlerts(ids: number[]): Promise<AlertRecord[]>;
  /** Ids of the alerts raised on one article. */
  alertIdsForArticle(articleId: number): Promise<number[]>;
  counts(): Promise<{ feeds: number; articles: number; alerts: number }>;
  stats(): Promise<StoreStats>;
  /** Up to `limit` articles created at or after `since` with id above `afterId`, in id order. */
  articlesSince(since: string, afterId: number, limit: number): Promise<ArticleForReanalysis[]>;
  /** Replace an article's mentions and add the alerts of `hits` not raised yet; returns the new alerts' ids. */
  replaceAnalysis(articleId: number, mentions: Mention[], hits: RuleHit[]): Promise<number[]>;
  /** Alerts created at or after `since` that (subscription, channel) has not claimed, oldest first. */
  undeliveredAlerts(subscription: string, channel: string, since: string, limit: number): Promise<AlertRecord[]>;
  /** Claim the not-yet-claimed alerts among `alertIds` into a new pending delivery (null if none left). */
  claimDelivery(input: ClaimInput): Promise<DeliveryRecord | null>;
  getDelivery(id: number): Promise<DeliveryRecord | undefined>;
  listDeliveries(query?: DeliveryQuery): Promise<DeliveryRecord[]>;
  /** Record a delivery's progress ('sending' counts an attempt; 'sent' stamps the time). */
  updateDelivery(id: number, status: DeliveryStatus, error?: string | null): Promise<void>;
  /** Cheap round trip, for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
