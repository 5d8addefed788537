/**
 * /narratives and /narratives/<id> (and their /api twins): each known narrative of narratives.yaml
 * with how many stored articles carry it; one narrative's articles per publication day (SVG bars),
 * the sources carrying it with their affiliation, and the latest articles with the sentence that
 * carried it.
 */
import type { Config } from '../config/load.js';
import type { ArticleQuery, ArticleSummary, Store } from '../store/index.js';
import { articleItem, dateRange } from './articles-page.js';
import { daySeries, sourcesOf, sourcesTable, type SourceCount } from './entity-page.js';
import { html } from './html.js';
import { page } from './layout.js';
import { chartSpikes, spikeLabel, type ChartSpike } from './spike-marks.js';
import { dayBars, type DayValue } from './svg-chart.js';

const RECENT = 10;

export interface NarrativeSummary {
  id: string;
  name: string;
  description: string;
  articles: number;
}

export async function listNarratives(store: Store, config: Config): Promise<NarrativeSummary[]> {
  const known = config.narratives?.narratives ?? [];
  const tally = new Map((await store.articleFacet({}, 'narrative', known.length + 100)).map((t) => [t.key, t.n]));
  return known.map((n) => ({ id: n.id, name: n.names.en ?? n.id, description: n.description, articles: tally.get(n.id) ?? 0 }));
}

export interface NarrativeView extends NarrativeSummary {
  names: Record<string, string>;
  query: { from?: string; to?: string };
  timeline: DayValue[];
  /** Spikes on the timeline's days (marked on the chart). */
  spikes: ChartSpike[];
  sources: SourceCount[];
  /** Articles carrying it by source affiliation ("none" for sources without one). */
  byAffiliation: { affiliation: string; articles: number }[];
  recent: (ArticleSummary & { sentences: string[] })[];
}

export async function narrativeView(store: Store, config: Config, id: string, query: Record<string, string>): Promise<NarrativeView | null> {
  const narrative = config.narratives?.narratives.find((n) => n.id === id);
  if (!narrative) return null;
  const range = { from: query.from || undefined, to: query.to || undefined };
  const q: ArticleQuery = { narrative: id, ...dateRange(range.from, range.to) };
  const [{ timeline, buckets, total: articles, byFeed }, recent] = await Promise.all([daySeries(store, q), store.listArticles({ ...q, limit: RECENT })]);
  const sources = await sourcesOf(store, byFeed);
  const byAff = new Map<string, number>();
  for (const s of await sourcesOf(store, byFeed, 10_000)) byAff.set(s.affiliation ?? 'none', (byAff.get(s.affiliation ?? 'none') ?? 0) + s.articles);
  const withSentences = await Promise.all(recent.map(async (a) => {
    const full = await store.getArticle(a.id);
    return { ...a, sentences: [...new Set((full?.narratives ?? []).filter((h) => h.narrative === id).map((h) => h.sentence))] };
  }));
  const spikes = await chartSpikes(store, { kind: 'narrative', id }, timeline, buckets);
  return {
    id, name: narrative.names.en ?? id, names: narrative.names, description: narrative.description, articles, query: range, timeline, spikes, sources,
    byAffiliation: [...byAff].map(([affiliation, n]) => ({ affiliation, articles: n })).sort((a, b) => b.articles - a.articles), recent: withSentences,
  };
}

export function renderNarrativesPage(list: NarrativeSummary[]): string {
  return page('Narratives', html`<h1>Narratives</h1>
${list.length === 0 ? html`<p class="empty">No known narratives (config/narratives.yaml).</p>` : html`<table class="list"><thead><tr><th>Narrative</th><th>Articles</th></tr></thead><tbody>${list.map(
    (n) => html`<tr><td><a href="/narratives/${n.id}">${n.name}</a><br><small>${n.description}</small></td><td class="num">${n.articles}</td></tr>`)}</tbody></table>`}`);
}

export function renderNarrativePage(v: NarrativeView, config: Config): string {
  const names = new Map(config.watchlist.entries.map((e) => [e.id, e.name]));
  return page(v.name, html`<h1>${v.name}</h1><p>${v.description}</p>
<p class="meta">${Object.entries(v.names).map(([lang, name]) => html`<span>${lang}: ${name}</span>`)}</p>
<p class="count"><strong>${v.articles}</strong> ${v.articles === 1 ? 'article carries' : 'articles carry'} it. <a href="/articles?narrative=${v.id}">All of them</a></p>
<h2>Articles per day</h2>${dayBars(v.timeline, `Articles carrying ${v.name} per day`, 'article', v.spikes.map((s) => ({ day: s.day, label: spikeLabel(s) })))}
<h2>By source affiliation</h2>${v.byAffiliation.length ? html`<ul>${v.byAffiliation.map((a) => html`<li>${a.affiliation}: ${a.articles}</li>`)}</ul>` : html`<p class="empty">None.</p>`}
<h2>Sources</h2>${sourcesTable(v.sources)}
<h2>Recent articles</h2>${v.recent.length ? html`<ol class="alerts">${v.recent.map((a) => articleItem(a, names, html`${a.sentences.map((s) => html`<blockquote class="claim">${s}</blockquote>`)}`))}</ol>` : html`<p class="empty">None.</p>`}`);
}
