/**
 * Delivery commands: `digest preview <subscription>` (what would be sent now: nothing sent, nothing
 * recorded), `digest send <subscription> --now` (claim, send and record, every channel),
 * `deliveries list [--failed] [--json]` and `deliveries resend <id>` (same idempotency key as before).
 */
import { channelsOf, claimDigest, composeDigest, DeliveryError, planDigest, renderHtml, renderMarkdown, renderText, resendDelivery, sendDelivery, type DeliveryDeps } from '../../delivery/index.js';
import type { ChannelSender } from '../../delivery/channels/types.js';
import { findSubscription } from '../../delivery/service.js';
import { openStore, type DeliveryRecord } from '../../store/index.js';
import { CliError, commandLogger, environment, EXIT_USAGE, loadConfigOrFail, printJson, type GlobalOptions } from '../context.js';

const FORMATS = ['text', 'html', 'md'] as const;
const LIST_LIMIT = 200;

const alertsWord = (n: number) => `${n} alert${n === 1 ? '' : 's'}`;

async function withDeps<T>(options: GlobalOptions, fn: (deps: DeliveryDeps) => Promise<T>): Promise<T> {
  const config = loadConfigOrFail(options);
  const store = await openStore(environment().databaseUrl);
  try {
    return await fn({ store, config, logger: commandLogger(options) });
  } finally {
    await store.close();
  }
}

function subscriptionOrFail(deps: DeliveryDeps, id: string) {
  try {
    return findSubscription(deps.config, id);
  } catch (error) {
    throw new CliError((error as Error).message, EXIT_USAGE);
  }
}

export async function digestPreviewCommand(subscription: string, options: GlobalOptions & { format?: string; channel?: string }): Promise<void> {
  const format = options.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new CliError(`digest preview: --format must be one of ${FORMATS.join(', ')} (got '${format}')`, EXIT_USAGE);
  await withDeps(options, async (deps) => {
    const sub = subscriptionOrFail(deps, subscription);
    const channels = channelsOf(sub);
    const channel = options.channel ? channels.find((c) => c.id === options.channel) : channels[0];
    if (!channel) throw new CliError(`digest preview: subscription '${sub.id}' has no channel '${options.channel}' (has: ${channels.map((c) => c.id).join(', ')})`, EXIT_USAGE);
    const now = new Date();
    const plan = await planDigest(deps, sub, channel.id, now);
    const digest = await composeDigest(deps, sub, plan.alertIds, plan.meta, now);
    process.stdout.write(format === 'html' ? renderHtml(digest) : format === 'md' ? renderMarkdown(digest) : renderText(digest));
  });
}

export async function digestSendCommand(subscription: string, options: GlobalOptions & { now?: boolean }): Promise<void> {
  if (!options.now) throw new CliError('digest send: add --now to send the digest now (scheduled digests are sent by the deliver worker)', EXIT_USAGE);
  await withDeps(options, async (deps) => {
    const sub = subscriptionOrFail(deps, subscription);
    const senders = new Map<string, ChannelSender>();
    let failed = 0;
    try {
      for (const channel of channelsOf(sub)) {
        await claimDigest(deps, sub, channel);
        // Every unsent delivery of the channel: the one just claimed, and any a crash interrupted.
        const open = await deps.store.listDeliveries({ subscription: sub.id, channel: channel.id, status: ['pending', 'sending'] });
        if (open.length === 0) process.stdout.write(`${sub.id}/${channel.id}: nothing new to send\n`);
        for (const delivery of open.reverse()) {
          try {
            await sendDelivery(deps, delivery.id, { lastAttempt: true, senders });
            process.stdout.write(`${sub.id}/${channel.id}: sent delivery #${delivery.id} (${alertsWord(delivery.alertIds.length)})\n`);
          } catch (error) {
            failed++;
            process.stderr.write(`${sub.id}/${channel.id}: delivery #${delivery.id} failed: ${(error as Error).message}\n`);
          }
        }
      }
    } finally {
      await Promise.allSettled([...senders.values()].map((s) => s.close?.()));
    }
    if (failed) throw new CliError(`digest send: ${failed} deliver${failed === 1 ? 'y' : 'ies'} failed (see mediamon deliveries list --failed)`);
  });
}

function deliveryJson(d: DeliveryRecord): Record<string, unknown> {
  return {
    id: d.id, subscription: d.subscription, channel: d.channel, kind: d.kind, status: d.status, key: d.key, attempts: d.attempts,
    alerts: d.alertIds, error: d.error, created: d.created, updated: d.updated, sent: d.sentAt,
  };
}

function deliveryLine(d: DeliveryRecord): string {
  const when = (d.sentAt ?? d.updated).slice(0, 16).replace('T', ' ');
  return `#${d.id}  ${when}  ${d.status.padEnd(7)}  ${d.subscription}/${d.channel}  ${d.kind}  ${alertsWord(d.alertIds.length)}  attempts ${d.attempts}${d.error ? `\n    ${d.error}` : ''}`;
}

export async function deliveriesListCommand(options: GlobalOptions & { failed?: boolean; json?: boolean; subscription?: string }): Promise<void> {
  await withDeps(options, async (deps) => {
    const list = await deps.store.listDeliveries({ status: options.failed ? 'failed' : undefined, subscription: options.subscription, limit: LIST_LIMIT });
    if (options.json) list.forEach((d) => printJson(deliveryJson(d)));
    else if (list.length === 0) process.stdout.write(options.failed ? 'no failed deliveries\n' : 'no deliveries\n');
    else process.stdout.write(`${list.map(deliveryLine).join('\n')}\n`);
  });
}

export async function deliveriesResendCommand(id: string, options: GlobalOptions): Promise<void> {
  const deliveryId = Number(id);
  if (!Number.isInteger(deliveryId) || deliveryId < 1) throw new CliError(`deliveries resend: ID must be a delivery number (got '${id}')`, EXIT_USAGE);
  await withDeps(options, async (deps) => {
    try {
      const result = await resendDelivery(deps, deliveryId, { lastAttempt: true });
      process.stdout.write(result === 'already-sent' ? `delivery #${deliveryId} was sent already; nothing to do\n` : `delivery #${deliveryId} sent\n`);
    } catch (error) {
      if (error instanceof DeliveryError && /no delivery #/.test(error.message)) throw new CliError(error.message, EXIT_USAGE);
      throw error;
    }
  });
}
