/**
 * `mediamon alerts list`: what was found, newest published first (or newest stored, `--sort created`).
 * People get one entry per article with its rules together, times in a named zone (`--tz`, default the
 * local one); `--json` gives one object per alert, the stable contract, in the same order.
 */
import { AFFILIATIONS } from '../../settings/source-fields.js';
import { openStore, type AlertRecord, type AlertQuery } from '../../store/index.js';
import { environment } from '../../settings/env.js';
import { CliError, EXIT_USAGE, printJson } from '../basics.js';

const SORTS = ['published', 'created'] as const;
const DEFAULT_LIMIT = 1000;

export interface AlertsListOptions {
  since?: string;
  rule?: string;
  entity?: string;
  affiliation?: string;
  limit?: string;
  json?: boolean;
  sort?: string;
  tz?: string;
}

/** The JSON-lines shape of an alert (the CLI contract: id, rule, url, title, lang, published, entities, created). */
export function alertJson(alert: AlertRecord): Record<string, unknown> {
  return {
    id: alert.id,
    rule: alert.rule,
    url: alert.url,
    title: alert.title,
    lang: alert.lang,
    published: alert.published,
    entities: alert.entities,
    created: alert.created,
    // Beyond the contract's fields (kept first, in the contract's order):
    published_precision: alert.publishedPrecision ?? null,
    narratives: alert.narratives ?? [],
    score: alert.score,
    priority: alert.priority,
    feed: alert.feedId,
    affiliation: alert.affiliation ?? null,
    method: alert.method,
    fetch_error: alert.fetchError,
    evidence: alert.evidence,
    article: alert.articleId,
    // A rising rule's alert: the spike it stands for (its article is the first of the spiking bucket).
    ...(alert.rising ? { rising: { series: alert.rising.watch, bucket: alert.rising.bucket, time: alert.rising.time, count: alert.rising.count, expected: alert.rising.expected, sources: alert.rising.sources, articles: alert.rising.articleIds } } : {}),
  };
}

/** Formats ISO times as `2026-11-30 22:44 +02:00` in one IANA zone. */
export function timeFormatter(timeZone: string): (iso: string) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
    });
  } catch {
    throw new CliError(`alerts list: --tz must be an IANA time zone such as Europe/Kyiv or UTC (got '${timeZone}')`, EXIT_USAGE);
  }
  return (iso) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    const offset = parts.timeZoneName === 'GMT' ? '+00:00' : (parts.timeZoneName ?? '').replace(/^GMT/, '');
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${offset}`;
  };
}

/** Alerts grouped by article, in first-seen order (the list is sorted, so an article's alerts are together). */
function byArticle(alerts: AlertRecord[]): AlertRecord[][] {
  const groups = new Map<number, AlertRecord[]>();
  for (const alert of alerts) groups.set(alert.articleId, [...(groups.get(alert.articleId) ?? []), alert]);
  return [...groups.values()];
}

function articleEntry(group: AlertRecord[], time: (iso: string) => string): string {
  const a = group[0]!;
  // A source that gave a date without a time shows the date alone (no made-up 00:00).
  const when = a.published
    ? (a.publishedPrecision === 'day' ? a.published.slice(0, 10) : time(a.published))
    : `${time(a.created)} (stored; no publication time)`;
  const fallback = a.method === 'feed-fallback' ? ' [feed text only]' : '';
  const rules = group.map((r) => `${r.rule}${r.priority === 'immediate' ? ' (immediate)' : ''} #${r.id}`).join(', ');
  const source = a.affiliation ? `  (${a.affiliation})` : '';
  return `${when}  [${a.lang}]  ${a.title ?? '(no title)'}${fallback}${source}\n    rules: ${rules}\n    ${a.url ?? ''}\n    entities: ${a.entities.join(', ') || '-'}`;
}

function queryOf(options: AlertsListOptions): AlertQuery {
  if (options.since && Number.isNaN(Date.parse(options.since))) {
    throw new CliError(`alerts list: --since must be an ISO 8601 date or time (got '${options.since}')`, EXIT_USAGE);
  }
  if (options.affiliation && !(AFFILIATIONS as readonly string[]).includes(options.affiliation)) {
    throw new CliError(`alerts list: --affiliation must be one of ${AFFILIATIONS.join(', ')} (got '${options.affiliation}')`, EXIT_USAGE);
  }
  const limit = options.limit ? Number(options.limit) : DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new CliError(`alerts list: --limit must be a positive whole number`, EXIT_USAGE);
  const sort = options.sort ?? 'published';
  if (!(SORTS as readonly string[]).includes(sort)) throw new CliError(`alerts list: --sort must be ${SORTS.join(' or ')} (got '${sort}')`, EXIT_USAGE);
  return { since: options.since, rule: options.rule, entity: options.entity, affiliation: options.affiliation, limit, sort: sort as AlertQuery['sort'] };
}

export async function alertsListCommand(options: AlertsListOptions): Promise<void> {
  const query = queryOf(options);
  const timeZone = options.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const time = timeFormatter(timeZone);
  const store = await openStore(environment().databaseUrl);
  try {
    const alerts = await store.listAlerts(query);
    if (options.json) return alerts.forEach((a) => printJson(alertJson(a)));
    if (alerts.length === 0) return void process.stdout.write('no alerts\n');
    const groups = byArticle(alerts);
    const order = query.sort === 'created' ? 'newest stored first' : 'newest published first';
    process.stdout.write(`${alerts.length} alert(s) on ${groups.length} article(s), ${order}; times in ${timeZone}\n\n`);
    process.stdout.write(`${groups.map((g) => articleEntry(g, time)).join('\n\n')}\n`);
  } finally {
    await store.close();
  }
}
