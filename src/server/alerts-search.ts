/**
 * What the alerts page and /api/alerts share: the query read from the URL (the search widened by
 * watchlist names), one page of alerts with the total count, and a snippet per article showing where
 * the searched words stand, every inflected form marked.
 */
import type { Config } from '../config/load.js';
import { expandWithWatchlist } from '../search/expand.js';
import { isEmptySearch, parseSearch, type SearchQuery } from '../search/query.js';
import { searchHits, snippet, type SnippetPart } from '../search/snippet.js';
import type { AlertQuery, AlertRecord, Store } from '../store/index.js';

/** Alerts per page. */
export const PAGE_SIZE = 25;
/** Deepest page served (offset paging; filters narrow faster than paging does). */
export const MAX_PAGE = 400;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const FILTER_KEYS = ['q', 'rule', 'entity', 'lang', 'feed', 'affiliation', 'from', 'to'] as const;
export type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** A snippet for one article: plain text and the [start, end) offsets of the marked words in it. */
export interface AlertSnippet {
  parts: SnippetPart[];
  /** Offsets of the searched words in the article's title. */
  titleMarks: { start: number; end: number }[];
}

export interface AlertsResult {
  filters: Filters;
  page: number;
  pages: number;
  total: { alerts: number; articles: number };
  alerts: AlertRecord[];
  /** Whether a later page exists. */
  more: boolean;
  /** Per article id, when searching. */
  snippets: Map<number, AlertSnippet>;
  search: SearchQuery | null;
}

/** YYYY-MM-DD naming a real day (2024-13-45 and 9999-99-99 are not; the stores would fail on them). */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

export function readFilters(query: Record<string, string>): { filters: Filters; page: number } {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = query[key]?.trim();
    if (value) filters[key] = value.slice(0, 200);
  }
  for (const key of ['from', 'to'] as const) if (filters[key] && !isCalendarDate(filters[key]!)) delete filters[key];
  const n = Number(query.page ?? '1');
  return { filters, page: Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_PAGE) : 1 };
}

function storeQuery(filters: Filters, search: SearchQuery | null): AlertQuery {
  const until = filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  return {
    ...(search ? { search } : {}), rule: filters.rule, entity: filters.entity, lang: filters.lang, feed: filters.feed, affiliation: filters.affiliation,
    since: filters.from ? `${filters.from}T00:00:00.000Z` : undefined, until,
  };
}

async function snippetsFor(store: Store, alerts: AlertRecord[], search: SearchQuery): Promise<Map<number, AlertSnippet>> {
  // The page's articles read side by side (PostgreSQL runs them on several pooled connections;
  // one after another they were 50 round trips for a page of 25).
  const ids = [...new Set(alerts.map((a) => a.articleId))];
  const articles = await Promise.all(ids.map((id) => store.getArticle(id)));
  const out = new Map<number, AlertSnippet>();
  ids.forEach((id, i) => {
    const article = articles[i];
    if (article) out.set(id, { parts: snippet(article.text, search), titleMarks: article.title ? searchHits(article.title, search) : [] });
  });
  return out;
}

/** One page of alerts for a URL query: filters, search (widened by watchlist names), count, snippets. */
export async function findAlerts(store: Store, config: Config, query: Record<string, string>): Promise<AlertsResult> {
  const { filters, page } = readFilters(query);
  const parsed = parseSearch(filters.q);
  const search = isEmptySearch(parsed) ? null : expandWithWatchlist(parsed, config.watchlist);
  const base = storeQuery(filters, search);
  const { alerts: found, total } = await store.alertsWithCount({ ...base, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
  const alerts = found.slice(0, PAGE_SIZE);
  return {
    filters, page, total, alerts,
    pages: Math.min(MAX_PAGE, Math.max(1, Math.ceil(total.alerts / PAGE_SIZE))),
    more: found.length > PAGE_SIZE && page < MAX_PAGE,
    snippets: search ? await snippetsFor(store, alerts, search) : new Map(),
    search,
  };
}

/** The JSON twin of the alerts page (/api/alerts). */
export function alertsJson(result: AlertsResult): unknown {
  const snippetJson = (s: AlertSnippet | undefined) => {
    if (!s || s.parts.length === 0) return null;
    let text = '';
    const marks: [number, number][] = [];
    for (const p of s.parts) {
      if (p.hit) marks.push([text.length, text.length + p.text.length]);
      text += p.text;
    }
    return { text, marks };
  };
  return {
    query: result.filters,
    page: result.page,
    pages: result.pages,
    pageSize: PAGE_SIZE,
    total: result.total,
    alerts: result.alerts.map((a) => ({ ...a, snippet: snippetJson(result.snippets.get(a.articleId)) })),
  };
}
