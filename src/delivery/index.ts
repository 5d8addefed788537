/**
 * Delivery: digests and immediate alerts to email, webhooks and files, exactly once through the ledger
 * (see service.ts for the guarantee), and each subscription as an Atom feed.
 *
 * The deliver queue carries four kinds of job:
 * - `digest` (a subscription's schedule fired): claim each channel's new alerts, enqueue one `send` job
 *   per claimed delivery;
 * - `alerts` (the analyze stage raised alerts): route them to the immediate subscriptions whose filter
 *   matches, claim per channel, enqueue `send` jobs;
 * - `send` (job id `send-<delivery id>`, so claiming twice never enqueues twice): one channel, retried
 *   with the queue's backoff without holding up the other channels; 'failed' after the last attempt;
 * - `resend`: send a failed delivery again, with the same idempotency key;
 * - `rising`: the spike check of the rising rules (src/trends/alerts.ts); each new spike's alert is routed
 *   to the immediate subscriptions like the analyze stage's, and waits in the store for the digests;
 * - `prune`: the daily retention run (src/store/retention.ts), here because this queue already carries
 *   the scheduled jobs; it deletes in small transactions with pauses, so sends are not held up.
 */
import { UnrecoverableError } from 'bullmq';
import type { Logger } from '../log.js';
import { pruneWithSettings } from '../store/retention.js';
import { raiseRisingAlerts } from '../trends/alerts.js';
import type { DeliverPayload, QueueSet } from '../queues/index.js';
import { enqueue as enqueueJob } from '../queues/enqueue.js';
import { sendJobId } from '../queues/ids.js';
import type { Settings } from '../settings/schema.js';
import type { DeliveryRecord, Store } from '../store/types.js';
import { DeliveryError, type ChannelSender } from './channels/types.js';
import type { DeliveryConfig } from './schema.js';
import { applyFilter } from './filter.js';
import { channelsOf, claimDigest, findSubscription, openDeliveries, sendDelivery, type DeliveryDeps } from './service.js';

export { atomFeedForSubscription, renderAtomFeed, type AtomEntry, type AtomFeedInput, type AtomFeedOptions } from './atom.js';
export { buildDigest, type Digest, type DigestInput } from './digest.js';
export { renderHtml } from './render-html.js';
export { renderMarkdown, renderText } from './render-text.js';
export { channelsOf, claimDigest, composeDigest, planDigest, sendDelivery, type DeliveryDeps } from './service.js';
export { DeliveryError } from './channels/types.js';
export { findSubscription } from './service.js';

export interface DeliveryContext {
  lastAttempt: boolean;
}

/**
 * What a deliver job uses: the config in force (subscriptions and channels, rules, and all the settings:
 * the prune job reads the retention ones), the store, the deliver queue, the job's log.
 */
export interface DeliverDeps {
  config: DeliveryConfig & { settings: Settings };
  store: Store;
  queues: QueueSet;
  log: Logger;
}

/** Handles deliver jobs; keeps the channel senders (SMTP connections, ...) from one job to the next. */
export interface DeliveryService {
  handle(deps: DeliverDeps, payload: DeliverPayload, context: DeliveryContext): Promise<void>;
  close(): Promise<void>;
}

/** Send a failed (or interrupted) delivery again, under the same idempotency key. */
export async function resendDelivery(deps: DeliveryDeps, id: number, options: { lastAttempt: boolean; senders?: Map<string, ChannelSender> }): Promise<'sent' | 'already-sent'> {
  const delivery = await deps.store.getDelivery(id);
  if (!delivery) throw new DeliveryError(`delivery: no delivery #${id} in the ledger`, true);
  if (delivery.status === 'failed') await deps.store.updateDelivery(id, 'pending', delivery.error);
  return sendDelivery(deps, id, options);
}

export function createDelivery(): DeliveryService {
  const senders = new Map<string, ChannelSender>();
  const serviceDeps = (deps: DeliverDeps): DeliveryDeps => ({ store: deps.store, config: deps.config, logger: deps.log });
  const enqueue = async (deps: DeliverDeps, deliveries: DeliveryRecord[]) => {
    for (const d of deliveries) {
      await enqueueJob(deps.queues, 'deliver', { kind: 'send', deliveryId: d.id }, { jobId: sendJobId(d.id) });
    }
  };

  async function digest(deps: DeliverDeps, subscriptionId: string): Promise<void> {
    const sub = findSubscription(deps.config, subscriptionId);
    for (const channel of channelsOf(sub)) {
      const claimed = await claimDigest(serviceDeps(deps), sub, channel);
      if (claimed) deps.log.info({ subscription: sub.id, channel: channel.id, delivery_id: claimed.id, alerts: claimed.alertIds.length }, 'delivery: digest claimed');
      // Also re-enqueue deliveries an earlier crash left unsent (same job id: never twice in the queue).
      await enqueue(deps, await openDeliveries(serviceDeps(deps), sub.id, channel.id));
    }
  }

  async function alerts(deps: DeliverDeps, alertIds: number[]): Promise<void> {
    const immediate = deps.config.subscriptions.filter((s) => s.schedule === 'immediate');
    if (immediate.length === 0 || alertIds.length === 0) return;
    const records = await deps.store.getAlerts(alertIds);
    for (const sub of immediate) {
      const wanted = applyFilter(records, sub).wanted.map((a) => a.id);
      if (wanted.length === 0) continue;
      for (const channel of channelsOf(sub)) {
        await deps.store.claimDelivery({ subscription: sub.id, channel: channel.id, kind: 'alerts', alertIds: wanted, meta: { period: null, leftOut: {} } });
        await enqueue(deps, await openDeliveries(serviceDeps(deps), sub.id, channel.id));
      }
    }
  }

  return {
    async handle(deps, payload, context) {
      try {
        switch (payload.kind) {
          case 'digest':
            return await digest(deps, payload.subscription);
          case 'alerts':
            return await alerts(deps, payload.alertIds);
          case 'send':
            await sendDelivery(serviceDeps(deps), payload.deliveryId, { lastAttempt: context.lastAttempt, senders });
            return;
          case 'resend':
            await resendDelivery(serviceDeps(deps), payload.deliveryId, { lastAttempt: context.lastAttempt, senders });
            return;
          case 'rising': {
            const raised = await raiseRisingAlerts({ store: deps.store, config: deps.config });
            for (const s of raised) deps.log.info({ rule: s.rule, series: `${s.watch.kind}:${s.watch.id}`, bucket_time: s.time, count: s.count, expected: s.expected, alert_id: s.alertId }, 'trends: spike raised');
            return await alerts(deps, raised.flatMap((s) => (s.alertId === null ? [] : [s.alertId])));
          }
          case 'prune': {
            const counts = await pruneWithSettings(deps.store, deps.config.settings);
            deps.log.info({ ...counts }, 'retention: pruned');
            return;
          }
        }
      } catch (error) {
        if (error instanceof DeliveryError && error.permanent) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    async close() {
      await Promise.allSettled([...senders.values()].map((s) => s.close?.()));
    },
  };
}
