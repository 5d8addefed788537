/** `mediamon alerts list`, run by src/cli/commands/alerts.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const load = () => import('../commands/alerts.js');

export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('stored alerts');
  alerts.command('list').description('alerts, newest published first: one entry per article with its rules')
    .option('--since <iso>', 'alerts stored at or after this time').option('--rule <id>').option('--entity <id>')
    .option('--affiliation <a>', 'only alerts from sources of this affiliation (e.g. separatist-authority)')
    .option('--sort <by>', 'published (the article\'s time, else when stored) or created (when the alert was stored)', 'published')
    .option('--tz <zone>', 'IANA time zone of the times shown, e.g. Europe/Kyiv or UTC (default: the local zone)')
    .option('--limit <n>', 'at most this many alerts (default 1000)').option('--json', 'one JSON object per alert a line (times in UTC ISO 8601)').action(lazy(load, (m) => m.alertsListCommand));
}
