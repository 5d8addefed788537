/**
 * The Store over SQL, written once for both dialects: migrations, and each area's SQL behind the one
 * interface (feeds-sql.ts, analysis-sql.ts, alerts-sql.ts, articles-sql.ts, ledger-sql.ts, ...). What
 * this class keeps is what spans areas: SQLite's text index, flushed before a search and fed by every
 * new article, and what story assignment cost. Idempotency lives in the SQL: an article key is UNIQUE,
 * an alert is UNIQUE per (article, rule), and every insert says ON CONFLICT DO NOTHING.
 */
import type { Bucket, Mention, NarrativeHit, RuleHit } from '../types.js';
import * as alerts from './alerts-sql.js';
import * as analysis from './analysis-sql.js';
import * as articles from './articles-sql.js';
import type { Db, Row } from './db.js';
import * as feeds from './feeds-sql.js';
import * as ledger from './ledger-sql.js';
import { MIGRATIONS } from './migrations.js';
import { prune } from './prune-sql.js';
import { alertFilters, searchOf, STATS_SQL, type AlertSql } from './search-sql.js';
import { listSpikes, raiseSpike } from './spikes-sql.js';
import { getStory, listStories } from './stories-sql.js';
import { saveTelegramPosts, telegramPosts } from './telegram-sql.js';
import { backfillPostgresSearch, SqliteTextIndex } from './text-index.js';
import { trendCounts, trendCountsByEntity, type TrendQuery } from './trends-sql.js';
import type {
  ArticleFacet,
  ArticleQuery,
  ArticleSummary,
  DayCount,
  AlertQuery,
  AlertRecord,
  ArticleForReanalysis,
  ArticleInput,
  ClaimInput,
  PruneCounts,
  PruneOptions,
  PrunePolicy,
  DeliveryQuery,
  DeliveryRecord,
  DeliveryStatus,
  FeedState,
  FeedStatePatch,
  FeedSync,
  SavedAnalysis,
  Store,
  StoredTelegramPost,
  TelegramPostRecord,
  StoreStats,
  StoredArticle,
  StoryQuery,
  StorySummary,
  SpikeInput,
  SpikeQuery,
  SpikeRecord,
} from './types.js';

export class SqlStore implements Store {
  /** SQLite's full-text index, filled in batches (null on PostgreSQL, whose index is a generated column). */
  private readonly textIndex: SqliteTextIndex | null;
  /** What story assignment cost so far (this instance only): wall ms, and this process's CPU ms. */
  private readonly stories: analysis.StoryCost = { articles: 0, ms: 0, cpuMs: 0 };

  constructor(protected readonly db: Db) {
    this.textIndex = db.dialect === 'sqlite' ? new SqliteTextIndex(db) : null;
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.db.dialect;
  }

  storyCost(): { articles: number; ms: number; cpuMs: number } {
    return { ...this.stories };
  }

  async migrate(): Promise<void> {
    await this.db.withLock(async () => {
      await this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)');
      const applied = new Set((await this.db.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => Number(r.id)));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.id)) continue;
        await this.db.transaction(async (tx) => {
          const again = await tx.get('SELECT id FROM schema_migrations WHERE id = ?', [migration.id]);
          if (again) return;
          for (const statement of migration[this.db.dialect].split(';').map((s) => s.trim()).filter(Boolean)) {
            await tx.run(statement);
          }
          await tx.run('INSERT INTO schema_migrations (id, name, applied) VALUES (?, ?, ?)', [migration.id, migration.name, new Date().toISOString()]);
        });
      }
      if (this.db.dialect === 'postgres') await backfillPostgresSearch(this.db);
    });
  }

  syncFeeds(list: FeedSync[]): Promise<void> {
    return feeds.syncFeeds(this.db, list);
  }

  retireFeeds(configured: string[]): Promise<string[]> {
    return feeds.retireFeeds(this.db, configured);
  }

  getFeed(id: string): Promise<FeedState | undefined> {
    return feeds.getFeed(this.db, id);
  }

  listFeeds(): Promise<FeedState[]> {
    return feeds.listFeeds(this.db);
  }

  updateFeed(id: string, patch: FeedStatePatch): Promise<void> {
    return feeds.updateFeed(this.db, id, patch);
  }

  filterUnseen(keys: string[]): Promise<string[]> {
    return feeds.filterUnseen(this.db, keys);
  }

  markSeen(feedId: string, keys: string[]): Promise<void> {
    return feeds.markSeen(this.db, feedId, keys);
  }

  async saveAnalysis(article: ArticleInput, mentions: Mention[], hits: RuleHit[], narratives: NarrativeHit[] = []): Promise<SavedAnalysis> {
    const saved = await analysis.insertAnalysis(this.db, article, mentions, hits, narratives, this.stories);
    if (saved.created) await this.textIndex?.saved();
    return saved;
  }

  async updateAnalysis(article: ArticleInput, mentions: Mention[], hits: RuleHit[], narratives: NarrativeHit[] = []): Promise<SavedAnalysis> {
    const saved = await this.saveAnalysis(article, mentions, hits, narratives);
    if (saved.created || saved.pruned) return { ...saved, updated: false };
    return analysis.rewriteAnalysis(this.db, saved, article, mentions, hits, narratives);
  }

  telegramPosts(keys: string[]): Promise<StoredTelegramPost[]> {
    return telegramPosts(this.db, keys);
  }

  saveTelegramPosts(posts: TelegramPostRecord[]): Promise<void> {
    return saveTelegramPosts(this.db, posts);
  }

  articlesSince(since: string, afterId: number, limit: number): Promise<ArticleForReanalysis[]> {
    return analysis.articlesSince(this.db, since, afterId, limit);
  }

  replaceAnalysis(articleId: number, mentions: Mention[], hits: RuleHit[], narratives?: NarrativeHit[]): Promise<number[]> {
    return analysis.replaceAnalysis(this.db, articleId, mentions, hits, narratives);
  }

  getArticle(id: number): Promise<StoredArticle | undefined> {
    return analysis.getArticle(this.db, id);
  }

  async listAlerts(query: AlertQuery = {}): Promise<AlertRecord[]> {
    return alerts.listAlerts(this.db, await this.alertSql(query), query);
  }

  async countAlerts(query: AlertQuery = {}): Promise<{ alerts: number; articles: number }> {
    return alerts.countAlerts(this.db, await this.alertSql(query));
  }

  async alertsWithCount(query: AlertQuery = {}): Promise<{ alerts: AlertRecord[]; total: { alerts: number; articles: number } }> {
    const q = await this.alertSql(query);
    if (this.db.dialect === 'sqlite' || query.sort !== undefined || !q.rank) {
      // Without a search the page walks an index to its LIMIT and the count is cheap: two queries.
      const [list, total] = await Promise.all([this.listAlerts(query), this.countAlerts(query)]);
      return { alerts: list, total };
    }
    return alerts.rankedAlertsWithCount(this.db, q, q.rank, query);
  }

  /** The query's SQL; a search first indexes what SQLite has not indexed yet. */
  private async alertSql(query: AlertQuery): Promise<AlertSql> {
    if (searchOf(query)) await this.textIndex?.flush();
    return alertFilters(query, this.db.dialect);
  }

  getAlerts(ids: number[]): Promise<AlertRecord[]> {
    return alerts.getAlerts(this.db, ids);
  }

  alertIdsForArticle(articleId: number): Promise<number[]> {
    return alerts.alertIdsForArticle(this.db, articleId);
  }

  async counts(): Promise<{ feeds: number; articles: number; alerts: number }> {
    const row = await this.db.get<Row>(
      'SELECT (SELECT COUNT(*) FROM feeds WHERE removed_at IS NULL) AS feeds, (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM alerts) AS alerts',
    );
    return { feeds: Number(row?.feeds ?? 0), articles: Number(row?.articles ?? 0), alerts: Number(row?.alerts ?? 0) };
  }

  trendCounts(query: TrendQuery): Promise<Bucket[]> {
    return trendCounts(this.db, this.db.dialect, query);
  }

  trendCountsByEntity(query: { bucket: 'hour' | 'day'; since: string; until?: string; entities?: string[] }): Promise<Map<string, Bucket[]>> {
    return trendCountsByEntity(this.db, this.db.dialect, query);
  }

  raiseSpike(input: SpikeInput): Promise<{ spikeId: number; alertId: number | null } | null> {
    return this.db.transaction((tx) => raiseSpike(tx, input, new Date().toISOString()));
  }

  listSpikes(query: SpikeQuery = {}): Promise<SpikeRecord[]> {
    return listSpikes(this.db, query);
  }

  async stats(): Promise<StoreStats> {
    const tally = async (sql: string) =>
      Object.fromEntries((await this.db.all<{ key: string; n: number }>(sql)).map((r) => [r.key, Number(r.n)]));
    return {
      articlesByMethod: await tally(STATS_SQL.articlesByMethod),
      alertsByRule: await tally(STATS_SQL.alertsByRule),
      feedsByState: await tally(STATS_SQL.feedsByState),
      deliveries: await tally(STATS_SQL.deliveries),
    };
  }

  undeliveredAlerts(subscription: string, channel: string, since: string, limit: number): Promise<AlertRecord[]> {
    return alerts.undeliveredAlerts(this.db, subscription, channel, since, limit);
  }

  claimDelivery(input: ClaimInput): Promise<DeliveryRecord | null> {
    return this.db.transaction((tx) => ledger.claimDelivery(tx, input));
  }

  getDelivery(id: number): Promise<DeliveryRecord | undefined> {
    return ledger.getDelivery(this.db, id);
  }

  listDeliveries(query?: DeliveryQuery): Promise<DeliveryRecord[]> {
    return ledger.listDeliveries(this.db, query);
  }

  updateDelivery(id: number, status: DeliveryStatus, error?: string | null): Promise<void> {
    return ledger.updateDelivery(this.db, id, status, error ?? null);
  }

  async listArticles(query: ArticleQuery = {}): Promise<ArticleSummary[]> {
    await this.flushFor(query);
    return articles.listArticles(this.db, query);
  }

  async countArticles(query: ArticleQuery = {}): Promise<number> {
    await this.flushFor(query);
    return articles.countArticles(this.db, query);
  }

  async articleDays(query: ArticleQuery = {}): Promise<DayCount[]> {
    await this.flushFor(query);
    return articles.articleDays(this.db, query);
  }

  async articleFacet(query: ArticleQuery, facet: ArticleFacet, limit: number): Promise<{ key: string; n: number }[]> {
    await this.flushFor(query);
    return articles.articleFacet(this.db, query, facet, limit);
  }

  /** A search first indexes what SQLite has not indexed yet. */
  private async flushFor(query: ArticleQuery): Promise<void> {
    if (searchOf(query)) await this.textIndex?.flush();
  }

  listStories(query: StoryQuery = {}): Promise<StorySummary[]> {
    return listStories(this.db, query);
  }

  getStory(id: number): Promise<StorySummary | undefined> {
    return getStory(this.db, id);
  }

  storyMembers(storyIds: number[], limit: number): Promise<Map<number, ArticleSummary[]>> {
    return articles.storyMembers(this.db, storyIds, limit);
  }

  prune(policy: PrunePolicy, options?: PruneOptions): Promise<PruneCounts> {
    return prune(this.db, policy, options);
  }

  async ping(): Promise<void> {
    await this.db.get('SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    try {
      await this.textIndex?.flush();
    } finally {
      await this.db.close();
    }
  }
}
