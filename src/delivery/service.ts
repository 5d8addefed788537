/**
 * Delivery through the ledger, exactly once per (subscription, channel, alert):
 *
 * 1. claim: the alerts a channel has not had yet are claimed into a 'pending' delivery in one
 *    transaction (an alert can be claimed by one delivery per channel, whatever runs concurrently);
 * 2. send: the delivery is marked 'sending' (an attempt is counted), the channel is called with the
 *    delivery's idempotency key (Message-ID, X-Mediamon-Delivery, file name), then marked 'sent';
 * 3. a crash between the send and 'sent' leaves the delivery 'sending': the retried job (or the next
 *    digest / `digest send --now`) sends the same delivery again with the same key and the same content.
 *
 * Guarantee: no alert is lost (it is claimed before any send and stays claimed until sent or failed),
 * and a recipient never gets an alert under two different keys. A crash after the recipient accepted a
 * message but before it was recorded re-sends it under the same key: the recipient sees a copy it can
 * drop by Message-ID / delivery id (the file channel replaces the same file). Failures after the last
 * attempt are 'failed' and stay so until `mediamon deliveries resend ID`.
 */
import { processEnv } from '../settings/env.js';
import type { Logger } from '../log.js';
import type { DeliveryRecord, Store, StoredArticle } from '../store/types.js';
import { emailChannel } from './channels/email.js';
import { fileChannel } from './channels/file.js';
import { DeliveryError, type ChannelSender } from './channels/types.js';
import { webhookChannel } from './channels/webhook.js';
import { buildDigest, type Digest } from './digest.js';
import { applyFilter } from './filter.js';
import { displayNames } from './names.js';
import type { ChannelConfig, DeliveryConfig, SubscriptionConfig } from './schema.js';
import { digestPeriod } from './time.js';

/** Undelivered alerts read per digest (wanted or not) before the filter and maxAlerts apply. */
const UNDELIVERED_SCAN = 20_000;
/** The channel added to a subscription with emailFromEnv when SMTP_URL and MEDIAMON_DIGEST_TO are set. */
export const ENV_EMAIL_CHANNEL = 'email-env';
const DEFAULT_FROM = 'mediamon <mediamon@localhost>';

export interface DeliveryDeps {
  store: Store;
  config: DeliveryConfig;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Folder relative file-channel dirs resolve against (default the working directory). */
  baseDir?: string;
}

/** A subscription's channels, plus the email channel the environment adds (emailFromEnv). */
export function channelsOf(sub: SubscriptionConfig, env: NodeJS.ProcessEnv = processEnv()): ChannelConfig[] {
  const to = (env.MEDIAMON_DIGEST_TO ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  if (!sub.emailFromEnv || !env.SMTP_URL || to.length === 0) return sub.channels;
  return [...sub.channels, { type: 'email', id: ENV_EMAIL_CHANNEL, to, from: env.MEDIAMON_DIGEST_FROM || DEFAULT_FROM }];
}

export function findSubscription(config: Pick<DeliveryConfig, 'subscriptions'>, id: string): SubscriptionConfig {
  const sub = config.subscriptions.find((s) => s.id === id);
  if (!sub) throw new DeliveryError(`delivery: unknown subscription '${id}' (subscriptions.yaml has: ${config.subscriptions.map((s) => s.id).join(', ') || 'none'})`, true);
  return sub;
}

export interface DigestPlan {
  alertIds: number[];
  meta: { period: { from: string; to: string } | null; leftOut: Record<string, number> };
}

/** What a digest for (subscription, channel) would hold now: the wanted, not yet claimed alerts. */
export async function planDigest(deps: DeliveryDeps, sub: SubscriptionConfig, channelId: string, now = new Date()): Promise<DigestPlan> {
  const since = new Date(now.getTime() - sub.maxAge).toISOString();
  const open = await deps.store.undeliveredAlerts(sub.id, channelId, since, UNDELIVERED_SCAN);
  const period = digestPeriod(sub.schedule, sub.timezone, now);
  const { wanted } = applyFilter(open, sub);
  // Left-out alerts stay unclaimed; count only the ones of this period so a digest does not repeat them.
  const { leftOut } = applyFilter(open.filter((a) => !period || a.created >= period.from), sub);
  return { alertIds: wanted.slice(0, sub.maxAlerts).map((a) => a.id), meta: { period, leftOut } };
}

/** Claim a digest's alerts for one channel (null when there is nothing new). */
export async function claimDigest(deps: DeliveryDeps, sub: SubscriptionConfig, channel: ChannelConfig, now = new Date()): Promise<DeliveryRecord | null> {
  const plan = await planDigest(deps, sub, channel.id, now);
  if (plan.alertIds.length === 0) return null;
  return deps.store.claimDelivery({ subscription: sub.id, channel: channel.id, kind: 'digest', alertIds: plan.alertIds, meta: plan.meta });
}

/** Build the digest of a set of alerts (the same alerts and meta give the same digest). */
export async function composeDigest(deps: DeliveryDeps, sub: SubscriptionConfig, alertIds: number[], meta: Record<string, unknown>, now: Date): Promise<Digest> {
  const alerts = await deps.store.getAlerts(alertIds);
  const articles = new Map<number, StoredArticle>();
  for (const id of new Set(alerts.map((a) => a.articleId))) {
    const article = await deps.store.getArticle(id);
    if (article) articles.set(id, article);
  }
  return buildDigest({
    subscription: sub,
    alerts,
    articles,
    names: displayNames(deps.config),
    period: (meta.period as { from: string; to: string } | null | undefined) ?? null,
    leftOut: (meta.leftOut as Record<string, number> | undefined) ?? {},
    now,
    baseUrl: deps.config.settings.server.baseUrl ?? null,
  });
}

export function createSender(channel: ChannelConfig, deps: DeliveryDeps): ChannelSender {
  switch (channel.type) {
    case 'file':
      return fileChannel(channel, deps.baseDir);
    case 'email':
      return emailChannel(channel, deps.env);
    case 'webhook':
      return webhookChannel(channel, deps.env);
  }
}

export interface SendOptions {
  /** A failure now is final: record the delivery as 'failed'. */
  lastAttempt: boolean;
  /** Channel senders to reuse (SMTP connections); keyed by subscription/channel. */
  senders?: Map<string, ChannelSender>;
}

/** Send one claimed delivery (no-op when it was sent already). Throws DeliveryError on failure. */
export async function sendDelivery(deps: DeliveryDeps, id: number, options: SendOptions): Promise<'sent' | 'already-sent'> {
  const delivery = await deps.store.getDelivery(id);
  if (!delivery) throw new DeliveryError(`delivery: no delivery #${id} in the ledger`, true);
  if (delivery.status === 'sent') return 'already-sent';
  const log = deps.logger.child({ subscription: delivery.subscription, channel: delivery.channel, delivery_id: delivery.id });
  try {
    const sub = findSubscription(deps.config, delivery.subscription);
    const channel = channelsOf(sub, deps.env).find((c) => c.id === delivery.channel);
    if (!channel) throw new DeliveryError(`delivery: subscription '${sub.id}' has no channel '${delivery.channel}' any more`, true);
    const digest = await composeDigest(deps, sub, delivery.alertIds, delivery.meta, new Date(delivery.created));
    const key = `${sub.id}/${channel.id}`;
    const sender = options.senders?.get(key) ?? createSender(channel, deps);
    options.senders?.set(key, sender);
    await deps.store.updateDelivery(id, 'sending');
    const receipt = await sender.send({ delivery, digest });
    await deps.store.updateDelivery(id, 'sent');
    if (!options.senders) await sender.close?.();
    log.info({ alerts: delivery.alertIds.length, key: delivery.key, receipt }, 'delivery: sent');
    return 'sent';
  } catch (error) {
    const err = error instanceof DeliveryError ? error : new DeliveryError(`delivery: ${(error as Error).message}`, false);
    const final = err.permanent || options.lastAttempt;
    await deps.store.updateDelivery(id, final ? 'failed' : 'sending', err.message);
    log[final ? 'error' : 'warn']({ err: err.message, final }, final ? 'delivery: failed' : 'delivery: failed, will retry');
    throw err;
  }
}

/** Deliveries of (subscription, channel) claimed but not sent yet (including ones a crash interrupted). */
export function openDeliveries(deps: DeliveryDeps, subscription: string, channel: string): Promise<DeliveryRecord[]> {
  return deps.store.listDeliveries({ subscription, channel, status: ['pending', 'sending'] });
}
