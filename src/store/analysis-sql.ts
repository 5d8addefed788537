/**
 * An article as analysed: its row, mentions, narratives and alerts written in one transaction with its
 * story assigned, written again by a re-analysis, and read back. Idempotent: the article key is UNIQUE,
 * an alert UNIQUE per (article, rule), and a pruned article's key (its tombstone) is never stored again.
 */
import { precisionOf, type Mention, type NarrativeHit, type RuleHit } from '../types.js';
import type { Db, Executor, Row } from './db.js';
import { narrativesOfArticle, writeNarratives } from './narratives-sql.js';
import { ARTICLES_SINCE, DELETE_MENTIONS, INSERT_ALERT } from './reanalyze-sql.js';
import { chunks, precisionFromRow, toIso } from './sql-values.js';
import { assignStory } from './story-assign-sql.js';
import { rewriteArticle } from './telegram-sql.js';
import { postgresSearchColumn } from './text-index.js';
import type { ArticleForReanalysis, ArticleInput, SavedAnalysis, StoredArticle } from './types.js';

/** What story assignment cost: articles assigned, wall ms, this process's CPU ms (Store.storyCost). */
export interface StoryCost {
  articles: number;
  ms: number;
  cpuMs: number;
}

/** Stores a new article with its analysis; an article already stored (or pruned) is left as it is. Adds the story assignment's cost to `cost`. */
export function insertAnalysis(db: Db, article: ArticleInput, mentions: Mention[], hits: RuleHit[], narratives: NarrativeHit[], cost: StoryCost): Promise<SavedAnalysis> {
  // PostgreSQL stores the article's stems with the row (stemmed here, before the transaction opens).
  const search = db.dialect === 'postgres' ? postgresSearchColumn(article.title, article.text) : null;
  return db.transaction(async (tx) => {
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
    await insertMentions(tx, articleId, mentions);
    await writeNarratives(tx, articleId, narratives, false);
    const alertIds = await insertAlerts(tx, articleId, hits, now);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const storyId = await assignStory(tx, db.dialect, articleId, article, mentions, now);
    const used = process.cpuUsage(cpu);
    cost.articles++;
    cost.ms += performance.now() - started;
    cost.cpuMs += (used.user + used.system) / 1000;
    return { articleId, created: true, alertIds, storyId };
  });
}

/** Rewrites a stored article (`saved`) whose text changed, with its new analysis; unchanged, it is left as it is. */
export async function rewriteAnalysis(db: Db, saved: SavedAnalysis, article: ArticleInput, mentions: Mention[], hits: RuleHit[], narratives: NarrativeHit[]): Promise<SavedAnalysis> {
  return db.transaction(async (tx) => {
    if (!(await rewriteArticle(tx, db.dialect, saved.articleId, article))) return { ...saved, updated: false };
    await tx.run(DELETE_MENTIONS, [saved.articleId]);
    await insertMentions(tx, saved.articleId, mentions);
    await writeNarratives(tx, saved.articleId, narratives, true);
    const alertIds = await insertAlerts(tx, saved.articleId, hits, new Date().toISOString());
    return { articleId: saved.articleId, created: false, updated: true, alertIds };
  });
}

export async function articlesSince(db: Db, since: string, afterId: number, limit: number): Promise<ArticleForReanalysis[]> {
  const rows = await db.all(ARTICLES_SINCE, [toIso(since) ?? since, afterId, limit]);
  return rows.map((r) => ({ id: Number(r.id), feedId: r.feed_id as string, title: (r.title as string) ?? null, text: r.text as string, lang: r.lang as string }));
}

/** Replaces a stored article's mentions (and narratives, when given) and adds the alerts not raised yet. */
export async function replaceAnalysis(db: Db, articleId: number, mentions: Mention[], hits: RuleHit[], narratives?: NarrativeHit[]): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.run(DELETE_MENTIONS, [articleId]);
    await insertMentions(tx, articleId, mentions);
    if (narratives) await writeNarratives(tx, articleId, narratives, true);
    return insertAlerts(tx, articleId, hits, new Date().toISOString());
  });
}

async function insertAlerts(tx: Executor, articleId: number, hits: RuleHit[], now: string): Promise<number[]> {
  const alertIds: number[] = [];
  for (const hit of hits) {
    const alert = await tx.get<{ id: number }>(INSERT_ALERT, [articleId, hit.rule, hit.score, hit.priority, JSON.stringify(hit.mentions), now]);
    if (alert) alertIds.push(Number(alert.id));
  }
  return alertIds;
}

async function insertMentions(tx: Executor, articleId: number, mentions: Mention[]): Promise<void> {
  for (const part of chunks(mentions, 100)) {
    const values = part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
    const params = part.flatMap((m) => [articleId, m.entity, m.start, m.end, m.text, m.field ?? 'body']);
    await tx.run(`INSERT INTO mentions (article_id, entity, start_offset, end_offset, surface, field) VALUES ${values}`, params);
  }
}

export async function getArticle(db: Db, id: number): Promise<StoredArticle | undefined> {
  const row = await db.get('SELECT * FROM articles WHERE id = ?', [id]);
  if (!row) return undefined;
  const mentions = await db.all<Row>(
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
    narratives: await narrativesOfArticle(db, Number(row.id), row.text as string),
  };
}
