/**
 * Declarations of the operating and delivery commands, so src/cli/main.ts stays a short list: ops
 * (serve, queues, reanalyze) run from src/cli/commands/ops.ts, delivery (digest, deliveries) from
 * src/cli/commands/delivery.ts. Each module is loaded only when one of its commands runs (see lazy.ts);
 * neither imports this file.
 */
import type { Command } from 'commander';
import { lazy } from './lazy.js';

const DEFAULT_FAILED_LIMIT = 50;

const ops = () => import('./commands/ops.js');
const delivery = () => import('./commands/delivery.js');
const prune = () => import('./commands/prune.js');

export function registerOpsCommands(program: Command): void {
  program.command('serve').description('the HTTP server: health, metrics, queue dashboard, alerts page')
    .option('--host <host>', 'address to listen on (default settings server.host, 127.0.0.1)')
    .option('--port <n>', 'port (default settings server.port, 8080)').action(lazy(ops, (m) => m.serveCommand));
  const queues = program.command('queues').description('the job queues');
  queues.command('status').description('jobs per queue and state, and the oldest waiting job').option('--json', 'one JSON object a line')
    .action(lazy(ops, (m) => m.queuesStatusCommand));
  queues.command('failed').description('failed jobs and why').option('--queue <name>', 'poll, fetch, analyze or deliver')
    .option('--limit <n>', `jobs per queue (default ${DEFAULT_FAILED_LIMIT})`).option('--json', 'one JSON object a line')
    .action(lazy(ops, (m) => m.queuesFailedCommand));
  queues.command('retry-failed').description('move failed jobs back to waiting').option('--queue <name>', 'poll, fetch, analyze or deliver')
    .action(lazy(ops, (m) => m.queuesRetryCommand));
  program.command('reanalyze').description('re-tag stored articles after a watchlist or rules change (new alerts added once)')
    .requiredOption('--since <iso>', 'articles stored at or after this time')
    .option('--deliver', 'queue the new alerts for delivery (default: only store them)').action(lazy(ops, (m) => m.reanalyzeCommand));
  program.command('prune').description('delete what the retention settings no longer keep (also done daily by the workers)')
    .option('--dry-run', 'print what would be deleted, per table, and delete nothing').action(lazy(prune, (m) => m.pruneCommand));
}

export function registerDeliveryCommands(program: Command): void {
  const digest = program.command('digest').description('alert digests of a subscription');
  digest.command('preview <subscription>').description('print the digest that would be sent now (sends and records nothing)')
    .option('--format <format>', 'text, html or md', 'text').option('--channel <id>', 'as this channel would get it (default the first)')
    .action(lazy(delivery, (m) => m.digestPreviewCommand));
  digest.command('send <subscription>').description('send the digest now through every channel, and record it')
    .option('--now', 'send now').action(lazy(delivery, (m) => m.digestSendCommand));
  const deliveries = program.command('deliveries').description('the delivery ledger');
  deliveries.command('list').description('deliveries, newest first').option('--failed', 'only failed ones')
    .option('--subscription <id>').option('--json', 'one JSON object a line').action(lazy(delivery, (m) => m.deliveriesListCommand));
  deliveries.command('resend <id>').description('send a delivery again (same Message-ID / delivery id)')
    .action(lazy(delivery, (m) => m.deliveriesResendCommand));
}
