/**
 * config/subscriptions.yaml: who gets which alerts, when, and through which channels.
 */
import { z } from 'zod';
import { duration, type FeedConfig, type Settings } from '../settings/schema.js';
import { isCronOr, SOURCE_ID_RE } from '../settings/fields.js';
import { AffiliationSchema } from '../settings/source-fields.js';
import type { RulesConfig, WatchlistConfig } from '../tagging/schema.js';

const ID = SOURCE_ID_RE;

const FileChannel = z
  .object({
    type: z.literal('file'),
    /** Stable name of the channel in the delivery ledger; default its type (type-2, type-3... for more of one type). */
    id: z.string().regex(ID).optional(),
    /** Folder the digests are written to (one file per digest and format, written atomically). */
    dir: z.string().default('./data/digests'),
    /** Formats written: md, html. */
    formats: z.array(z.enum(['md', 'html'])).default(['md', 'html']),
  })
  .strict();

const EmailChannel = z
  .object({
    type: z.literal('email'),
    id: z.string().regex(ID).optional(),
    to: z.array(z.string().email()).min(1),
    from: z.string().default('mediamon <mediamon@localhost>'),
    /** SMTP URL; default from SMTP_URL (e.g. smtp://user:pass@mail.example.org:587). Credentials belong in the environment. */
    smtpUrl: z.string().optional(),
    /** URL put in the List-Unsubscribe header (mailto: or https:). */
    unsubscribe: z.string().optional(),
  })
  .strict();

const WebhookChannel = z
  .object({
    type: z.literal('webhook'),
    id: z.string().regex(ID).optional(),
    url: z.string().url(),
    /** generic: versioned, HMAC-signed JSON; slack: Slack/Mattermost incoming-webhook text. */
    format: z.enum(['generic', 'slack']).default('generic'),
    /** Name of the environment variable holding the HMAC secret (never the secret itself). */
    secretEnv: z.string().optional(),
    timeout: z.number().int().positive().default(10_000),
  })
  .strict();

export const ChannelSchema = z.discriminatedUnion('type', [FileChannel, EmailChannel, WebhookChannel]);
type ChannelInput = z.infer<typeof ChannelSchema>;
/** A channel with its ledger id filled in. */
export type ChannelConfig = ChannelInput & { id: string };

/** Give each channel a stable id: its own, else its type (type-2, type-3... for repeats). */
function withChannelIds(channels: ChannelInput[]): ChannelConfig[] {
  const seen = new Map<string, number>();
  return channels.map((channel) => {
    const n = (seen.get(channel.type) ?? 0) + 1;
    seen.set(channel.type, n);
    return { ...channel, id: channel.id ?? (n === 1 ? channel.type : `${channel.type}-${n}`) };
  });
}

const cronExpression = z.string().refine(isCronOr('immediate'), 'must be "immediate" or a cron expression such as "0 7 * * *"');

const timeZone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Kyiv');

export const SubscriptionSchema = z
  .object({
    id: z.string().regex(ID, 'use lower-case letters, digits, ".", "_" or "-"'),
    name: z.string().optional(),
    /** "immediate", or a cron expression evaluated in `timezone`. */
    schedule: cronExpression.default('0 7 * * *'),
    timezone: timeZone.default('UTC'),
    /** What the subscription wants; an empty list means "any". */
    filter: z
      .object({
        rules: z.array(z.string()).default([]),
        entities: z.array(z.string()).default([]),
        languages: z.array(z.string()).default([]),
        feeds: z.array(z.string()).default([]),
        /** Source affiliations (feeds.yaml `affiliation`), e.g. [separatist-authority, ru-state]. */
        affiliations: z.array(AffiliationSchema).default([]),
        minScore: z.number().default(0),
      })
      .strict()
      .prefault({}),
    /** A digest covers alerts raised within this window that were not delivered yet (default 7 days). */
    maxAge: duration.prefault('7d'),
    /** Most alerts in one digest; the rest wait for the next one (default 500). */
    maxAlerts: z.number().int().positive().default(500),
    /** Also email the digest when SMTP_URL and MEDIAMON_DIGEST_TO (comma-separated) are set (default false). */
    emailFromEnv: z.boolean().default(false),
    channels: z.array(ChannelSchema).min(1),
  })
  .strict()
  .transform((sub) => ({ ...sub, channels: withChannelIds(sub.channels) }));
export type SubscriptionConfig = z.infer<typeof SubscriptionSchema>;

export const SubscriptionsSchema = z
  .object({ subscriptions: z.array(SubscriptionSchema).default([]) })
  .strict()
  .transform((file) => file.subscriptions);
export type SubscriptionsConfig = z.infer<typeof SubscriptionsSchema>;

/**
 * The part of the loaded config delivery reads: the subscriptions, the names a digest shows, the
 * server's base URL for links. The loader's Config (src/config/load.ts) is one; delivery names its
 * slice rather than importing the loader, which imports this schema.
 */
export interface DeliveryConfig {
  subscriptions: SubscriptionsConfig;
  watchlist: WatchlistConfig;
  rules: RulesConfig;
  feeds: FeedConfig[];
  settings: Pick<Settings, 'server'>;
}

/** Cross-file checks: a subscription naming a rule, entity or feed that does not exist. */
export function validateSubscriptionRefs(
  subscriptions: SubscriptionsConfig,
  known: { rules: RulesConfig; watchlist: WatchlistConfig; feeds: FeedConfig[] },
): string[] {
  const problems: string[] = [];
  const ruleIds = new Set(ruleIdsOf(known.rules));
  const entityIds = new Set(entityIdsOf(known.watchlist));
  const feedIds = new Set(known.feeds.map((f) => f.id));
  const seen = new Set<string>();
  subscriptions.forEach((sub, i) => {
    if (seen.has(sub.id)) problems.push(`subscriptions.yaml: subscriptions[${i}].id: duplicate subscription id '${sub.id}'`);
    seen.add(sub.id);
    const check = (list: string[], ids: Set<string>, key: string, what: string) =>
      list.forEach((id, j) => {
        if (!ids.has(id)) problems.push(`subscriptions.yaml: subscriptions[${i}].filter.${key}[${j}]: unknown ${what} '${id}'`);
      });
    check(sub.filter.rules, ruleIds, 'rules', 'rule');
    check(sub.filter.entities, entityIds, 'entities', 'watchlist entry');
    check(sub.filter.feeds, feedIds, 'feeds', 'feed');
    const channelIds = new Set<string>();
    sub.channels.forEach((channel, j) => {
      if (channelIds.has(channel.id)) problems.push(`subscriptions.yaml: subscriptions[${i}].channels[${j}].id: duplicate channel id '${channel.id}'`);
      channelIds.add(channel.id);
    });
  });
  return problems;
}

function ruleIdsOf(rules: RulesConfig): string[] {
  return rules.rules.map((r) => r.id);
}

function entityIdsOf(watchlist: WatchlistConfig): string[] {
  return watchlist.entries.map((e) => e.id);
}
