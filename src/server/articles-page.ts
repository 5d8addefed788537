/**
 * /articles and /api/articles: every stored article and post, alert or not, newest publication first,
 * filtered by feed, language, entity, narrative, affiliation and publication date, searched with the
 * alerts' stemmed search (any inflected form, "phrases", -exclusions), in pages. Also the list item the
 * entity and narrative pages reuse.
 */
import type { Config } from '../config/load.js';
import { AFFILIATIONS } from '../settings/source-fields.js';
import { expandWithWatchlist } from '../search/expand.js';
import { isEmptySearch, parseSearch } from '../search/query.js';
import type { ArticleQuery, ArticleSummary, Store } from '../store/index.js';
import { shortTime } from './article-page.js';
import { html, safeHref, type SafeHtml } from './html.js';
import { page } from './layout.js';

export const ARTICLES_PAGE_SIZE = 25;
const MAX_PAGE = 400;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KEYS = ['q', 'feed', 'lang', 'entity', 'narrative', 'affiliation', 'from', 'to'] as const;
export type ArticleFilters = Partial<Record<(typeof KEYS)[number], string>>;

/** A request the pages refuse (answered 400 with its message). */
export class BadRequest extends Error {}

/** from/to (YYYY-MM-DD, UTC days, both inclusive) as a store time range; a malformed date is a BadRequest. */
export function dateRange(from: string | undefined, to: string | undefined): Pick<ArticleQuery, 'since' | 'until'> {
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value && (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) throw new BadRequest(`server: ${name} must be a date YYYY-MM-DD, got "${value.slice(0, 40)}"`);
  }
  return {
    since: from ? `${from}T00:00:00.000Z` : undefined,
    until: to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() : undefined,
  };
}

export interface ArticlesResult {
  filters: ArticleFilters;
  page: number;
  pages: number;
  total: number;
  articles: ArticleSummary[];
}

export async function findArticles(store: Store, config: Config, query: Record<string, string>): Promise<ArticlesResult> {
  const filters: ArticleFilters = {};
  for (const key of KEYS) {
    const value = query[key]?.trim();
    if (value) filters[key] = value.slice(0, 200);
  }
  const n = Number(query.page ?? '1');
  const pageNo = Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_PAGE) : 1;
  const parsed = parseSearch(filters.q);
  const base: ArticleQuery = {
    ...(isEmptySearch(parsed) ? {} : { search: expandWithWatchlist(parsed, config.watchlist) }),
    feed: filters.feed, lang: filters.lang, entity: filters.entity, narrative: filters.narrative, affiliation: filters.affiliation,
    ...dateRange(filters.from, filters.to),
  };
  const [articles, total] = await Promise.all([
    store.listArticles({ ...base, limit: ARTICLES_PAGE_SIZE, offset: (pageNo - 1) * ARTICLES_PAGE_SIZE }),
    store.countArticles(base),
  ]);
  return { filters, page: pageNo, pages: Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / ARTICLES_PAGE_SIZE))), total, articles };
}

export function articlesJson(r: ArticlesResult): unknown {
  return { query: r.filters, page: r.page, pages: r.pages, pageSize: ARTICLES_PAGE_SIZE, total: r.total, articles: r.articles };
}

/** Entity chips, each a link to the entity's page. */
export function entityChips(ids: string[], names: Map<string, string>): SafeHtml {
  return html`${ids.map((e) => html`<a class="chip" href="/entities/${e}">${names.get(e) ?? e}</a>`)}`;
}

export function affiliationChip(affiliation: string | null): SafeHtml | string {
  return affiliation ? html`<span class="chip affiliation aff-${affiliation}" title="source affiliation">${affiliation}</span>` : '';
}

/** One article in a list: title (to its page), time, language, source, affiliation, alerts, entities, narratives. */
export function articleItem(a: ArticleSummary, names: Map<string, string>, extra?: SafeHtml): SafeHtml {
  const when = a.published ? shortTime(a.published, a.publishedPrecision) : `${shortTime(a.created)} (stored)`;
  const source = safeHref(a.url);
  return html`<li><h2><a href="/articles/${a.id}">${a.title ?? '(no title)'}</a></h2>
<div class="meta"><span>${when}</span><span>${a.lang}</span><span>${a.siteName ?? a.feedId}</span>${affiliationChip(a.affiliation)}${a.alerts > 0 ? html`<span class="chip rule">${a.alerts} ${a.alerts === 1 ? 'alert' : 'alerts'}</span>` : ''}
${a.narratives.map((n) => html`<a class="chip narrative" href="/narratives/${n}">${n}</a>`)}${source ? html`<a href="${source}" rel="noopener noreferrer nofollow">source</a>` : ''}</div>
${extra ?? ''}<div>${entityChips(a.entities, names)}</div></li>`;
}

function link(filters: ArticleFilters, pageNo: number): string {
  const params = new URLSearchParams(Object.entries(filters) as [string, string][]);
  if (pageNo > 1) params.set('page', String(pageNo));
  const qs = params.toString();
  return `/articles${qs ? `?${qs}` : ''}`;
}

function select(name: string, label: string, current: string | undefined, options: { value: string; label: string }[]): SafeHtml {
  return html`<label>${label}<select name="${name}"><option value="">any</option>${options.map(
    (o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`)}</select></label>`;
}

function form(config: Config, f: ArticleFilters): SafeHtml {
  const langs = [...new Set(['en', 'ru', 'uk', ...(f.lang ? [f.lang] : [])])];
  return html`<form class="filters" method="get" action="/articles" role="search">
<label class="q">Search titles and text (any form of a word; "phrase", -exclude, OR)<input type="search" name="q" value="${f.q ?? ''}"></label>
${select('feed', 'Feed', f.feed, config.feeds.map((x) => ({ value: x.id, label: x.title ?? x.id })))}
${select('lang', 'Language', f.lang, langs.map((l) => ({ value: l, label: l })))}
${select('entity', 'Entity', f.entity, config.watchlist.entries.map((e) => ({ value: e.id, label: e.name })))}
${select('narrative', 'Narrative', f.narrative, (config.narratives?.narratives ?? []).map((n) => ({ value: n.id, label: n.names.en ?? n.id })))}
${select('affiliation', 'Affiliation', f.affiliation, AFFILIATIONS.map((a) => ({ value: a, label: a })))}
<label>Published from<input type="date" name="from" value="${f.from ?? ''}"></label>
<label>Published to<input type="date" name="to" value="${f.to ?? ''}"></label>
<div class="actions"><button type="submit">Filter</button><a href="/articles">Clear</a></div></form>`;
}

export async function renderArticlesPage(store: Store, config: Config, query: Record<string, string>): Promise<string> {
  const r = await findArticles(store, config, query);
  const names = new Map(config.watchlist.entries.map((e) => [e.id, e.name]));
  const count = r.total === 0 ? html`<p class="empty">No articles match.</p>`
    : html`<p class="count"><strong>${r.total}</strong> ${r.total === 1 ? 'article' : 'articles'} match, newest published first. Page ${r.page} of ${r.pages}.</p>`;
  const pager = html`<nav class="pages">${r.page > 1 ? html`<a href="${link(r.filters, r.page - 1)}" rel="prev">← Previous</a>` : html`<span></span>`}
<span class="numbers">Page ${r.page} of ${r.pages}</span>${r.page < r.pages ? html`<a href="${link(r.filters, r.page + 1)}" rel="next">Next →</a>` : html`<span></span>`}</nav>`;
  return page('Articles', html`<h1>Articles</h1>${form(config, r.filters)}${count}
${r.articles.length ? html`<ol class="alerts">${r.articles.map((a) => articleItem(a, names))}</ol>` : ''}${pager}`);
}
