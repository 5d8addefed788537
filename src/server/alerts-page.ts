/**
 * The alerts page: newest first, filtered by rule, entity, language, feed and date range, searched over
 * titles and bodies, in pages of PAGE_SIZE alerts; the alerts one article raised share one entry, with
 * a badge per rule. A plain GET form: works without JavaScript, bookmarkable.
 */
import type { Config } from '../config/load.js';
import type { AlertQuery, AlertRecord, Store } from '../store/index.js';
import { shortTime } from './article-page.js';
import { html, safeHref, type SafeHtml } from './html.js';
import { page } from './layout.js';

/** Alerts per page. */
export const PAGE_SIZE = 25;
/** Deepest page served (offset paging; filters narrow faster than paging does). */
const MAX_PAGE = 400;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FILTER_KEYS = ['q', 'rule', 'entity', 'lang', 'feed', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** YYYY-MM-DD naming a real day (2024-13-45 and 9999-99-99 are not; the stores would fail on them). */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

function readFilters(query: Record<string, string>): { filters: Filters; page: number } {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = query[key]?.trim();
    if (value) filters[key] = value.slice(0, 200);
  }
  for (const key of ['from', 'to'] as const) if (filters[key] && !isCalendarDate(filters[key]!)) delete filters[key];
  const n = Number(query.page ?? '1');
  return { filters, page: Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_PAGE) : 1 };
}

function toStoreQuery(filters: Filters, pageNo: number): AlertQuery {
  const until = filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  return {
    text: filters.q, rule: filters.rule, entity: filters.entity, lang: filters.lang, feed: filters.feed,
    since: filters.from ? `${filters.from}T00:00:00.000Z` : undefined, until,
    limit: PAGE_SIZE + 1, offset: (pageNo - 1) * PAGE_SIZE,
  };
}

function pageLink(filters: Filters, pageNo: number): string {
  const params = new URLSearchParams(Object.entries(filters) as [string, string][]);
  if (pageNo > 1) params.set('page', String(pageNo));
  const qs = params.toString();
  return `/alerts${qs ? `?${qs}` : ''}`;
}

function select(name: string, label: string, current: string | undefined, options: { value: string; label: string }[]): SafeHtml {
  return html`<label>${label}<select name="${name}"><option value="">any</option>${options.map(
    (o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`,
  )}</select></label>`;
}

function filterForm(config: Config, filters: Filters, langs: string[]): SafeHtml {
  return html`<form class="filters" method="get" action="/alerts" role="search">
<label class="q">Search titles and text<input type="search" name="q" value="${filters.q ?? ''}" placeholder="e.g. evacuation, Пушилин"></label>
${select('rule', 'Rule', filters.rule, config.rules.rules.map((r) => ({ value: r.id, label: r.id })))}
${select('entity', 'Entity', filters.entity, config.watchlist.entries.map((e) => ({ value: e.id, label: e.name })))}
${select('lang', 'Language', filters.lang, langs.map((l) => ({ value: l, label: l })))}
${select('feed', 'Feed', filters.feed, config.feeds.map((f) => ({ value: f.id, label: f.title ?? f.id })))}
<label>From<input type="date" name="from" value="${filters.from ?? ''}"></label>
<label>To<input type="date" name="to" value="${filters.to ?? ''}"></label>
<div class="actions"><button type="submit">Filter</button><a href="/alerts">Clear</a></div>
</form>`;
}

/** Consecutive alerts of one article (raised together, so listed together): one entry on the page. */
function byArticle(alerts: AlertRecord[]): AlertRecord[][] {
  const groups: AlertRecord[][] = [];
  for (const alert of alerts) {
    const last = groups.at(-1);
    if (last && last[0]!.articleId === alert.articleId) last.push(alert);
    else groups.push([alert]);
  }
  return groups;
}

function alertItem(group: AlertRecord[], entityNames: Map<string, string>): SafeHtml {
  const alert = group[0]!;
  const when = shortTime(alert.published ?? alert.created);
  const source = safeHref(alert.url);
  return html`<li><h2><a href="/articles/${alert.articleId}">${alert.title ?? '(no title)'}</a></h2>
<div class="meta"><span>${when}</span>${group.map((a) => html`<span class="chip rule${a.priority === 'immediate' ? ' imm' : ''}">${a.rule}</span>`)}
<span>${alert.lang}</span><span>${alert.siteName ?? alert.feedId}</span>${alert.method === 'feed-fallback' ? html`<span>feed text only</span>` : ''}
${source ? html`<a href="${source}" rel="noopener noreferrer nofollow">source</a>` : ''}</div>
<div>${alert.entities.map((e) => html`<span class="chip">${entityNames.get(e) ?? e}</span>`)}</div></li>`;
}

/** Render /alerts for a query string. */
export async function renderAlertsPage(store: Store, config: Config, query: Record<string, string>): Promise<string> {
  const { filters, page: pageNo } = readFilters(query);
  const found = await store.listAlerts(toStoreQuery(filters, pageNo));
  const alerts = found.slice(0, PAGE_SIZE);
  const langs = [...new Set(['en', 'ru', 'uk', ...(filters.lang ? [filters.lang] : [])])];
  const names = new Map(config.watchlist.entries.map((e) => [e.id, e.name]));
  const body = html`<h1>Alerts</h1>${filterForm(config, filters, langs)}
${alerts.length === 0 ? html`<p class="empty">No alerts match.</p>` : html`<ol class="alerts">${byArticle(alerts).map((g) => alertItem(g, names))}</ol>`}
<nav class="pages">${pageNo > 1 ? html`<a href="${pageLink(filters, pageNo - 1)}" rel="prev">← Newer</a>` : html`<span></span>`}
<span>Page ${pageNo}</span>${found.length > PAGE_SIZE && pageNo < MAX_PAGE ? html`<a href="${pageLink(filters, pageNo + 1)}" rel="next">Older →</a>` : html`<span></span>`}</nav>`;
  return page('Alerts', body);
}
