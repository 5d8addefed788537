/** `mediamon digest preview|send` and `deliveries list|resend`, run by src/cli/commands/delivery.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const load = () => import('../commands/delivery.js');

export function registerDigest(program: Command): void {
  const digest = program.command('digest').description('alert digests of a subscription');
  digest.command('preview <subscription>').description('print the digest that would be sent now (sends and records nothing)')
    .option('--format <format>', 'text, html or md', 'text').option('--channel <id>', 'as this channel would get it (default the first)')
    .action(lazy(load, (m) => m.digestPreviewCommand));
  digest.command('send <subscription>').description('send the digest now through every channel, and record it')
    .option('--now', 'send now').action(lazy(load, (m) => m.digestSendCommand));
}

export function registerDeliveries(program: Command): void {
  const deliveries = program.command('deliveries').description('the delivery ledger');
  deliveries.command('list').description('deliveries, newest first').option('--failed', 'only failed ones')
    .option('--subscription <id>').option('--json', 'one JSON object a line').action(lazy(load, (m) => m.deliveriesListCommand));
  deliveries.command('resend <id>').description('send a delivery again (same Message-ID / delivery id)')
    .action(lazy(load, (m) => m.deliveriesResendCommand));
}
