/** `mediamon trends`: article counts per hour or day and their spikes, as JSON lines. */
import { openStore } from '../../store/index.js';
import { trendsReport } from '../../trends/index.js';
import { spikeShort } from '../../trends/words.js';
import { AFFILIATIONS } from '../../settings/source-fields.js';
import { CliError, environment, EXIT_USAGE, printJson } from '../context.js';

export interface TrendsOptions {
  entity?: string;
  rule?: string;
  narrative?: string;
  feed?: string;
  affiliation?: string;
  since?: string;
  bucket?: string;
  json?: boolean;
}

/** Default window when --since is not given. */
const DEFAULT_DAYS = 7;

export async function trendsCommand(options: TrendsOptions): Promise<void> {
  if (options.since && Number.isNaN(Date.parse(options.since))) {
    throw new CliError(`trends: --since must be an ISO 8601 date or time (got '${options.since}')`, EXIT_USAGE);
  }
  if (options.affiliation && !(AFFILIATIONS as readonly string[]).includes(options.affiliation)) {
    throw new CliError(`trends: --affiliation must be one of ${AFFILIATIONS.join(', ')} (got '${options.affiliation}')`, EXIT_USAGE);
  }
  const bucket = options.bucket ?? 'hour';
  if (bucket !== 'hour' && bucket !== 'day') throw new CliError(`trends: --bucket must be hour or day (got '${bucket}')`, EXIT_USAGE);
  const since = options.since ? new Date(options.since).toISOString() : new Date(Date.now() - DEFAULT_DAYS * 86_400_000).toISOString();
  const store = await openStore(environment().databaseUrl);
  try {
    const report = await trendsReport(store, { bucket, since, entity: options.entity, rule: options.rule, narrative: options.narrative, feed: options.feed, affiliation: options.affiliation });
    if (options.json) {
      for (const b of report.buckets) printJson({ type: 'bucket', ...b });
      for (const s of report.spikes) printJson({ type: 'spike', ...s });
      return;
    }
    const total = report.buckets.reduce((a, b) => a + b.count, 0);
    const what = options.entity ? `mentioning ${options.entity}` : options.rule ? `raising ${options.rule}` : options.narrative ? `carrying ${options.narrative}`
      : options.feed ? `from feed ${options.feed}` : options.affiliation ? `from ${options.affiliation} sources` : 'all articles';
    process.stdout.write(`${what}, since ${since}: ${total} article(s) in ${report.buckets.length} ${bucket} bucket(s) with any; ${report.spikes.length} spike(s)\n`);
    for (const s of report.spikes) process.stdout.write(`  spike ${s.time}: ${spikeShort(s, `${s.score} sd above`)}\n`);
  } finally {
    await store.close();
  }
}
