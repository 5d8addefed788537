/**
 * /entities/<id> and /api/entities/<id>: a watchlist entry's names, its mentions per publication day
 * (an SVG bar chart), the entities mentioned with it (top 10), its top sources with their affiliation
 * and the latest articles that mention it. `from`/`to` (YYYY-MM-DD) narrow every part.
 */
import type { Config } from '../config/load.js';
import type { ArticleQuery, ArticleSummary, Store } from '../store/index.js';
import type { Bucket } from '../types.js';
import { affiliationChip, articleItem, dateRange } from './articles-page.js';
import { html } from './html.js';
import { page } from './layout.js';
import { chartSpikes, spikeLabel, type ChartSpike } from './spike-marks.js';
import { dayBars, recentDays, type DayValue } from './svg-chart.js';

/** Days the timeline shows at most (ending at the latest day with a mention). */
export const TIMELINE_DAYS = 90;
const TOP = 10;

export interface SourceCount {
  feedId: string;
  title: string | null;
  affiliation: string | null;
  articles: number;
}

export interface EntityView {
  id: string;
  name: string;
  kind: string;
  names: Record<string, string[]>;
  query: { from?: string; to?: string };
  articles: number;
  timeline: DayValue[];
  /** Spikes on the timeline's days (marked on the chart). */
  spikes: ChartSpike[];
  coMentioned: { id: string; name: string; articles: number }[];
  sources: SourceCount[];
  recent: ArticleSummary[];
}

/**
 * Articles per day: the chart's days (the last TIMELINE_DAYS up to the latest) and, from the same rows,
 * every day as a trend bucket with its distinct sources (the spike markers' series and baseline), how
 * many articles match in all and how many each feed carries (the rows are per day and feed, so a page
 * needs no count or tally of sources of its own: one scan of the matching articles instead of three).
 */
export async function daySeries(store: Store, query: ArticleQuery): Promise<{ timeline: DayValue[]; buckets: Bucket[]; total: number; byFeed: Map<string, number> }> {
  const counts = new Map<string, number>();
  const sources = new Map<string, number>();
  const byFeed = new Map<string, number>();
  let total = 0;
  for (const d of await store.articleDays(query)) {
    counts.set(d.day, (counts.get(d.day) ?? 0) + d.n);
    sources.set(d.day, (sources.get(d.day) ?? 0) + 1);
    byFeed.set(d.feedId, (byFeed.get(d.feedId) ?? 0) + d.n);
    total += d.n;
  }
  const buckets = [...counts].map(([day, n]) => ({ time: `${day}T00:00:00.000Z`, count: n, sources: sources.get(day)! }));
  return { timeline: recentDays(counts, TIMELINE_DAYS), buckets, total, byFeed };
}

/** The feeds carrying the most matching articles (daySeries' articles per feed), with title and affiliation from their rows: most first, ties by feed id. */
export async function sourcesOf(store: Store, byFeed: Map<string, number>, limit = TOP): Promise<SourceCount[]> {
  const byId = new Map((await store.listFeeds()).map((f) => [f.id, f]));
  return [...byFeed].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0)).slice(0, limit)
    .map(([feedId, articles]) => ({ feedId, title: byId.get(feedId)?.title ?? null, affiliation: byId.get(feedId)?.affiliation ?? null, articles }));
}

/** The entity's view, or null when the watchlist has no such entry. */
export async function entityView(store: Store, config: Config, id: string, query: Record<string, string>): Promise<EntityView | null> {
  const entry = config.watchlist.entries.find((e) => e.id === id);
  if (!entry) return null;
  const range = { from: query.from || undefined, to: query.to || undefined };
  const q: ArticleQuery = { entity: id, ...dateRange(range.from, range.to) };
  const names = new Map(config.watchlist.entries.map((e) => [e.id, e.name]));
  const [{ timeline, buckets, total: articles, byFeed }, co, recent] = await Promise.all([
    daySeries(store, q), store.articleFacet(q, 'entity', TOP + 1), store.listArticles({ ...q, limit: TOP }),
  ]);
  const sources = await sourcesOf(store, byFeed);
  const spikes = await chartSpikes(store, { kind: 'entity', id }, timeline, buckets);
  return {
    id, name: entry.name, kind: entry.kind,
    names: Object.fromEntries(Object.entries(entry.names).map(([lang, forms]) => [lang, forms.map((f) => (typeof f === 'string' ? f : f.form))])),
    query: range, articles, timeline, spikes,
    coMentioned: co.filter((c) => c.key !== id).slice(0, TOP).map((c) => ({ id: c.key, name: names.get(c.key) ?? c.key, articles: c.n })),
    sources, recent,
  };
}

export function sourcesTable(sources: SourceCount[]): ReturnType<typeof html> {
  if (sources.length === 0) return html`<p class="empty">No sources.</p>`;
  return html`<table class="list"><thead><tr><th>Source</th><th>Affiliation</th><th>Articles</th></tr></thead><tbody>${sources.map(
    (s) => html`<tr><td><a href="/articles?feed=${s.feedId}">${s.title ?? s.feedId}</a></td><td>${affiliationChip(s.affiliation) || html`<span class="empty">none</span>`}</td><td class="num">${s.articles}</td></tr>`)}</tbody></table>`;
}

export function renderEntityPage(v: EntityView, config: Config): string {
  const names = new Map(config.watchlist.entries.map((e) => [e.id, e.name]));
  const range = v.query.from || v.query.to ? ` (published ${v.query.from ?? '…'} to ${v.query.to ?? '…'})` : '';
  return page(v.name, html`<h1>${v.name}</h1>
<p class="meta"><span>${v.kind}</span><span>id ${v.id}</span></p>
<dl class="names">${Object.entries(v.names).map(([lang, forms]) => html`<dt>${lang}</dt><dd>${forms.join(', ')}</dd>`)}</dl>
<p class="count"><strong>${v.articles}</strong> ${v.articles === 1 ? 'article mentions' : 'articles mention'} ${v.name}${range}. <a href="/articles?entity=${v.id}">All of them</a></p>
<h2>Mentions per day</h2>${dayBars(v.timeline, `Articles mentioning ${v.name} per day`, 'article', v.spikes.map((s) => ({ day: s.day, label: spikeLabel(s) })))}
<h2>Mentioned with</h2>${v.coMentioned.length ? html`<ol class="tally">${v.coMentioned.map((c) => html`<li><a class="chip" href="/entities/${c.id}">${c.name}</a> ${c.articles} ${c.articles === 1 ? 'article' : 'articles'}</li>`)}</ol>` : html`<p class="empty">No other entity.</p>`}
<h2>Top sources</h2>${sourcesTable(v.sources)}
<h2>Recent articles</h2>${v.recent.length ? html`<ol class="alerts">${v.recent.map((a) => articleItem(a, names))}</ol>` : html`<p class="empty">None.</p>`}`);
}
