/** `mediamon serve`, `queues status|failed|retry-failed` and `reanalyze`, run by src/cli/commands/ops.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';
import type { QueuesFailedOptions } from '../commands/ops.js';

const load = () => import('../commands/ops.js');

/** Failed jobs shown per queue unless --limit: named in the help, handed to the command. */
const DEFAULT_FAILED_LIMIT = 50;

export function registerServe(program: Command): void {
  program.command('serve').description('the HTTP server: health, metrics, queue dashboard, alerts page')
    .option('--host <host>', 'address to listen on (default settings server.host, 127.0.0.1)')
    .option('--port <n>', 'port (default settings server.port, 8080)').action(lazy(load, (m) => m.serveCommand));
}

export function registerQueues(program: Command): void {
  const queues = program.command('queues').description('the job queues');
  queues.command('status').description('jobs per queue and state, and the oldest waiting job').option('--json', 'one JSON object a line')
    .action(lazy(load, (m) => m.queuesStatusCommand));
  queues.command('failed').description('failed jobs and why').option('--queue <name>', 'poll, fetch, analyze or deliver')
    .option('--limit <n>', `jobs per queue (default ${DEFAULT_FAILED_LIMIT})`).option('--json', 'one JSON object a line')
    .action(lazy(load, (m) => (options: QueuesFailedOptions) => m.queuesFailedCommand(options, DEFAULT_FAILED_LIMIT)));
  queues.command('retry-failed').description('move failed jobs back to waiting').option('--queue <name>', 'poll, fetch, analyze or deliver')
    .action(lazy(load, (m) => m.queuesRetryCommand));
}

export function registerReanalyze(program: Command): void {
  program.command('reanalyze').description('re-tag stored articles after a watchlist or rules change (new alerts added once)')
    .requiredOption('--since <iso>', 'articles stored at or after this time')
    .option('--deliver', 'queue the new alerts for delivery (default: only store them)').action(lazy(load, (m) => m.reanalyzeCommand));
}
