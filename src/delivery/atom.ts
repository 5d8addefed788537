/**
 * Each subscription as an Atom feed (RFC 4287) of its alerts: one entry per article, its rules, entities
 * and evidence snippets as escaped HTML content. `renderAtomFeed` is pure; `atomFeedForSubscription`
 * reads the store and is what the HTTP server serves. Article text is escaped twice over where it
 * must be: once as HTML inside the content, once as XML around it, so `<img onerror>` stays text.
 */
import type { AlertRecord, Store, StoredArticle } from '../store/types.js';
import { buildDigest } from './digest.js';
import { applyFilter } from './filter.js';
import { escapeHtml, risingHtml, safeHref, storyHtml } from './render-html.js';
import { displayNames } from './names.js';
import type { DeliveryConfig } from './schema.js';
import { zoneLabel } from './time.js';

/** Entries in a subscription's feed (newest articles). */
const ATOM_MAX_ENTRIES = 100;
/** Alerts read to fill them. */
const ATOM_MAX_ALERTS = 1000;
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  published?: string | null;
  link?: string | null;
  /** BCP 47 language of the entry (xml:lang). */
  lang?: string | null;
  authors?: string[];
  categories?: string[];
  /** HTML content; escaped as XML here. */
  contentHtml: string;
}

export interface AtomFeedInput {
  id: string;
  title: string;
  subtitle?: string;
  updated: string;
  selfUrl: string;
  entries: AtomEntry[];
}

/** Escape text for XML content and attributes (and drop characters XML 1.0 forbids). */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function entryXml(entry: AtomEntry): string {
  const link = safeHref(entry.link ?? null);
  return [
    `  <entry${entry.lang && entry.lang !== 'und' ? ` xml:lang="${escapeXml(entry.lang)}"` : ''}>`,
    `    <id>${escapeXml(entry.id)}</id>`,
    `    <title type="text">${escapeXml(entry.title)}</title>`,
    `    <updated>${escapeXml(entry.updated)}</updated>`,
    entry.published ? `    <published>${escapeXml(entry.published)}</published>` : '',
    link ? `    <link rel="alternate" type="text/html" href="${link}"/>` : '',
    ...(entry.authors ?? []).map((name) => `    <author><name>${escapeXml(name)}</name></author>`),
    ...(entry.categories ?? []).map((term) => `    <category term="${escapeXml(term)}"/>`),
    `    <content type="html">${escapeXml(entry.contentHtml)}</content>`,
    '  </entry>',
  ].filter(Boolean).join('\n');
}

/** Render an Atom 1.0 document. */
export function renderAtomFeed(feed: AtomFeedInput): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(feed.id)}</id>
  <title type="text">${escapeXml(feed.title)}</title>
${feed.subtitle ? `  <subtitle type="text">${escapeXml(feed.subtitle)}</subtitle>\n` : ''}  <updated>${escapeXml(feed.updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>
  <generator>mediamon</generator>
${feed.entries.map(entryXml).join('\n')}
</feed>
`;
}

export interface AtomFeedOptions {
  /** The feed's own URL; default `${baseUrl}/subscriptions/<id>/atom`. */
  selfUrl?: string;
  now?: Date;
}

function articleEntry(subscription: string, alerts: AlertRecord[], article: StoredArticle | undefined, config: DeliveryConfig, timezone: string, now: Date): AtomEntry {
  const digest = buildDigest({
    subscription: { id: subscription, timezone },
    alerts,
    articles: new Map(article ? [[article.id, article]] : []),
    names: displayNames(config),
    now,
  });
  const zone = zoneLabel(timezone);
  const content = risingHtml(digest, zone) + digest.stories.map((s) => storyHtml(s, zone)).join('\n');
  const first = alerts[0]!;
  const onlyRising = digest.stories.length === 0 && digest.rising.length > 0;
  return {
    id: `urn:mediamon:${subscription}:article:${first.articleId}`,
    title: onlyRising ? `Rising: ${digest.rising.map((r) => r.what).join(', ')}` : first.title ?? '(no title)',
    updated: alerts.map((a) => a.created).sort().at(-1)!,
    published: first.published,
    link: first.url,
    lang: first.lang,
    authors: [digest.stories[0]?.articles[0]?.outlet ?? first.feedId],
    categories: [...new Set(alerts.map((a) => a.rule))],
    contentHtml: content,
  };
}

/**
 * The Atom feed of one subscription: its alerts (filter applied, newest articles first, within the
 * subscription's maxAge). Throws `delivery: unknown subscription 'x'` when there is no such subscription.
 */
export async function atomFeedForSubscription(store: Store, config: DeliveryConfig, subscriptionId: string, baseUrl: string, options: AtomFeedOptions = {}): Promise<string> {
  const sub = config.subscriptions.find((s) => s.id === subscriptionId);
  if (!sub) throw new Error(`delivery: unknown subscription '${subscriptionId}'`);
  const now = options.now ?? new Date();
  const recent = await store.listAlerts({ since: new Date(now.getTime() - sub.maxAge).toISOString(), limit: ATOM_MAX_ALERTS });
  const byArticle = new Map<number, AlertRecord[]>();
  for (const alert of applyFilter(recent, sub).wanted) byArticle.set(alert.articleId, [...(byArticle.get(alert.articleId) ?? []), alert]);
  const entries: AtomEntry[] = [];
  for (const [articleId, alerts] of [...byArticle.entries()].slice(0, ATOM_MAX_ENTRIES)) {
    entries.push(articleEntry(sub.id, alerts, await store.getArticle(articleId), config, sub.timezone, now));
  }
  return renderAtomFeed({
    id: `urn:mediamon:subscription:${sub.id}`,
    title: `mediamon: ${sub.name ?? sub.id}`,
    subtitle: `Alerts of the subscription '${sub.id}'`,
    updated: entries.map((e) => e.updated).sort().at(-1) ?? now.toISOString(),
    selfUrl: options.selfUrl ?? `${baseUrl.replace(/\/+$/, '')}/subscriptions/${encodeURIComponent(sub.id)}/atom`,
    entries,
  });
}
