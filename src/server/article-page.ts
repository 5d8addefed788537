/** One article: its metadata, the rules that fired with their evidence, and the text with every mention highlighted. */
import type { Config } from '../config/load.js';
import type { Store } from '../store/index.js';
import { highlightText } from './highlight.js';
import { html, safeHref } from './html.js';
import { page } from './layout.js';

/** Render /articles/:id, or null when there is no such article. */
export async function renderArticlePage(store: Store, config: Config, id: number): Promise<string | null> {
  const article = await store.getArticle(id);
  if (!article) return null;
  const alerts = await store.getAlerts(await store.alertIdsForArticle(id));
  const names = new Map(config.watchlist.entries.map((e) => [e.id, e.name]));
  const source = safeHref(article.url);
  const entities = [...new Set(article.mentions.map((m) => m.entity))];
  const body = html`<p><a href="/alerts">← Alerts</a></p>
<h1>${article.title ?? '(no title)'}</h1>
<div class="meta"><span>${article.published ?? `found ${article.created}`}</span><span>${article.lang}</span>
<span>${article.siteName ?? article.feedId}</span>${article.author ? html`<span>${article.author}</span>` : ''}
${source ? html`<a href="${source}" rel="noopener noreferrer nofollow">original</a>` : ''}</div>
${article.method === 'feed-fallback' ? html`<p class="warn">Only the feed's own text was analysed: ${article.fetchError ?? 'the page could not be used'}.</p>` : ''}
<section class="evidence"><h2>Rules that fired</h2>${alerts.length === 0 ? html`<p class="empty">None.</p>` : html`<ul>${alerts.map(
    (a) => html`<li><span class="chip rule${a.priority === 'immediate' ? ' imm' : ''}">${a.rule}</span> score ${a.score}: ${a.evidence.map(
      (m) => html`<span class="chip">${names.get(m.entity) ?? m.entity}: “${m.text}”</span>`,
    )}</li>`,
  )}</ul>`}
<p>Entities mentioned: ${entities.length ? entities.map((e) => html`<span class="chip">${names.get(e) ?? e}</span>`) : html`<span class="empty">none</span>`}</p></section>
<article class="text">${highlightText(article.text, article.mentions)}</article>`;
  return page(article.title ?? 'Article', body);
}
