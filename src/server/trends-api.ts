/** /api/trends?entity=|rule=|narrative=|feed=|affiliation=&since=ISO&bucket=hour|day: buckets and spikes as JSON. */
import type { Store } from '../store/index.js';
import { AFFILIATIONS } from '../settings/source-fields.js';
import { trendsReport } from '../trends/index.js';

const DEFAULT_DAYS = 7;

export async function trendsJson(store: Store, query: Record<string, string>): Promise<{ status: 200 | 400; body: unknown }> {
  const bucket = query.bucket ?? 'hour';
  if (bucket !== 'hour' && bucket !== 'day') return { status: 400, body: { error: 'server: bucket must be hour or day' } };
  if (query.since && Number.isNaN(Date.parse(query.since))) return { status: 400, body: { error: 'server: since must be an ISO 8601 time' } };
  if (query.affiliation && !(AFFILIATIONS as readonly string[]).includes(query.affiliation)) {
    return { status: 400, body: { error: `server: affiliation must be one of ${AFFILIATIONS.join(', ')}` } };
  }
  const since = query.since ? new Date(query.since).toISOString() : new Date(Date.now() - DEFAULT_DAYS * 86_400_000).toISOString();
  const pick = (key: string) => (query[key] ? query[key]!.slice(0, 200) : undefined);
  const report = await trendsReport(store, { bucket, since, entity: pick('entity'), rule: pick('rule'), narrative: pick('narrative'), feed: pick('feed'), affiliation: pick('affiliation') });
  return { status: 200, body: report };
}
