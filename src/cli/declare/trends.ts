/** `mediamon trends`, run by src/cli/commands/trends.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const load = () => import('../commands/trends.js');

export function registerTrends(program: Command): void {
  program.command('trends').description('article counts per hour or day (all, or for an entity or keyword group, rule, narrative, feed or source affiliation) and their spikes')
    .option('--entity <id>', 'a watchlist entry (a keyword group is an entry of kind keyword)').option('--rule <id>').option('--narrative <id>').option('--feed <id>')
    .option('--affiliation <a>', 'sources of this affiliation (feeds.yaml), e.g. ru-state').option('--since <iso>', 'default: 7 days ago')
    .option('--bucket <hour|day>', 'default: hour').option('--json', 'JSON lines: {"type":"bucket",time,count,sources} then {"type":"spike",...}')
    .action(lazy(load, (m) => m.trendsCommand));
}
