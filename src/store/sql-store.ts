/**
 * The Store over SQL, written once for both dialects. Idempotency lives here: an article key is
 * UNIQUE, an alert is UNIQUE per (article, rule), and every insert says ON CONFLICT DO NOTHING.
 */
import { precisionOf, type Bucket, type DatePrecision, type Mention, type NarrativeHit, type RuleHit } from '../types.js';
import * as articles from './articles-sql.js';
import { narrativeIdsOf, narrativesOfArticle, writeNarratives } from './narratives-sql.js';
import { entityIdsOf } from './tags-sql.js';
import { trendCounts, trendCountsByEntity, type TrendQuery } from './trends-sql.js';
import { listSpikes, raiseSpike, spikesOfAlerts } from './spikes-sql.js';
import type { Db, Executor, Row } from './db.js';
import { MIGRATIONS } from './migrations.js';
import * as ledger from './ledger-sql.js';
import { ARTICLES_SINCE, DELETE_MENTIONS, INSERT_ALERT } from './reanalyze-sql.js';
import { alertFilters, searchOf, STATS_SQL, type AlertSql } from './search-sql.js';
import { backfillPostgresSearch, postgresSearchColumn, SqliteTextIndex } from './text-index.js';
import { getStory, listStories } from './stories-sql.js';
import { assignStory } from './story-assign-sql.js';
import { prune } from './prune-sql.js';
import { rewriteArticle, saveTelegramPosts, telegramPosts } from './telegram-sql.js';
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

const FEED_COLUMNS: Record<keyof FeedStatePatch, string> = {
  title: 'title',
  etag: 'etag',
  lastModified: 'last_modified',
  bodyHash: 'body_hash',
  lastPolledAt: 'last_polled_at',
  lastStatus: 'last_status',
  lastHttpStatus: 'last_http_status',
  lastError: 'last_error',
  consecutiveErrors: 'consecutive_errors',
  nextPollAt: 'next_poll_at',
  intervalMs: 'interval_ms',
  disabledReason: 'disabled_reason',
  itemsSeen: 'items_seen',
  lastNewItemAt: 'last_new_item_at',
};

/** SQLite caps bound parameters per statement; chunk long IN lists. */
const IN_CHUNK = 500;

const ALERT_SELECT_COLUMNS = `al.id, al.rule, al.score, al.priority, al.evidence, al.created, al.article_id,
         ar.feed_id, ar.url, ar.title, ar.lang, ar.published, ar.published_precision, ar.site_name, ar.method, ar.fetch_error, ar.story_id, fd.affiliation`;
const ALERT_SELECT = `
  SELECT ${ALERT_SELECT_COLUMNS}
  FROM alerts al JOIN articles ar ON ar.id = al.article_id LEFT JOIN feeds fd ON fd.id = ar.feed_id`;

/** The FROM of an alert count: articles and feeds joined only when the filters or the search use them (each is a lookup per alert). */
function alertsFrom(q: AlertSql): string {
  const sql = [q.join, ...q.where].join(' ');
  const feeds = /\bfd\./.test(sql);
  const articles = feeds || /\bar\./.test(sql);
  return `alerts al${articles ? ' JOIN articles ar ON ar.id = al.article_id' : ''}${feeds ? ' LEFT JOIN feeds fd ON fd.id = ar.feed_id' : ''}`;
}

/**
 * listAlerts orders, newest first (SQLite keeps ISO text, PostgreSQL timestamptz: both sort as times).
 * By article time or stored time, an article's alerts stay together in the order they were raised.
 */
const ALERT_ORDER: Record<NonNullable<AlertQuery['sort']>, string> = {
  id: 'al.id DESC',
  published: 'COALESCE(ar.published, al.created) DESC, al.article_id DESC, al.id',
  created: 'al.created DESC, al.article_id DESC, al.id',
};

function toIso(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function precisionFromRow(value: unknown): DatePrecision | null {
  return value === 'day' || value === 'minute' ? value : null;
}

function feedFromRow(row: Row): FeedState {
  return {
    id: row.id as string,
    url: row.url as string,
    title: (row.title as string) ?? null,
    etag: (row.etag as string) ?? null,
    lastModified: (row.last_modified as string) ?? null,
    bodyHash: (row.body_hash as string) ?? null,
    lastPolledAt: (row.last_polled_at as string) ?? null,
    lastStatus: (row.last_status as string) ?? null,
    lastHttpStatus: (row.last_http_status as number) ?? null,
    lastError: (row.last_error as string) ?? null,
    consecutiveErrors: Number(row.consecutive_errors ?? 0),
    nextPollAt: (row.next_poll_at as string) ?? null,
    intervalMs: row.interval_ms == null ? null : Number(row.interval_ms),
    disabledReason: (row.disabled_reason as string) ?? null,
    itemsSeen: Number(row.items_seen ?? 0),
    lastNewItemAt: (row.last_new_item_at as string) ?? null,
    removedAt: toIso((row.removed_at as string) ?? null),
    affiliation: (row.affiliation as string) ?? null,
    country: (row.country as string) ?? null,
    owner: (row.owner as string) ?? null,
  };
}

function chunks<T>(list: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function placeholders(n: number): string {
  return new Array(n).fill('?').join(', ');
}

export class SqlStore implements Store {
  /** SQLite's full-text index, filled in batches (null on PostgreSQL, whose index is a generated column). */
  private readonly textIndex: SqliteTextIndex | null;
  /** What story assignment cost so far (this instance only): wall ms, and this process's CPU ms. */
  private readonly stories = { articles: 0, ms: 0, cpuMs: 0 };

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

  async syncFeeds(feeds: FeedSync[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const feed of feeds) {
        await tx.run(
          `INSERT INTO feeds (id, url, title, affiliation, country, owner) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET url = excluded.url, title = COALESCE(excluded.title, feeds.title),
             affiliation = excluded.affiliation, country = excluded.country, owner = excluded.owner, removed_at = NULL`,
          [feed.id, feed.url, feed.title ?? null, feed.affiliation ?? null, feed.country ?? null, feed.owner ?? null],
        );
      }
    });
  }

  async retireFeeds(configured: string[]): Promise<string[]> {
    const keep = new Set(configured);
    const gone = (await this.db.all<{ id: string }>('SELECT id FROM feeds WHERE removed_at IS NULL')).map((r) => r.id).filter((id) => !keep.has(id));
    if (gone.length === 0) return [];
    const now = new Date().toISOString();
    for (const part of chunks(gone)) await this.db.run(`UPDATE feeds SET removed_at = ? WHERE id IN (${placeholders(part.length)})`, [now, ...part]);
    return gone.sort();
  }

  async getFeed(id: string): Promise<FeedState | undefined> {
    const row = await this.db.get('SELECT * FROM feeds WHERE id = ?', [id]);
    return row ? feedFromRow(row) : undefined;
  }

  async listFeeds(): Promise<FeedState[]> {
    return (await this.db.all('SELECT * FROM feeds ORDER BY id')).map(feedFromRow);
  }

  async updateFeed(id: string, patch: FeedStatePatch): Promise<void> {
    const keys = Object.keys(patch) as (keyof FeedStatePatch)[];
    if (keys.length === 0) return;
    const sets = keys.map((key) => `${FEED_COLUMNS[key]} = ?`).join(', ');
    await this.db.run(`UPDATE feeds SET ${sets} WHERE id = ?`, [...keys.map((key) => patch[key] ?? null), id]);
  }

  async filterUnseen(keys: string[]): Promise<string[]> {
    const known = new Set<string>();
    for (const part of chunks([...new Set(keys)])) {
      const list = placeholders(part.length);
      const rows = await this.db.all<{ key: string }>(
        `SELECT key FROM seen_items WHERE key IN (${list}) UNION SELECT key FROM articles WHERE key IN (${list})
         UNION SELECT key FROM article_tombstones WHERE key IN (${list})`,
        [...part, ...part, ...part],
      );
      for (const row of rows) known.add(row.key);
    }
    return [...new Set(keys)].filter((key) => !known.has(key));
  }

  async markSeen(feedId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const key of keys) {
        await tx.run('INSERT INTO seen_items (key, feed_id, first_seen) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING', [key, feedId, now]);
      }
    });
  }

  async saveAnalysis(article: ArticleInput, mentions: Mention[], hits: RuleHit[], narratives: NarrativeHit[] = []): Promise<SavedAnalysis> {
    const saved = await this.insertAnalysis(article, mentions, hits, narratives);
    if (saved.created) await this.textIndex?.saved();
    return saved;
  }

  private insertAnalysis(article: ArticleInput, mentions: Mention[], hits: RuleHit[], narratives: NarrativeHit[]): Promise<SavedAnalysis> {
    // PostgreSQL stores the article's stems with the row (stemmed here, before the transaction opens).
    const search = this.db.dialect === 'postgres' ? postgresSearchColumn(article.title, article.text) : null;
    return this.db.transaction(async (tx) => {
      // A pruned article's key: a feed repeating the item must not store it again.
      if (await tx.get('SELECT 1 AS yes FROM article_tombstones WHERE key = ?', [article.key])) {
        return { articleId: 0, created: false, alertIds: [], pruned: true };
      }
      const now = new Date().toISOString();
      const inserted = await tx.get<{ id: number }>(
        `INSERT INTO articles (key, feed_id, url, canonical_url, title, text, author, published, published_precision, lang, lang_confidence, site_name, method, fetch_error, created${search ? ', search_stems' : ''})
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?${search ? `, ${search.sql}` : ''}) ON CONFLICT (key) DO NOTHING RETURNING id`,
        [article.key, article.feedId, article.url, article.canonicalUrl, article.title, article.text, article.author,
          toIso(article.published), toIso(article.published) === null ? null : article.publishedPrecision ?? precisionOf(article.published),
          article.lang, article.langConfidence, article.siteName, article.method, article.fetchError, now, ...(search?.params ?? [])],
      );
      if (!inserted) {
        const existing = await tx.get<{ id: number }>('SELECT id FROM articles WHERE key = ?', [article.key]);
        return { articleId: Number(existing?.id), created: false, alertIds: [] };
      }
      const articleId = Number(inserted.id);
      await this.insertMentions(tx, articleId, mentions);
      await writeNarratives(tx, articleId, narratives, false);
      const alertIds = await this.insertAlerts(tx, articleId, hits, now);
      const started = performance.now();
      const cpu = process.cpuUsage();
      const storyId = await assignStory(tx, this.db.dialect, articleId, article, mentions, now);
      const used = process.cpuUsage(cpu);
      this.stories.articles++;
      this.stories.ms += performance.now() - started;
      this.stories.cpuMs += (used.user + used.system) / 1000;
      return { articleId, created: true, alertIds, storyId };
    });
  }

  private async insertAlerts(tx: Executor, articleId: number, hits: RuleHit[], now: string): Promise<number[]> {
    const alertIds: number[] = [];
    for (const hit of hits) {
      const alert = await tx.get<{ id: number }>(INSERT_ALERT, [articleId, hit.rule, hit.score, hit.priority, JSON.stringify(hit.mentions), now]);
      if (alert) alertIds.push(Number(alert.id));
    }
    return alertIds;
  }

  async updateAnalysis(article: ArticleInput, mentions: Mention[], hits: RuleHit[], narratives: NarrativeHit[] = []): Promise<SavedAnalysis> {
    const saved = await this.saveAnalysis(article, mentions, hits, narratives);
    if (saved.created || saved.pruned) return { ...saved, updated: false };
    return this.db.transaction(async (tx) => {
      if (!(await rewriteArticle(tx, this.db.dialect, saved.articleId, article))) return { ...saved, updated: false };
      await tx.run(DELETE_MENTIONS, [saved.articleId]);
      await this.insertMentions(tx, saved.articleId, mentions);
      await writeNarratives(tx, saved.articleId, narratives, true);
      const alertIds = await this.insertAlerts(tx, saved.articleId, hits, new Date().toISOString());
      return { articleId: saved.articleId, created: false, updated: true, alertIds };
    });
  }

  telegramPosts(keys: string[]): Promise<StoredTelegramPost[]> {
    return telegramPosts(this.db, keys, IN_CHUNK);
  }

  saveTelegramPosts(posts: TelegramPostRecord[]): Promise<void> {
    return saveTelegramPosts(this.db, posts);
  }

  async articlesSince(since: string, afterId: number, limit: number): Promise<ArticleForReanalysis[]> {
    const rows = await this.db.all(ARTICLES_SINCE, [toIso(since) ?? since, afterId, limit]);
    return rows.map((r) => ({ id: Number(r.id), feedId: r.feed_id as string, title: (r.title as string) ?? null, text: r.text as string, lang: r.lang as string }));
  }

  async replaceAnalysis(articleId: number, mentions: Mention[], hits: RuleHit[], narratives?: NarrativeHit[]): Promise<number[]> {
    return this.db.transaction(async (tx) => {
      await tx.run(DELETE_MENTIONS, [articleId]);
      await this.insertMentions(tx, articleId, mentions);
      if (narratives) await writeNarratives(tx, articleId, narratives, true);
      return this.insertAlerts(tx, articleId, hits, new Date().toISOString());
    });
  }

  private async insertMentions(tx: Executor, articleId: number, mentions: Mention[]): Promise<void> {
    for (const part of chunks(mentions, 100)) {
      const values = part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
      const params = part.flatMap((m) => [articleId, m.entity, m.start, m.end, m.text, m.field ?? 'body']);
      await tx.run(`INSERT INTO mentions (article_id, entity, start_offset, end_offset, surface, field) VALUES ${values}`, params);
    }
  }

  async getArticle(id: number): Promise<StoredArticle | undefined> {
    const row = await this.db.get('SELECT * FROM articles WHERE id = ?', [id]);
    if (!row) return undefined;
    const mentions = await this.db.all<Row>(
      `SELECT entity, start_offset, end_offset, surface, field FROM mentions WHERE article_id = ?
       ORDER BY CASE WHEN field = 'title' THEN 0 ELSE 1 END, start_offset`,
      [id],
    );
    return {
      id: Number(row.id),
      key: row.key as string,
      feedId: row.feed_id as string,
      url: (row.url as string) ?? null,
      canonicalUrl: (row.canonical_url as string) ?? null,
      title: (row.title as string) ?? null,
      text: row.text as string,
      author: (row.author as string) ?? null,
      published: (row.published as string) ?? null,
      publishedPrecision: precisionFromRow(row.published_precision),
      lang: row.lang as string,
      langConfidence: Number(row.lang_confidence),
      siteName: (row.site_name as string) ?? null,
      method: row.method as StoredArticle['method'],
      fetchError: (row.fetch_error as string) ?? null,
      created: row.created as string,
      mentions: mentions.map((m) => ({
        entity: m.entity as string, start: Number(m.start_offset), end: Number(m.end_offset), text: m.surface as string, field: m.field === 'title' ? 'title' as const : 'body' as const,
      })),
      narratives: await narrativesOfArticle(this.db, Number(row.id), row.text as string),
    };
  }

  async listAlerts(query: AlertQuery = {}): Promise<AlertRecord[]> {
    const q = await this.alertSql(query);
    // An explicit sort (the CLI's) wins; otherwise a search ranks best match first, else newest alert first.
    const sorted = query.sort !== undefined;
    const sql = `${ALERT_SELECT} ${q.join} ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''} ORDER BY ${sorted ? ALERT_ORDER[query.sort!] : q.order} LIMIT ? OFFSET ?`;
    const rows = await this.db.all(sql, [...q.joinParams, ...q.params, ...(sorted ? [] : q.orderParams), query.limit ?? 1000, query.offset ?? 0]);
    return this.withEntities(rows);
  }

  async countAlerts(query: AlertQuery = {}): Promise<{ alerts: number; articles: number }> {
    const q = await this.alertSql(query);
    const row = await this.db.get<Row>(
      `SELECT COUNT(*) AS alerts, COUNT(DISTINCT al.article_id) AS articles FROM ${alertsFrom(q)} ${q.join}
       ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''}`,
      [...q.joinParams, ...q.params],
    );
    return { alerts: Number(row?.alerts ?? 0), articles: Number(row?.articles ?? 0) };
  }

  async alertsWithCount(query: AlertQuery = {}): Promise<{ alerts: AlertRecord[]; total: { alerts: number; articles: number } }> {
    const q = await this.alertSql(query);
    if (this.db.dialect === 'sqlite' || query.sort !== undefined || !q.rank) {
      // Without a search the page walks an index to its LIMIT and the count is cheap: two queries.
      const [alerts, total] = await Promise.all([this.listAlerts(query), this.countAlerts(query)]);
      return { alerts, total };
    }
    // PostgreSQL searching: the matches (every article's stems read) once, for the page and the counts.
    const rank = q.rank;
    const rows = await this.db.all<Row>(
      `WITH m AS MATERIALIZED (SELECT al.id, al.article_id, ${rank} AS r FROM ${alertsFrom(q)} ${q.join} ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''}),
            page AS (SELECT id, r FROM m ORDER BY r DESC, id DESC LIMIT ? OFFSET ?)
       ${ALERT_SELECT} JOIN page ON page.id = al.id
       CROSS JOIN (SELECT COUNT(*) AS n_alerts, COUNT(DISTINCT article_id) AS n_articles FROM m) c
       ORDER BY page.r DESC, al.id DESC`.replace(ALERT_SELECT_COLUMNS, `${ALERT_SELECT_COLUMNS}, c.n_alerts, c.n_articles`),
      [...q.orderParams, ...q.joinParams, ...q.params, query.limit ?? 1000, query.offset ?? 0]);
    // A page past the last match has no row to carry the counts.
    const total = rows.length ? { alerts: Number(rows[0]!.n_alerts), articles: Number(rows[0]!.n_articles) } : await this.countAlerts(query);
    return { alerts: await this.withEntities(rows), total };
  }

  /** The query's SQL; a search first indexes what SQLite has not indexed yet. */
  private async alertSql(query: AlertQuery): Promise<AlertSql> {
    if (searchOf(query)) await this.textIndex?.flush();
    return alertFilters(query, this.db.dialect);
  }

  async getAlerts(ids: number[]): Promise<AlertRecord[]> {
    const rows: Row[] = [];
    for (const part of chunks(ids)) {
      rows.push(...(await this.db.all(`${ALERT_SELECT} WHERE al.id IN (${placeholders(part.length)}) ORDER BY al.id`, part)));
    }
    return this.withEntities(rows);
  }

  async alertIdsForArticle(articleId: number): Promise<number[]> {
    const rows = await this.db.all<{ id: number }>('SELECT id FROM alerts WHERE article_id = ? ORDER BY id', [articleId]);
    return rows.map((r) => Number(r.id));
  }

  private async withEntities(rows: Row[]): Promise<AlertRecord[]> {
    const articleIds = [...new Set(rows.map((r) => Number(r.article_id)))];
    const entities = await entityIdsOf(this.db, articleIds);
    const narratives = await narrativeIdsOf(this.db, articleIds);
    const spikes = await spikesOfAlerts(this.db, rows.filter((r) => !(JSON.parse(r.evidence as string) as unknown[]).length).map((r) => Number(r.id)));
    return rows.map((row) => ({
      id: Number(row.id),
      rule: row.rule as string,
      score: Number(row.score),
      priority: row.priority as AlertRecord['priority'],
      articleId: Number(row.article_id),
      feedId: row.feed_id as string,
      url: (row.url as string) ?? null,
      title: (row.title as string) ?? null,
      lang: row.lang as string,
      published: (row.published as string) ?? null,
      publishedPrecision: precisionFromRow(row.published_precision),
      siteName: (row.site_name as string) ?? null,
      method: row.method as AlertRecord['method'],
      fetchError: (row.fetch_error as string) ?? null,
      affiliation: (row.affiliation as string) ?? null,
      entities: entities.get(Number(row.article_id)) ?? [],
      narratives: narratives.get(Number(row.article_id)) ?? [],
      evidence: JSON.parse(row.evidence as string) as Mention[],
      storyId: row.story_id === null || row.story_id === undefined ? null : Number(row.story_id),
      ...(spikes.has(Number(row.id)) ? { rising: spikes.get(Number(row.id))! } : {}),
      created: row.created as string,
    }));
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

  async undeliveredAlerts(subscription: string, channel: string, since: string, limit: number): Promise<AlertRecord[]> {
    const sql = `${ALERT_SELECT} WHERE al.created >= ? AND ${ledger.NOT_CLAIMED} ORDER BY al.id LIMIT ?`;
    return this.withEntities(await this.db.all(sql, [toIso(since) ?? since, subscription, channel, limit]));
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
