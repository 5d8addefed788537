/**
 * The read side of the analyst's pages (/articles, /entities, /narratives, /sources): every stored
 * article and post, alert or not, filtered by feed, language, entity, narrative, affiliation and
 * publication time (an article without a publication time counts at its storing time), searched with
 * the same stemmed index as the alerts (search-sql.ts), listed newest first, counted, and tallied by
 * publication day and by co-mentioned entity, feed or narrative. One SQL text for both dialects.
 */
import { toFts5, toTsquery } from '../search/query.js';
import type { Db, Executor, Row } from './db.js';
import { narrativeIdsOf } from './narratives-sql.js';
import { searchOf } from './search-sql.js';
import { entityIdsOf } from './tags-sql.js';
import type { AlertQuery, ArticleFacet, ArticleQuery, ArticleSummary, DayCount } from './types.js';
import { isoOr } from './sql-values.js';

/** Publication time, else storing time. */
const PUBLISHED = 'COALESCE(ar.published, ar.created)';
const FROM = 'articles ar LEFT JOIN feeds fd ON fd.id = ar.feed_id';

/** The FROM of a count or tally: the feeds join (a lookup per matching article) only when a filter needs it. */
function tallyFrom(query: ArticleQuery): string {
  return query.affiliation ? FROM : 'articles ar';
}

interface ArticleSql {
  join: string;
  where: string[];
  params: unknown[];
}


/** JOIN and WHERE for an article query over `articles ar LEFT JOIN feeds fd`, in parameter order; `tally` for counts and tallies over every match. */
export function articleFilters(query: ArticleQuery, dialect: 'sqlite' | 'postgres', tally = false): ArticleSql {
  const sql: ArticleSql = { join: '', where: [], params: [] };
  const add = (clause: string, value: unknown) => {
    sql.where.push(clause);
    sql.params.push(value);
  };
  if (query.since) add(`${PUBLISHED} >= ?`, isoOr(query.since));
  if (query.until) add(`${PUBLISHED} < ?`, isoOr(query.until));
  if (query.lang) add('ar.lang = ?', query.lang);
  if (query.feed) add('ar.feed_id = ?', query.feed);
  if (query.affiliation) add('fd.affiliation = ?', query.affiliation);
  if (query.story !== undefined) add('ar.story_id = ?', query.story);
  // A page of articles walks the publication-order index and checks each article (EXISTS), stopping
  // at the page's end; a count or tally starts from the entity's own articles (IN, off the
  // (entity, article_id) index) instead of testing every article.
  if (query.entity) add(tally ? 'ar.id IN (SELECT m.article_id FROM mentions m WHERE m.entity = ?)' : 'EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = ar.id AND m.entity = ?)', query.entity);
  if (query.narrative) add(tally ? 'ar.id IN (SELECT n.article_id FROM article_narratives n WHERE n.narrative = ?)' : 'EXISTS (SELECT 1 FROM article_narratives n WHERE n.article_id = ar.id AND n.narrative = ?)', query.narrative);
  const search = searchOf(query as AlertQuery);
  if (!search) return sql;
  if (dialect === 'sqlite') {
    const { match, exclude } = toFts5(search);
    if (match) add('ar.id IN (SELECT rowid FROM articles_search WHERE articles_search MATCH ?)', match);
    if (exclude) add('ar.id NOT IN (SELECT rowid FROM articles_search WHERE articles_search MATCH ?)', exclude);
  } else {
    const { match, exclude } = toTsquery(search);
    if (match) add("ar.search_stems @@ to_tsquery('simple', ?)", match);
    if (exclude) add("NOT (coalesce(ar.search_stems, ''::tsvector) @@ to_tsquery('simple', ?))", exclude);
  }
  return sql;
}

function where(q: ArticleSql): string {
  return q.where.length ? `WHERE ${q.where.join(' AND ')}` : '';
}

/** The UTC day of the publication time, as YYYY-MM-DD. */
function daySql(dialect: 'sqlite' | 'postgres'): string {
  return dialect === 'sqlite' ? `substr(${PUBLISHED}, 1, 10)` : `to_char(${PUBLISHED} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
}

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

const SUMMARY_COLUMNS = `ar.id, ar.feed_id, ar.url, ar.title, ar.lang, ar.published, ar.published_precision, ar.site_name, ar.method, ar.created, ar.story_id, fd.affiliation,
            (SELECT COUNT(*) FROM alerts al WHERE al.article_id = ar.id) AS alerts`;

/** Rows of SUMMARY_COLUMNS as summaries, with their entities and narratives (one batched query each). */
async function summaries(db: Db, rows: Row[]): Promise<ArticleSummary[]> {
  const ids = rows.map((r) => Number(r.id));
  const [entities, narratives] = await Promise.all([entityIdsOf(db, ids), narrativeIdsOf(db, ids)]);
  return rows.map((r) => ({
    id: Number(r.id), feedId: r.feed_id as string, url: (r.url as string) ?? null, title: (r.title as string) ?? null, lang: r.lang as string,
    published: iso(r.published), publishedPrecision: r.published_precision === 'day' || r.published_precision === 'minute' ? r.published_precision : null,
    siteName: (r.site_name as string) ?? null, method: r.method as ArticleSummary['method'], created: iso(r.created)!,
    affiliation: (r.affiliation as string) ?? null, alerts: Number(r.alerts), entities: entities.get(Number(r.id)) ?? [], narratives: narratives.get(Number(r.id)) ?? [],
    storyId: r.story_id === null || r.story_id === undefined ? null : Number(r.story_id),
  }));
}

/** One page of articles, newest publication first. */
export async function listArticles(db: Db, query: ArticleQuery): Promise<ArticleSummary[]> {
  const q = articleFilters(query, db.dialect);
  const rows = await db.all<Row>(
    `SELECT ${SUMMARY_COLUMNS}
     FROM ${FROM} ${q.join} ${where(q)} ORDER BY ${PUBLISHED} DESC, ar.id DESC LIMIT ? OFFSET ?`,
    [...q.params, query.limit ?? 100, query.offset ?? 0]);
  return summaries(db, rows);
}

/**
 * The latest `limit` articles of each story in `storyIds`, newest publication first (as
 * `listArticles({ story, limit })` gives them), keyed by story; a story without articles is absent.
 * PostgreSQL reads them in one query (a LATERAL join, each story off the (story_id, time) index);
 * SQLite in one indexed query per story, in process. Tags come in one batched call for all of them.
 */
export async function storyMembers(db: Db, storyIds: number[], limit: number): Promise<Map<number, ArticleSummary[]>> {
  const ids = [...new Set(storyIds)];
  const out = new Map<number, ArticleSummary[]>();
  if (!ids.length || limit <= 0) return out;
  let rows: Row[] = [];
  if (db.dialect === 'postgres') {
    rows = await db.all<Row>(
      `SELECT ${SUMMARY_COLUMNS}
       FROM unnest(?::bigint[]) WITH ORDINALITY AS s(id, ord)
       CROSS JOIN LATERAL (SELECT x.id, x.feed_id, x.url, x.title, x.lang, x.published, x.published_precision, x.site_name, x.method, x.created, x.story_id,
                                  COALESCE(x.published, x.created) AS t
                           FROM articles x WHERE x.story_id = s.id ORDER BY COALESCE(x.published, x.created) DESC, x.id DESC LIMIT ?) ar
       LEFT JOIN feeds fd ON fd.id = ar.feed_id
       ORDER BY s.ord, ar.t DESC, ar.id DESC`, [ids, limit]);
  } else {
    for (const id of ids) {
      rows.push(...await db.all<Row>(
        `SELECT ${SUMMARY_COLUMNS} FROM ${FROM} WHERE ar.story_id = ? ORDER BY ${PUBLISHED} DESC, ar.id DESC LIMIT ?`, [id, limit]));
    }
  }
  for (const a of await summaries(db, rows)) {
    const list = out.get(a.storyId!) ?? [];
    list.push(a);
    out.set(a.storyId!, list);
  }
  return out;
}

/**
 * The entity of a query that filters by nothing else (an entity's page without a date range): its
 * counts and co-mentions are read off the mentions indexes alone, without a lookup per article.
 */
function entityOnly(query: ArticleQuery): string | null {
  const { entity, limit: _limit, offset: _offset, ...rest } = query;
  return entity && Object.values(rest).every((v) => v === undefined || v === '') ? entity : null;
}

export async function countArticles(db: Db, query: ArticleQuery): Promise<number> {
  const entity = entityOnly(query);
  if (entity) return Number((await db.get<Row>('SELECT COUNT(DISTINCT article_id) AS n FROM mentions WHERE entity = ?', [entity]))?.n ?? 0);
  const q = articleFilters(query, db.dialect, true);
  const row = await db.get<Row>(`SELECT COUNT(*) AS n FROM ${tallyFrom(query)} ${q.join} ${where(q)}`, q.params);
  return Number(row?.n ?? 0);
}

/** Matching articles per publication day (UTC) and feed, oldest day first. */
export async function articleDays(db: Db, query: ArticleQuery): Promise<DayCount[]> {
  const q = articleFilters(query, db.dialect, true);
  const day = daySql(db.dialect);
  const rows = await db.all<Row>(`SELECT ${day} AS day, ar.feed_id, COUNT(*) AS n FROM ${tallyFrom(query)} ${q.join} ${where(q)} GROUP BY ${day}, ar.feed_id ORDER BY 1, 2`, q.params);
  return rows.map((r) => ({ day: String(r.day), feedId: r.feed_id as string, n: Number(r.n) }));
}

const FACETS: Record<ArticleFacet, { select: string; join: string }> = {
  entity: { select: 'x.entity', join: 'JOIN mentions x ON x.article_id = ar.id' },
  narrative: { select: 'x.narrative', join: 'JOIN article_narratives x ON x.article_id = ar.id' },
  feed: { select: 'ar.feed_id', join: '' },
};

/** Matching articles tallied by entity mentioned, narrative carried or feed, most first (ties by key). */
export async function articleFacet(db: Db, query: ArticleQuery, facet: ArticleFacet, limit: number): Promise<{ key: string; n: number }[]> {
  const entity = entityOnly(query);
  if (entity && facet === 'entity') {
    const rows = await db.all<Row>(
      `SELECT x.entity AS key, COUNT(DISTINCT x.article_id) AS n FROM mentions x WHERE x.article_id IN (SELECT m.article_id FROM mentions m WHERE m.entity = ?)
       GROUP BY x.entity ORDER BY 2 DESC, 1 LIMIT ?`, [entity, limit]);
    return rows.map((r) => ({ key: String(r.key), n: Number(r.n) }));
  }
  const q = articleFilters(query, db.dialect, true);
  const f = FACETS[facet];
  const rows = await db.all<Row>(
    `SELECT ${f.select} AS key, COUNT(DISTINCT ar.id) AS n FROM ${tallyFrom(query)} ${f.join} ${q.join} ${where(q)} GROUP BY ${f.select} ORDER BY 2 DESC, 1 LIMIT ?`, [...q.params, limit]);
  return rows.map((r) => ({ key: String(r.key), n: Number(r.n) }));
}
