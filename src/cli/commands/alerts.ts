/** `mediamon alerts list`: what was found, newest first; `--json` gives one object a line (stable contract). */
import { AFFILIATIONS } from '../../config/source-fields.js';
import { openStore, type AlertRecord } from '../../store/index.js';
import { CliError, environment, EXIT_USAGE, printJson } from '../basics.js';

export interface AlertsListOptions {
  since?: string;
  rule?: string;
  entity?: string;
  affiliation?: string;
  limit?: string;
  json?: boolean;
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
    published_precision: alert.publishedPrecision ?? null,
    entities: alert.entities,
    narratives: alert.narratives ?? [],
    created: alert.created,
    score: alert.score,
    priority: alert.priority,
    feed: alert.feedId,
    affiliation: alert.affiliation ?? null,
    method: alert.method,
    fetch_error: alert.fetchError,
    evidence: alert.evidence,
  };
}

function humanLine(alert: AlertRecord): string {
  const when = alert.published && alert.publishedPrecision === 'day' ? alert.published.slice(0, 10).padEnd(16) : (alert.published ?? alert.created).slice(0, 16).replace('T', ' ');
  const fallback = alert.method === 'feed-fallback' ? ' [feed text only]' : '';
  const source = alert.affiliation ? `  (${alert.affiliation})` : '';
  return `#${alert.id}  ${when}  ${alert.rule}  [${alert.lang}]  ${alert.title ?? '(no title)'}${fallback}${source}\n    ${alert.url ?? ''}\n    ${alert.entities.join(', ')}`;
}

export async function alertsListCommand(options: AlertsListOptions): Promise<void> {
  if (options.since && Number.isNaN(Date.parse(options.since))) {
    throw new CliError(`alerts list: --since must be an ISO 8601 date or time (got '${options.since}')`, EXIT_USAGE);
  }
  if (options.affiliation && !(AFFILIATIONS as readonly string[]).includes(options.affiliation)) {
    throw new CliError(`alerts list: --affiliation must be one of ${AFFILIATIONS.join(', ')} (got '${options.affiliation}')`, EXIT_USAGE);
  }
  const limit = options.limit ? Number(options.limit) : 1000;
  if (!Number.isInteger(limit) || limit < 1) throw new CliError(`alerts list: --limit must be a positive whole number`, EXIT_USAGE);
  const store = await openStore(environment().databaseUrl);
  try {
    const alerts = await store.listAlerts({ since: options.since, rule: options.rule, entity: options.entity, affiliation: options.affiliation, limit });
    if (options.json) alerts.forEach((a) => printJson(alertJson(a)));
    else if (alerts.length === 0) process.stdout.write('no alerts\n');
    else process.stdout.write(`${alerts.map(humanLine).join('\n')}\n`);
  } finally {
    await store.close();
  }
}
