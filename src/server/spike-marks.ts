/**
 * Spikes shown on the pages: markers on a chart of counts per day (the days whose count spikes against
 * the usual level for that weekday, detected on the chart's own series, and the days of spikes the
 * rising rules raised, hourly or daily), and the "Rising now" box of /stories (spikes the rising rules
 * raised in the last day).
 */
import type { Config } from '../config/load.js';
import type { SpikeRecord, SpikeWatch, Store } from '../store/index.js';
import { detectSpikes } from '../trends/spikes.js';
import { counted, spikeShort, spikeWords, usualLevel } from '../trends/words.js';
import type { Bucket } from '../types.js';
import { html, type SafeHtml } from './html.js';
import type { DayValue } from './svg-chart.js';

const DAY_MS = 86_400_000;
/** How far back "Rising now" looks (bucket start). */
const RISING_NOW_MS = DAY_MS;
const RISING_NOW_MAX = 10;

/** A spike on a day of a chart. */
export interface ChartSpike {
  day: string;
  /** The spiking bucket's start: the day itself, or an hour of it (a rising rule's hourly spike). */
  time: string;
  bucket: 'hour' | 'day';
  count: number;
  expected: number;
  sources: number;
  /** The rising rule that raised it as an alert; null when found on the chart's series alone. */
  rule: string | null;
}

/**
 * The spikes on the days of a chart of `watch`'s articles per day: the days whose count spikes against
 * the usual level for that weekday (`buckets`: the chart's series with sources, over every day the query
 * covers, so the first days shown have their baseline), and the spikes the rising rules raised.
 */
export async function chartSpikes(store: Store, watch: SpikeWatch, timeline: DayValue[], buckets: Bucket[]): Promise<ChartSpike[]> {
  if (timeline.length === 0) return [];
  const since = `${timeline[0]!.day}T00:00:00.000Z`;
  const until = new Date(Date.parse(`${timeline.at(-1)!.day}T00:00:00Z`) + DAY_MS).toISOString();
  const raised = await store.listSpikes({ watch, since, until, limit: 500 });
  const out: ChartSpike[] = raised.map((s) => ({ day: s.time.slice(0, 10), time: s.time, bucket: s.bucket, count: s.count, expected: s.expected, sources: s.sources, rule: s.rule }));
  for (const s of detectSpikes(buckets, { bucket: 'day' })) {
    if (s.time < since || s.time >= until || out.some((o) => o.bucket === 'day' && o.time === s.time)) continue;
    out.push({ day: s.time.slice(0, 10), time: s.time, bucket: 'day', count: s.count, expected: s.expected, sources: s.sources, rule: null });
  }
  return out.sort((a, b) => a.time.localeCompare(b.time));
}

/** "spike: 14 articles from 6 sources (usual 1.2)", "spike 09:00–10:00 UTC: …". */
export function spikeLabel(s: ChartSpike): string {
  const when = s.bucket === 'hour' ? ` ${s.time.slice(11, 16)} UTC hour` : '';
  return `spike${when}: ${spikeShort(s)}${s.rule ? `, alert ${s.rule}` : ''}`;
}

/** The page showing a spike's series. */
export function seriesHref(watch: SpikeWatch): string {
  const id = encodeURIComponent(watch.id);
  switch (watch.kind) {
    case 'entity': return `/entities/${id}`;
    case 'narrative': return `/narratives/${id}`;
    case 'rule': return `/alerts?rule=${id}`;
    default: return `/articles?${watch.kind}=${id}`;
  }
}

/** What a spike's series is, as a reader names it, and the page showing it. */
export function seriesName(watch: SpikeWatch, config: Config): { name: string; href: string } {
  const href = seriesHref(watch);
  switch (watch.kind) {
    case 'entity': return { name: config.watchlist.entries.find((e) => e.id === watch.id)?.name ?? watch.id, href };
    case 'narrative': return { name: config.narratives?.narratives.find((n) => n.id === watch.id)?.names.en ?? watch.id, href };
    case 'rule': return { name: `rule ${watch.id}`, href };
    case 'feed': return { name: config.feeds.find((f) => f.id === watch.id)?.title ?? watch.id, href };
    case 'affiliation': return { name: `${watch.id} sources`, href };
  }
}

/** A current spike, as "Rising now" lists it. */
export interface RisingNow extends SpikeRecord {
  name: string;
  href: string;
}

/** Spikes the rising rules raised with a bucket in the last day, newest first, one per series. */
export async function risingNow(store: Store, config: Config, now = new Date()): Promise<RisingNow[]> {
  const recent = await store.listSpikes({ since: new Date(now.getTime() - RISING_NOW_MS).toISOString(), limit: 200 });
  const seen = new Set<string>();
  const out: RisingNow[] = [];
  for (const s of recent) {
    const key = `${s.watch.kind}:${s.watch.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...s, ...seriesName(s.watch, config) });
  }
  return out.slice(0, RISING_NOW_MAX);
}

/** The "Rising now" box. */
export function risingBox(list: RisingNow[]): SafeHtml {
  return html`<section class="rising" aria-labelledby="rising-now"><h2 id="rising-now">Rising now</h2>${list.length === 0
    ? html`<p class="empty">Nothing is rising: no spike in the last 24 hours.</p>`
    : html`<ul>${list.map((s) => html`<li><a href="${s.href}">${s.name}</a> <strong>${s.count}</strong> articles ${s.bucket === 'hour' ? html`in the hour from ${s.time.slice(11, 16)} UTC` : html`on ${s.time.slice(0, 10)}`} <span class="usual">(usual ${usualLevel(s.expected)})</span>, from ${counted(s.sources, 'source')}</li>`)}</ul>`}</section>`;
}

/** "8 articles in the hour from 10:00 UTC on 2024-03-15 (usual 1), from 3 sources" — a rising alert in words. */
export function spikeSentence(s: Pick<SpikeRecord, 'bucket' | 'time' | 'count' | 'expected' | 'sources'>): string {
  return spikeWords(s, s.bucket === 'hour' ? `in the hour from ${s.time.slice(11, 16)} UTC on ${s.time.slice(0, 10)}` : `on ${s.time.slice(0, 10)}`);
}
