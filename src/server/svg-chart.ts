/**
 * Small server-rendered SVG charts: a bar chart of counts per day and a sparkline. Hand-written (a few
 * dozen lines) rather than a chart library: the well-known ones draw through a DOM (d3, Chart.js,
 * Vega need jsdom or a canvas server-side), and these pages send no script. Every bar carries a
 * <title> ("2024-03-01: 3 articles") so a reader hovering it, and a screen reader, gets the figure.
 */
import { html, type SafeHtml } from './html.js';

export interface DayValue {
  day: string;
  n: number;
}

const DAY_MS = 86_400_000;

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive) with its count, zero where `counts` has none. */
export function fillDays(counts: Map<string, number>, from: string, to: string): DayValue[] {
  const out: DayValue[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, n: counts.get(day) ?? 0 });
  }
  return out;
}

/** The last `maxDays` days up to the latest day in `counts` (nothing when empty). */
export function recentDays(counts: Map<string, number>, maxDays: number): DayValue[] {
  const days = [...counts.keys()].sort();
  if (days.length === 0) return [];
  const last = days.at(-1)!;
  const earliest = new Date(Date.parse(`${last}T00:00:00Z`) - (maxDays - 1) * DAY_MS).toISOString().slice(0, 10);
  return fillDays(counts, days[0]! > earliest ? days[0]! : earliest, last);
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A day to mark on a bar chart (a spike), with what a reader hovering it is told. */
export interface DayMark {
  day: string;
  label: string;
}

const BAR = '#1f5fa8';
const SPIKE = '#c0392b';
/** Room above the bars for the spike markers. */
const MARK_ROOM = 14;
/** Inset of a sparkline's line, so a spike's dot fits. */
const PAD = 3.5;

/**
 * A bar per day, scaled to the busiest day; labelled with the first and last day and the peak. Marked
 * days (spikes) are drawn red with a triangle above, whose <title> says what spiked.
 */
export function dayBars(values: DayValue[], label: string, unit = 'article', marks: DayMark[] = []): SafeHtml {
  if (values.length === 0) return html`<p class="empty">No ${unit}s yet.</p>`;
  const width = 600;
  const height = 120;
  const max = Math.max(1, ...values.map((v) => v.n));
  const step = width / values.length;
  const bar = Math.max(1, step * 0.8);
  const total = values.reduce((sum, v) => sum + v.n, 0);
  const marked = new Map<string, string[]>();
  for (const m of marks) marked.set(m.day, [...(marked.get(m.day) ?? []), m.label]);
  const room = marked.size ? MARK_ROOM : 4;
  const bars = values.map((v, i) => {
    const h = v.n === 0 ? 0 : Math.max(2, (v.n / max) * (height - room));
    const spike = marked.get(v.day);
    const x = i * step;
    const rect = html`<rect class="bar${spike ? ' spiked' : ''}" x="${x.toFixed(1)}" y="${(height - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${spike ? SPIKE : BAR}" data-day="${v.day}" data-n="${v.n}"><title>${v.day}: ${plural(v.n, unit)}${spike ? ` — ${spike.join('; ')}` : ''}</title></rect>`;
    if (!spike) return rect;
    const cx = x + bar / 2;
    const top = height - h - 2;
    const half = Math.max(3, Math.min(6, bar / 2 + 2));
    return html`${rect}<polygon class="spike" points="${(cx - half).toFixed(1)},${(top - 9).toFixed(1)} ${(cx + half).toFixed(1)},${(top - 9).toFixed(1)} ${cx.toFixed(1)},${top.toFixed(1)}" fill="${SPIKE}" data-day="${v.day}"><title>${v.day}: ${spike.join('; ')}</title></polygon>`;
  });
  const spikeNote = marked.size ? html`<span class="spikes">▼ ${plural(marked.size, 'spike day')}</span>` : '';
  return html`<figure class="chart"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${label}: ${plural(total, unit)} over ${plural(values.length, 'day')}, at most ${max} a day${marked.size ? `; spikes on ${[...marked.keys()].join(', ')}` : ''}" preserveAspectRatio="none">
<line x1="0" y1="${height}" x2="${width}" y2="${height}" stroke="#b9c1ca" stroke-width="2"/>${bars}</svg>
<figcaption><span>${values[0]!.day}</span><span>at most ${max} a day, ${plural(total, unit)}</span>${spikeNote}<span>${values.at(-1)!.day}</span></figcaption></figure>`;
}

/** A small line over the given days (e.g. the last 14), with the total in its label; marked days (spikes) get a red dot. */
export function sparkline(values: DayValue[], label: string, marks: DayMark[] = []): SafeHtml {
  const width = 112;
  const height = 24;
  const max = Math.max(1, ...values.map((v) => v.n));
  // An inset of PAD keeps a spike's dot, at an end or at the peak, inside the picture.
  const step = values.length > 1 ? (width - 2 * PAD) / (values.length - 1) : width - 2 * PAD;
  const x = (i: number) => PAD + i * step;
  const y = (n: number) => height - PAD - (n / max) * (height - 2 * PAD);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v.n).toFixed(1)}`).join(' ');
  const total = values.reduce((sum, v) => sum + v.n, 0);
  const dots = marks.flatMap((m) => {
    const i = values.findIndex((v) => v.day === m.day);
    return i < 0 ? [] : [html`<circle class="spike" cx="${x(i).toFixed(1)}" cy="${y(values[i]!.n).toFixed(1)}" r="3" fill="${SPIKE}" data-day="${m.day}"><title>${m.day}: ${m.label}</title></circle>`];
  });
  return html`<svg class="spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}: ${plural(total, 'item')} in ${plural(values.length, 'day')}${dots.length ? `; spikes on ${marks.map((m) => m.day).join(', ')}` : ''}"><title>${values.map((v) => `${v.day}: ${v.n}`).join(', ')}</title><polyline points="${points}" fill="none" stroke="${BAR}" stroke-width="1.5"/>${dots}</svg>`;
}
