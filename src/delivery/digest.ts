/**
 * The digest model, built once and rendered many ways (text, Markdown, HTML, JSON, Slack, Atom): alerts
 * grouped by story (the store's: one event across outlets and languages), each article listed once with
 * the rules it raised, each story with its rules, first report, entities (display names) and evidence
 * snippets around the matched forms as they stand in the text ("Пушилиным"). Pure: no store, no clock.
 */
import type { AlertRecord, StoredArticle } from '../store/types.js';
import type { Mention } from '../types.js';
import { buildSnippets, titleMarks, type Snippet } from './snippets.js';
import { localDateTime, periodLabel, zoneLabel } from './time.js';

export type { Snippet } from './snippets.js';

/** Entity names in a subject line. */
const SUBJECT_ENTITIES = 2;
/** Entities listed per story: the ones that made the rule fire, then others the article mentions. */
const STORY_ENTITIES = 8;

/** One article of a story, listed once however many of the digest's rules it raised. */
export interface DigestArticle {
  articleId: number;
  alertIds: number[];
  /** The rules its alerts in this digest came from, in the order they were raised. */
  rules: string[];
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

/** A rule that fired on a story's articles, with how many alerts it raised there. */
export interface DigestRule {
  rule: string;
  description: string | null;
  alerts: number;
}

/** One story (src/stories: one event across outlets and languages), listed once with its articles. */
export interface DigestStory {
  /** The store's story id; null for articles stored before stories (each its own story). */
  storyId: number | null;
  title: string;
  lang: string;
  /** Earliest time over every article. */
  earliest: string;
  earliestLocal: string;
  /** Oldest first: the first is the first report. */
  articles: DigestArticle[];
  rules: DigestRule[];
  alertCount: number;
  /** Display names of the watchlist entries, the ones that made a rule fire first. */
  entities: string[];
  /** Further entries the article mentions, not listed. */
  moreEntities: number;
  snippets: Snippet[];
  /** Ranges of `title` to mark: where the mentions that made a rule fire stand in the headline. */
  titleMarks: [number, number][];
}

/** A spike of a rising rule: what rose, when, its count against the usual, from how many sources. */
export interface DigestRising {
  alertId: number;
  rule: string;
  description: string | null;
  /** What rose, as a reader names it: "Denis Pushilin", "rule donbas-evacuation", "ru-state sources". */
  what: string;
  watch: { kind: string; id: string };
  bucket: 'hour' | 'day';
  /** The bucket's start (ISO) and in the subscriber's zone. */
  time: string;
  localTime: string;
  count: number;
  expected: number;
  sources: number;
  /** Articles of the bucket (up to 50 listed in the store). */
  articles: number;
  /** The page of what rose: `/entities/<id>`, `/narratives/<id>`, or the articles filtered to it; absolute when the server's baseUrl is set. */
  link: string;
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
  /** Spikes of the rising rules, oldest first (their alerts are not in `stories`). */
  rising: DigestRising[];
  /** Oldest story first. */
  stories: DigestStory[];
  counts: DigestCounts;
  alertIds: number[];
}

export interface DigestInput {
  subscription: { id: string; name?: string | undefined; timezone: string };
  alerts: AlertRecord[];
  /** The articles of the alerts, by id (their text feeds the snippets). */
  articles: Map<number, StoredArticle>;
  /** Display names: watchlist entry id -> name, feed id -> title, rule id -> description. */
  names: { entities: Map<string, string>; feeds: Map<string, string>; rules: Map<string, string>; /** Theme entries (keywords), shown first in snippets. */ keywords?: Set<string> };
  /** The period covered; default: from the earliest alert to `now`. */
  period?: { from: string; to: string } | null;
  leftOut?: Record<string, number>;
  now: Date;
  /** The server's public address (settings.server.baseUrl), for links to the analyst's pages. Default: links are paths. */
  baseUrl?: string | null;
}

/** Where a spike's series is shown: the entity's or narrative's page, else the articles filtered to it. */
function risingLink(watch: { kind: string; id: string }, baseUrl: string | null | undefined): string {
  const id = encodeURIComponent(watch.id);
  const path = watch.kind === 'entity' ? `/entities/${id}` : watch.kind === 'narrative' ? `/narratives/${id}` : watch.kind === 'rule' ? `/alerts?rule=${id}` : `/articles?${watch.kind}=${id}`;
  return `${(baseUrl ?? '').replace(/\/+$/, '')}${path}`;
}

function risingWhat(watch: { kind: string; id: string }, input: DigestInput): string {
  switch (watch.kind) {
    case 'entity': return input.names.entities.get(watch.id) ?? watch.id;
    case 'feed': return input.names.feeds.get(watch.id) ?? watch.id;
    case 'affiliation': return `${watch.id} sources`;
    default: return `${watch.kind} ${watch.id}`;
  }
}

function risingOf(alert: AlertRecord, input: DigestInput): DigestRising {
  const spike = alert.rising!;
  return {
    alertId: alert.id, rule: alert.rule, description: input.names.rules.get(alert.rule) ?? null, what: risingWhat(spike.watch, input), watch: spike.watch,
    bucket: spike.bucket, time: spike.time, localTime: localDateTime(spike.time, input.subscription.timezone), count: spike.count, expected: spike.expected,
    sources: spike.sources, articles: spike.articleIds.length, link: risingLink(spike.watch, input.baseUrl),
  };
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
    rules: alerts.map((a) => a.rule),
    title: first.title ?? '(no title)',
    url: first.url,
    outlet: outletOf(first, input.names.feeds),
    affiliation: first.affiliation ?? null,
    lang: first.lang,
    time,
    localTime: dateOnly ? time.slice(0, 10) : localDateTime(time, input.subscription.timezone),
  };
}

/** One story from the alerts of its articles (by article, in the order raised). */
function storyOf(byArticle: AlertRecord[][], input: DigestInput): DigestStory {
  const articles = byArticle.map((alerts) => articleEntry(alerts, input)).sort((a, b) => a.time.localeCompare(b.time) || a.articleId - b.articleId);
  const leadAlerts = byArticle.find((alerts) => alerts[0]!.articleId === articles[0]!.articleId)!;
  const lead = leadAlerts[0]!;
  const evidence = leadAlerts.flatMap((a) => a.evidence).filter((m, i, all) => all.findIndex((x) => x.entity === m.entity && x.start === m.start && x.field === m.field) === i);
  const evidenceIds = [...new Set(evidence.map((m) => m.entity))];
  const entityIds = [...evidenceIds, ...lead.entities.filter((e) => !evidenceIds.includes(e))];
  const text = input.articles.get(lead.articleId)?.text ?? '';
  const tally = new Map<string, number>();
  for (const alert of byArticle.flat()) tally.set(alert.rule, (tally.get(alert.rule) ?? 0) + 1);
  return {
    storyId: lead.storyId ?? null,
    title: articles[0]!.title,
    lang: articles[0]!.lang,
    earliest: articles[0]!.time,
    earliestLocal: articles[0]!.localTime,
    articles,
    rules: [...tally].map(([rule, alerts]) => ({ rule, description: input.names.rules.get(rule) ?? null, alerts })),
    alertCount: byArticle.reduce((n, alerts) => n + alerts.length, 0),
    entities: entityIds.slice(0, STORY_ENTITIES).map((id) => input.names.entities.get(id) ?? id),
    moreEntities: Math.max(0, entityIds.length - STORY_ENTITIES),
    snippets: [...buildSnippets(text, evidence as Mention[], input.names.keywords), ...otherLanguages(articles, byArticle, input)],
    titleMarks: titleMarks(articles[0]!.title, evidence),
  };
}

/** One snippet from the first report in each language besides the lead's (the declined forms a reader of that language sees). */
function otherLanguages(articles: DigestArticle[], byArticle: AlertRecord[][], input: DigestInput): Snippet[] {
  const out: Snippet[] = [];
  const seen = new Set([articles[0]!.lang]);
  for (const a of articles) {
    if (seen.has(a.lang)) continue;
    seen.add(a.lang);
    const alerts = byArticle.find((list) => list[0]!.articleId === a.articleId)!;
    const snippet = buildSnippets(input.articles.get(a.articleId)?.text ?? '', alerts.flatMap((x) => x.evidence) as Mention[], input.names.keywords)[0];
    if (snippet) out.push(snippet);
  }
  return out;
}

/** Alerts by story, then by article; an article without a story (stored before stories) is a story of its own. */
function stories(alerts: AlertRecord[], input: DigestInput): DigestStory[] {
  const byStory = new Map<string, Map<number, AlertRecord[]>>();
  for (const alert of alerts) {
    const key = alert.storyId != null ? `s${alert.storyId}` : `a${alert.articleId}`;
    const articles = byStory.get(key) ?? byStory.set(key, new Map()).get(key)!;
    articles.set(alert.articleId, [...(articles.get(alert.articleId) ?? []), alert]);
  }
  return [...byStory.values()].map((articles) => storyOf([...articles.values()], input)).sort((a, b) => a.earliest.localeCompare(b.earliest));
}

function topEntities(list: DigestStory[]): string[] {
  const tally = new Map<string, number>();
  for (const story of list) for (const name of story.entities.slice(0, 2)) tally.set(name, (tally.get(name) ?? 0) + 1);
  return [...tally.entries()].sort((a, b) => b[1] - a[1]).slice(0, SUBJECT_ENTITIES).map(([name]) => name);
}

/** Build the digest of a set of alerts. */
export function buildDigest(input: DigestInput): Digest {
  const sorted = [...input.alerts].sort((a, b) => a.id - b.id);
  const list = stories(sorted.filter((a) => !a.rising), input);
  const rising = sorted.filter((a) => a.rising).map((a) => risingOf(a, input)).sort((a, b) => a.time.localeCompare(b.time) || a.alertId - b.alertId);
  const tz = input.subscription.timezone;
  const earliest = input.alerts.map((a) => a.created).sort()[0] ?? input.now.toISOString();
  const window = input.period ?? { from: earliest, to: input.now.toISOString() };
  const period = periodLabel(window.from, window.to, tz);
  const n = input.alerts.length;
  const entities = topEntities(list);
  const rose = [...new Set(rising.map((r) => r.what))];
  const risingPart = rose.length ? `${entities.length ? '; ' : ' — '}rising: ${rose.slice(0, SUBJECT_ENTITIES).join(', ')}${rose.length > SUBJECT_ENTITIES ? ', …' : ''}` : '';
  const subject = `mediamon: ${n} alert${n === 1 ? '' : 's'}${entities.length ? ` — ${entities.join(', ')}` : ''}${risingPart} (${period})`;
  return {
    subscription: { id: input.subscription.id, name: input.subscription.name ?? input.subscription.id },
    timeZone: tz,
    generated: input.now.toISOString(),
    period,
    subject,
    rising,
    stories: list,
    counts: {
      alerts: n,
      articles: new Set(input.alerts.filter((a) => !a.rising).map((a) => a.articleId)).size,
      feeds: new Set(input.alerts.filter((a) => !a.rising).map((a) => a.feedId)).size,
      stories: list.length,
      leftOut: input.leftOut ?? {},
    },
    alertIds: input.alerts.map((a) => a.id).sort((a, b) => a - b),
  };
}

export { zoneLabel };
