/**
 * Feed health for people: /sources lists every configured feed with the state of its last poll (failing
 * feeds first, with their error), and the alerts page shows a banner linking here when feeds fail. A
 * minimal page; the analysts' full sources page (affiliations, volumes) builds on it later.
 */
import type { Config } from '../config/load.js';
import { feedHealth, healthSentence, isFailing, type FeedHealth } from '../pipeline/feed-health.js';
import type { FeedState, Store } from '../store/index.js';
import { shortTime } from './article-page.js';
import { html, safeHref, type SafeHtml } from './html.js';
import { page } from './layout.js';

export const SOURCES_PATH = '/sources';

/** The banner of the alerts page: nothing when every feed is fine. */
export function failingBanner(health: FeedHealth): SafeHtml | '' {
  if (health.failing.length === 0) return '';
  const text = health.mostFailing
    ? `Alerts may be missing: ${healthSentence(health)}.`
    : `${health.failing.length} of ${health.configured} feeds ${health.failing.length === 1 ? 'is' : 'are'} failing (${health.causeText ?? 'various errors'}).`;
  return html`<p class="warn banner" role="alert">${text} <a href="${SOURCES_PATH}">See feed health</a></p>`;
}

/** Health of the configured feeds, for the banner. */
export async function readFeedHealth(store: Store, config: Config): Promise<FeedHealth> {
  return feedHealth(config.feeds, await store.listFeeds());
}

function stateOf(feed: Config['feeds'][number], state: FeedState | undefined): string {
  if (!feed.enabled) return 'disabled in feeds.yaml';
  if (!state || state.lastPolledAt === null) return 'never polled';
  if (state.disabledReason) return `disabled: ${state.disabledReason}`;
  if (state.consecutiveErrors > 0) return `failing ×${state.consecutiveErrors} (${state.lastStatus})`;
  return state.lastStatus ?? 'ok';
}

function row(feed: Config['feeds'][number], state: FeedState | undefined): SafeHtml {
  const failing = state ? isFailing(state) : false;
  const href = safeHref(feed.url);
  return html`<li class="${failing ? 'failing' : ''}"><h2>${feed.title ?? feed.id} <span class="chip${failing ? ' imm' : ''}">${stateOf(feed, state)}</span></h2>
<div class="meta"><span>${feed.id}</span>${href ? html`<a href="${href}" rel="noopener noreferrer nofollow">${feed.url}</a>` : html`<span>${feed.url}</span>`}
<span>last poll ${state?.lastPolledAt ? shortTime(state.lastPolledAt) : '–'}</span><span>items seen ${state?.itemsSeen ?? 0}</span></div>
${failing && state?.lastError ? html`<div class="meta"><span>${state.lastError}</span></div>` : ''}</li>`;
}

/** Render /sources. */
export async function renderSourcesPage(store: Store, config: Config): Promise<string> {
  const states = new Map((await store.listFeeds()).map((s) => [s.id, s]));
  const health = feedHealth(config.feeds, [...states.values()]);
  const failingFirst = [...config.feeds].sort((a, b) => Number(isFailingId(states, b.id)) - Number(isFailingId(states, a.id)));
  const summary = health.failing.length
    ? html`<p class="warn">${health.mostFailing ? upperFirst(healthSentence(health)) : `${health.failing.length} of ${health.configured} feeds failing: ${health.causeText}`}. The same per feed: <code>mediamon feeds list</code>.</p>`
    : html`<p>${health.configured} feeds configured, none failing.</p>`;
  const body = html`<h1>Sources</h1>${summary}
${config.feeds.length === 0 ? html`<p class="empty">No feeds configured: add one with <code>mediamon feeds add URL</code>.</p>` : html`<ol class="alerts">${failingFirst.map((f) => row(f, states.get(f.id)))}</ol>`}`;
  return page('Sources', body);
}

function isFailingId(states: Map<string, FeedState>, id: string): boolean {
  const state = states.get(id);
  return state ? isFailing(state) : false;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
