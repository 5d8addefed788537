/**
 * /sources and /api/sources: each source (feed or channel) with its health (last status, consecutive
 * errors, last error, next poll, disabled or removed), affiliation, items per publication day over the
 * last 14 days (a sparkline) and when its last new item came.
 */
import type { Config } from '../config/load.js';
import { feedHealth, healthSentence, type FeedHealth } from '../pipeline/feed-health.js';
import type { FeedState, Store } from '../store/index.js';
import { shortTime } from './article-page.js';
import { affiliationChip } from './articles-page.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { spikeLabel, type ChartSpike } from './spike-marks.js';
import { fillDays, sparkline, type DayValue } from './svg-chart.js';
import { detectSpikes } from '../trends/spikes.js';

export const VOLUME_DAYS = 14;
export const SOURCES_PATH = '/sources';

/** The banner of the alerts page: nothing when every feed is fine. */
export function failingBanner(health: FeedHealth): SafeHtml | '' {
  if (health.failing.length === 0) return '';
  const text = health.mostFailing
    ? `Alerts may be missing: ${healthSentence(health)}.`
    : `${health.failing.length} of ${health.configured} feeds ${health.failing.length === 1 ? 'is' : 'are'} failing (${health.causeText ?? 'various errors'}).`;
  return html`<p class="warn banner" role="alert">${text} <a href="${SOURCES_PATH}">See feed health</a></p>`;
}

/** Health of the configured feeds, for the banner and the sources page. */
export async function readFeedHealth(store: Store, config: Config): Promise<FeedHealth> {
  return feedHealth(config.feeds, await store.listFeeds());
}

export interface SourceView extends FeedState {
  /** Items per publication day, the last VOLUME_DAYS days (UTC) up to today. */
  volume: DayValue[];
  /** Their sum. */
  recentItems: number;
  /** Spikes on those days: against the feed's usual level for the weekday (28 days before), and those rising rules raised. */
  spikes: ChartSpike[];
  health: 'ok' | 'failing' | 'disabled' | 'removed' | 'never-polled';
}

function health(f: FeedState): SourceView['health'] {
  if (f.removedAt) return 'removed';
  if (f.disabledReason) return 'disabled';
  if (f.consecutiveErrors > 0) return 'failing';
  return f.lastStatus ? 'ok' : 'never-polled';
}

/** Days of history read before the shown ones, for the spike markers' baseline. */
const BASELINE_DAYS = 28;
const DAY_MS = 86_400_000;

export async function listSources(store: Store, now = new Date()): Promise<SourceView[]> {
  const today = now.toISOString().slice(0, 10);
  const first = new Date(Date.parse(`${today}T00:00:00Z`) - (VOLUME_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const since = new Date(Date.parse(`${first}T00:00:00Z`) - BASELINE_DAYS * DAY_MS).toISOString();
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + DAY_MS).toISOString();
  const [feeds, days, raised] = await Promise.all([store.listFeeds(), store.articleDays({ since, until }), store.listSpikes({ since: `${first}T00:00:00.000Z`, limit: 1000 })]);
  const perFeed = new Map<string, Map<string, number>>();
  for (const d of days) perFeed.set(d.feedId, (perFeed.get(d.feedId) ?? new Map()).set(d.day, d.n));
  return feeds.map((f) => {
    const counts = perFeed.get(f.id) ?? new Map<string, number>();
    const volume = fillDays(counts, first, today);
    // A feed is one source: its own series needs no second one.
    const found = detectSpikes([...counts].map(([day, n]) => ({ time: `${day}T00:00:00.000Z`, count: n, sources: 1 })), { bucket: 'day', minSources: 1 })
      .filter((s) => s.time.slice(0, 10) >= first)
      .map((s): ChartSpike => ({ day: s.time.slice(0, 10), time: s.time, bucket: 'day', count: s.count, expected: s.expected, sources: 1, rule: null }));
    const recorded = raised.filter((s) => s.watch.kind === 'feed' && s.watch.id === f.id)
      .map((s): ChartSpike => ({ day: s.time.slice(0, 10), time: s.time, bucket: s.bucket, count: s.count, expected: s.expected, sources: s.sources, rule: s.rule }));
    const spikes = [...recorded, ...found.filter((x) => !recorded.some((r) => r.bucket === 'day' && r.time === x.time))].sort((a, b) => a.time.localeCompare(b.time));
    return { ...f, volume, recentItems: volume.reduce((s, v) => s + v.n, 0), spikes, health: health(f) };
  });
}

const when = (iso: string | null) => (iso ? shortTime(iso) : '—');

/** Failing first, then disabled, working, never polled, removed; each group as the store lists it. */
const HEALTH_ORDER: SourceView['health'][] = ['failing', 'disabled', 'ok', 'never-polled', 'removed'];

export function renderSourcesPage(all: SourceView[], health?: FeedHealth): string {
  const sources = [...all].sort((a, b) => HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health));
  const failing = sources.filter((s) => s.health === 'failing' || s.health === 'disabled').length;
  const warning = health && health.failing.length
    ? html`<p class="warn">${health.mostFailing ? upperFirst(healthSentence(health)) : `${health.failing.length} of ${health.configured} feeds failing: ${health.causeText}`}. The same per feed: <code>mediamon feeds list</code>.</p>`
    : '';
  return page('Sources', html`<h1>Sources</h1>${warning}
<p class="count"><strong>${sources.length}</strong> sources, ${failing} failing or disabled. Volume: items per day over the last ${VOLUME_DAYS} days.</p>
<div class="scroll"><table class="list sources"><thead><tr><th>Source</th><th>Health</th><th>Last ${VOLUME_DAYS} days</th><th>Last item</th><th>Next poll</th></tr></thead><tbody>${sources.map(
    (s) => html`<tr class="health-${s.health}"><td><a href="/articles?feed=${s.id}">${s.title ?? s.id}</a><br><small>${s.id}</small> ${affiliationChip(s.affiliation)}</td>
<td><strong>${s.health}</strong>${s.lastStatus ? html`<br><small>last: ${s.lastStatus}${s.lastHttpStatus ? ` (HTTP ${s.lastHttpStatus})` : ''}</small>` : ''}${s.consecutiveErrors > 0 ? html`<br><small>${s.consecutiveErrors} consecutive ${s.consecutiveErrors === 1 ? 'error' : 'errors'}</small>` : ''}${s.lastError ? html`<br><small class="error">${s.lastError}</small>` : ''}${s.disabledReason ? html`<br><small class="error">disabled: ${s.disabledReason}</small>` : ''}${s.removedAt ? html`<br><small>removed ${when(s.removedAt)}</small>` : ''}</td>
<td>${sparkline(s.volume, `${s.title ?? s.id} items per day`, s.spikes.map((x) => ({ day: x.day, label: spikeLabel(x) })))} <span class="num">${s.recentItems}</span></td><td><small>last item</small> ${when(s.lastNewItemAt)}</td><td><small>next poll</small> ${s.removedAt || s.disabledReason ? '—' : when(s.nextPollAt)}</td></tr>`)}</tbody></table></div>`);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
