/**
 * The alerts page: newest first, filtered by rule, entity, language, feed, source affiliation and date range, searched over
 * titles and bodies, in pages of PAGE_SIZE alerts; the alerts one article raised share one entry, with
 * a badge per rule. A plain GET form: works without JavaScript, bookmarkable.
 */
import { spikeSentence } from './spike-marks.js';
import type { Config } from '../config/load.js';
import { AFFILIATIONS } from '../settings/source-fields.js';
import type { AlertRecord, Store } from '../store/index.js';
import { byProminence } from './prominence.js';
import { shortTime } from './article-page.js';
import { findAlerts, type AlertSnippet, type AlertsResult, type Filters } from './alerts-search.js';
import { html, safeHref, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { failingBanner, readFeedHealth } from './sources-page.js';

export { PAGE_SIZE } from './alerts-search.js';
/** Page links shown on each side of the current page. */
const PAGE_LINKS_AROUND = 3;

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
<label class="q">Search titles and text (any form of a word; "phrase", -exclude, OR)<input type="search" name="q" value="${filters.q ?? ''}" placeholder="e.g. эвакуация, Пушилин -Kremlin, &quot;evacuation of civilians&quot;"></label>
${select('rule', 'Rule', filters.rule, config.rules.rules.map((r) => ({ value: r.id, label: r.id })))}
${select('entity', 'Entity', filters.entity, config.watchlist.entries.map((e) => ({ value: e.id, label: e.name })))}
${select('lang', 'Language', filters.lang, langs.map((l) => ({ value: l, label: l })))}
${select('feed', 'Feed', filters.feed, config.feeds.map((f) => ({ value: f.id, label: f.title ?? f.id })))}
${select('affiliation', 'Affiliation', filters.affiliation, AFFILIATIONS.map((a) => ({ value: a, label: a })))}
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

/** Text with the given ranges marked. */
function marked(text: string, marks: { start: number; end: number }[]): SafeHtml {
  const out: (string | SafeHtml)[] = [];
  let at = 0;
  for (const m of marks) {
    out.push(text.slice(at, m.start), html`<mark>${text.slice(m.start, m.end)}</mark>`);
    at = m.end;
  }
  out.push(text.slice(at));
  return html`${out}`;
}

function snippetHtml(s: AlertSnippet | undefined): SafeHtml | string {
  if (!s || s.parts.length === 0) return '';
  return html`<p class="snippet">${s.parts.map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}</p>`;
}

function alertItem(group: AlertRecord[], entityNames: Map<string, string>, found?: AlertSnippet): SafeHtml {
  const alert = group[0]!;
  const title = alert.title ?? '(no title)';
  const when = alert.published ? shortTime(alert.published, alert.publishedPrecision) : shortTime(alert.created);
  const source = safeHref(alert.url);
  return html`<li><h2><a href="/articles/${alert.articleId}">${found && alert.title ? marked(title, found.titleMarks) : title}</a></h2>
<div class="meta"><span>${when}</span>${group.map((a) => html`<span class="chip rule${a.priority === 'immediate' ? ' imm' : ''}">${a.rule}</span>`)}
<span>${alert.lang}</span><span>${alert.siteName ?? alert.feedId}</span>${alert.affiliation ? html`<span class="chip affiliation aff-${alert.affiliation}" title="source affiliation">${alert.affiliation}</span>` : ''}${alert.method === 'feed-fallback' ? html`<span>feed text only</span>` : ''}
${source ? html`<a href="${source}" rel="noopener noreferrer nofollow">source</a>` : ''}</div>
${group.filter((a) => a.rising).map((a) => html`<p class="snippet rising-line"><strong>${a.rule}</strong>: rising, ${spikeSentence(a.rising!)}; this article is the first of them.</p>`)}${snippetHtml(found)}<div>${byProminence(alert.entities, group).map((e) => html`<a class="chip" href="/entities/${e}">${entityNames.get(e) ?? e}</a>`)}</div></li>`;
}

function summary(r: AlertsResult): SafeHtml {
  const { alerts, articles } = r.total;
  if (alerts === 0) return html`<p class="empty">No alerts match.</p>`;
  const order = r.search ? 'best match first' : 'newest first';
  return html`<p class="count"><strong>${articles}</strong> ${articles === 1 ? 'article' : 'articles'} (${alerts} ${alerts === 1 ? 'alert' : 'alerts'}) match, ${order}. Page ${r.page} of ${r.pages}.</p>`;
}

function pager(r: AlertsResult): SafeHtml {
  const numbers: SafeHtml[] = [];
  const from = Math.max(1, r.page - PAGE_LINKS_AROUND);
  const to = Math.min(r.pages, r.page + PAGE_LINKS_AROUND);
  if (from > 1) numbers.push(html`<a href="${pageLink(r.filters, 1)}">1</a>${from > 2 ? html`<span>…</span>` : ''}`);
  for (let n = from; n <= to; n++) {
    numbers.push(n === r.page ? html`<span aria-current="page"><strong>${n}</strong></span>` : html`<a href="${pageLink(r.filters, n)}">${n}</a>`);
  }
  if (to < r.pages) numbers.push(html`${to < r.pages - 1 ? html`<span>…</span>` : ''}<a href="${pageLink(r.filters, r.pages)}">${r.pages}</a>`);
  return html`<nav class="pages">${r.page > 1 ? html`<a href="${pageLink(r.filters, r.page - 1)}" rel="prev">← Previous</a>` : html`<span></span>`}
<span class="numbers">${numbers}</span>${r.more ? html`<a href="${pageLink(r.filters, r.page + 1)}" rel="next">Next →</a>` : html`<span></span>`}</nav>`;
}

/** Render /alerts for a query string. */
export async function renderAlertsPage(store: Store, config: Config, query: Record<string, string>): Promise<string> {
  const result = await findAlerts(store, config, query);
  const { filters, alerts } = result;
  const langs = [...new Set(['en', 'ru', 'uk', ...(filters.lang ? [filters.lang] : [])])];
  const names = new Map(config.watchlist.entries.map((e) => [e.id, e.name]));
  const banner = failingBanner(await readFeedHealth(store, config));
  const body = html`<h1>Alerts</h1>${banner}${filterForm(config, filters, langs)}
${summary(result)}${alerts.length === 0 ? '' : html`<ol class="alerts">${byArticle(alerts).map((g) => alertItem(g, names, result.snippets.get(g[0]!.articleId)))}</ol>`}
${pager(result)}`;
  return page('Alerts', body);
}
