/**
 * The digest model, built once and rendered many ways (text, Markdown, HTML, JSON, Slack, Atom): alerts
 * grouped by rule, then by story (near-duplicate articles clustered into one entry that lists every
 * outlet and the earliest time), each with entities (display names) and evidence snippets around the
 * matched forms as they stand in the text ("Пушилиным"). Pure: no store, no clock (`now` is given).
 */
import type { AlertRecord, StoredArticle } from '../store/types.js';
import type { Mention } from '../types.js';
import { clusterTexts } from './cluster.js';
import { buildSnippets, titleMarks, type Snippet } from './snippets.js';
import { localDateTime, periodLabel, zoneLabel } from './time.js';

export type { Snippet } from './snippets.js';

/** Entity names in a subject line. */
const SUBJECT_ENTITIES = 2;
/** Entities listed per story: the ones that made the rule fire, then others the article mentions. */
const STORY_ENTITIES = 8;

/** One outlet's copy of a story. */
export interface DigestArticle {
  articleId: number;
  alertIds: number[];
  title: string;
  url: string | null;
  outlet: string;
  /** The source's affiliation from the registry (ru-state, separatist-authority...), or null. */
  affiliation: string | null;
  lang: string;
  /** ISO time (published, else when it was stored). */
  time: string;
  /** The same time in the subscriber's zone: "2022-02-18 16:30". */
  localTime: string;
}

/** One story: near-duplicate articles of one rule, listed once. */
export interface DigestStory {
  title: string;
  lang: string;
  /** Earliest time over every copy. */
  earliest: string;
  earliestLocal: string;
  articles: DigestArticle[];
  /** Display names of the watchlist entries, the ones that made the rule fire first. */
  entities: string[];
  /** Further entries the article mentions, not listed. */
  moreEntities: number;
  snippets: Snippet[];
  /** Ranges of `title` to mark: where the mentions that made the rule fire stand in the headline. */
  titleMarks: [number, number][];
}

export interface DigestGroup {
  rule: string;
  description: string | null;
  alertCount: number;
  stories: DigestStory[];
}

export interface DigestCounts {
  alerts: number;
  articles: number;
  feeds: number;
  stories: number;
  /** Alerts the subscription's filter left out, by reason (rule, entity, language, feed, score). */
  leftOut: Record<string, number>;
}

export interface Digest {
  subscription: { id: string; name: string };
  timeZone: string;
  generated: string;
  /** What the digest covers, e.g. "06:00–07:00 Kyiv". */
  period: string;
  subject: string;
  groups: DigestGroup[];
  counts: DigestCounts;
  alertIds: number[];
}

export interface DigestInput {
  subscription: { id: string; name?: string | undefined; timezone: string };
  alerts: AlertRecord[];
  /** The articles of the alerts, by id (their text feeds the snippets and the clustering). */
  articles: Map<number, StoredArticle>;
  /** Display names: watchlist entry id -> name, feed id -> title, rule id -> description. */
  names: { entities: Map<string, string>; feeds: Map<string, string>; rules: Map<string, string>; /** Theme entries (keywords), shown first in snippets. */ keywords?: Set<string> };
  /** The period covered; default: from the earliest alert to `now`. */
  period?: { from: string; to: string } | null;
  leftOut?: Record<string, number>;
  now: Date;
}

function outletOf(alert: AlertRecord, feeds: Map<string, string>): string {
  if (alert.siteName) return alert.siteName;
  const feed = feeds.get(alert.feedId);
  if (feed) return feed;
  try {
    return alert.url ? new URL(alert.url).hostname : alert.feedId;
  } catch {
    return alert.feedId;
  }
}

function articleEntry(alerts: AlertRecord[], input: DigestInput): DigestArticle {
  const first = alerts[0]!;
  const time = first.published ?? input.articles.get(first.articleId)?.created ?? first.created;
  // A date without a time is shown as the date, never as midnight UTC in the subscriber's zone.
  const dateOnly = first.published !== null && first.publishedPrecision === 'day';
  return {
    articleId: first.articleId,
    alertIds: alerts.map((a) => a.id),
    title: first.title ?? '(no title)',
    url: first.url,
    outlet: outletOf(first, input.names.feeds),
    affiliation: first.affiliation ?? null,
    lang: first.lang,
    time,
    localTime: dateOnly ? time.slice(0, 10) : localDateTime(time, input.subscription.timezone),
  };
}

function storyOf(copies: AlertRecord[], input: DigestInput): DigestStory {
  const articles = copies.map((alert) => articleEntry([alert], input)).sort((a, b) => a.time.localeCompare(b.time));
  const lead = copies.find((a) => a.articleId === articles[0]!.articleId)!;
  const evidenceIds = [...new Set(lead.evidence.map((m) => m.entity))];
  const entityIds = [...evidenceIds, ...lead.entities.filter((e) => !evidenceIds.includes(e))];
  const text = input.articles.get(lead.articleId)?.text ?? '';
  return {
    title: articles[0]!.title,
    lang: articles[0]!.lang,
    earliest: articles[0]!.time,
    earliestLocal: articles[0]!.localTime,
    articles,
    entities: entityIds.slice(0, STORY_ENTITIES).map((id) => input.names.entities.get(id) ?? id),
    moreEntities: Math.max(0, entityIds.length - STORY_ENTITIES),
    snippets: buildSnippets(text, lead.evidence as Mention[], input.names.keywords),
    titleMarks: lead.title === articles[0]!.title ? titleMarks(articles[0]!.title, lead.evidence) : [],
  };
}

function groupOf(rule: string, alerts: AlertRecord[], input: DigestInput): DigestGroup {
  const clusters = clusterTexts(alerts, (a) => input.articles.get(a.articleId)?.text || a.title || '');
  const stories = clusters.map((copies) => storyOf(copies, input)).sort((a, b) => a.earliest.localeCompare(b.earliest));
  return { rule, description: input.names.rules.get(rule) ?? null, alertCount: alerts.length, stories };
}

function topEntities(groups: DigestGroup[]): string[] {
  const tally = new Map<string, number>();
  for (const story of groups.flatMap((g) => g.stories)) for (const name of story.entities.slice(0, 2)) tally.set(name, (tally.get(name) ?? 0) + 1);
  return [...tally.entries()].sort((a, b) => b[1] - a[1]).slice(0, SUBJECT_ENTITIES).map(([name]) => name);
}

/** Build the digest of a set of alerts. */
export function buildDigest(input: DigestInput): Digest {
  const byRule = new Map<string, AlertRecord[]>();
  for (const alert of [...input.alerts].sort((a, b) => a.id - b.id)) byRule.set(alert.rule, [...(byRule.get(alert.rule) ?? []), alert]);
  const groups = [...byRule.entries()].map(([rule, alerts]) => groupOf(rule, alerts, input));
  const tz = input.subscription.timezone;
  const earliest = input.alerts.map((a) => a.created).sort()[0] ?? input.now.toISOString();
  const window = input.period ?? { from: earliest, to: input.now.toISOString() };
  const period = periodLabel(window.from, window.to, tz);
  const n = input.alerts.length;
  const entities = topEntities(groups);
  const subject = `mediamon: ${n} alert${n === 1 ? '' : 's'}${entities.length ? ` — ${entities.join(', ')}` : ''} (${period})`;
  return {
    subscription: { id: input.subscription.id, name: input.subscription.name ?? input.subscription.id },
    timeZone: tz,
    generated: input.now.toISOString(),
    period,
    subject,
    groups,
    counts: {
      alerts: n,
      articles: new Set(input.alerts.map((a) => a.articleId)).size,
      feeds: new Set(input.alerts.map((a) => a.feedId)).size,
      stories: groups.reduce((sum, g) => sum + g.stories.length, 0),
      leftOut: input.leftOut ?? {},
    },
    alertIds: input.alerts.map((a) => a.id).sort((a, b) => a - b),
  };
}

export { zoneLabel };
