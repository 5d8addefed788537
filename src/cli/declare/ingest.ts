/** `mediamon ingest`, run by src/cli/commands/ingest.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const load = () => import('../commands/ingest.js');

export function registerIngest(program: Command): void {
  program.command('ingest <input>').description('one feed or article (URL or file) through every stage, no queues')
    .option('--json', 'one JSON object per article').option('--store', 'store the articles and alerts')
    .option('--max-items <n>', 'items of a feed to ingest (default 20)').action(lazy(load, (m) => m.ingestCommand));
}
