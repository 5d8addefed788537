/** `mediamon prune`, run by src/cli/commands/prune.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const load = () => import('../commands/prune.js');

export function registerPrune(program: Command): void {
  program.command('prune').description('delete what the retention settings no longer keep (also done daily by the workers)')
    .option('--dry-run', 'print what would be deleted, per table, and delete nothing').action(lazy(load, (m) => m.pruneCommand));
}
