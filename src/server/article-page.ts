/** One article: its metadata, the rules that fired with their evidence, and the text with every mention highlighted. */
import { seriesHref, spikeSentence } from './spike-marks.js';
import type { Config } from '../config/load.js';
import type { Store } from '../store/index.js';
import type { DatePrecision, Mention } from '../types.js';
import { highlightLine, highlightText, mentionsIn } from './highlight.js';
import { html, safeHref, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { byProminence, entitiesByProminence } from './prominence.js';

/** "2022-02-18 13:30 UTC" from an ISO time; "2022-02-18" alone when the source gave only a date (`precision` 'day'). */
export function shortTime(iso: string, precision?: DatePrecision | null): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const when = new Date(time).toISOString();
  return precision === 'day' ? when.slice(0, 10) : `${when.slice(0, 16).replace('T', ' ')} UTC`;
}

/** What a surface form is called on an evidence chip: a headline's form says it is in the title. */
const formLabel = (m: Mention): string => (m.field === 'title' ? `“${m.text}” (title)` : `“${m.text}”`);

/** A rule's evidence, one chip per entity: its distinct surface forms, with how often each occurs. */
function evidenceChips(evidence: Mention[], names: Map<string, string>): SafeHtml[] {
  const byEntity = new Map<string, Map<string, number>>();
  for (const m of evidence) {
    const forms = byEntity.get(m.entity) ?? new Map<string, number>();
    forms.set(formLabel(m), (forms.get(formLabel(m)) ?? 0) + 1);
    byEntity.set(m.entity, forms);
  }
  return [...byEntity].map(([entity, forms]) => {
    const name = names.get(entity) ?? entity;
    const times = (n: number) => (n > 1 ? ` ×${n}` : '');
    const [only] = forms;
    if (forms.size === 1 && only![0] === `“${name}”`) return html`<span class="chip">${name}${times(only![1])}</span>`;
    const list = [...forms].map(([form, n]) => `${form}${times(n)}`).join(', ');
    return html`<span class="chip">${name}: ${list}</span>`;
  });
}

/** Render /articles/:id, or null when there is no such article. */
export async function renderArticlePage(store: Store, config: Config, id: number): Promise<string | null> {
  const article = await store.getArticle(id);
  if (!article) return null;
  const alerts = await store.getAlerts(await store.alertIdsForArticle(id));
  const names = new Map(config.watchlist.entries.map((e) => [e.id, e.name]));
  const source = safeHref(article.url);
  const entities = byProminence(entitiesByProminence(article.mentions), alerts);
  const body = html`<p><a href="/alerts">← Alerts</a></p>
<h1>${article.title ? highlightLine(article.title, mentionsIn(article.mentions, 'title')) : '(no title)'}</h1>
<div class="meta"><span>${article.published ? shortTime(article.published, article.publishedPrecision) : `found ${shortTime(article.created)}`}</span><span>${article.lang}</span>
<span>${article.siteName ?? article.feedId}</span>${article.author ? html`<span>${article.author}</span>` : ''}
${source ? html`<a href="${source}" rel="noopener noreferrer nofollow">original</a>` : ''}<a href="#text">read the text ↓</a></div>
${article.method === 'feed-fallback' ? html`<p class="warn">Only the feed's own text was analysed: ${article.fetchError ?? 'the page could not be used'}.</p>` : ''}
<section class="evidence"><h2>Rules that fired</h2>${alerts.length === 0 ? html`<p class="empty">None.</p>` : html`<ul>${alerts.map(
    (a) => html`<li><span class="chip rule${a.priority === 'immediate' ? ' imm' : ''}">${a.rule}</span> score ${a.score}: ${a.rising ? html`rising, ${spikeSentence(a.rising)}; this article is the first of them (<a href="${seriesHref(a.rising.watch)}">see the chart</a>)` : evidenceChips(a.evidence, names)}</li>`,
  )}</ul>`}
<p>Entities mentioned: ${entities.length ? entities.map((e) => html`<a class="chip" href="/entities/${e}">${names.get(e) ?? e}</a>`) : html`<span class="empty">none</span>`}</p></section>
<article class="text" id="text">${highlightText(article.text, mentionsIn(article.mentions, 'body'))}</article>`;
  return page(article.title ?? 'Article', body);
}
