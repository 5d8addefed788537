/**
 * The webhook channel. `generic`: a versioned JSON payload, signed: X-Mediamon-Signature is
 * "sha256=" + HMAC-SHA256(secret, `${timestamp}.${body}`) in hex, X-Mediamon-Timestamp the Unix time in
 * seconds (receivers should refuse old ones), X-Mediamon-Delivery the idempotency key (the same on every
 * re-send: dedupe on it). `slack`: Slack/Mattermost incoming-webhook JSON ({text}), with the same headers.
 */
import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '../schema.js';
import { processEnv } from '../../settings/env.js';
import type { Digest } from '../digest.js';
import { renderSlack } from '../render-slack.js';
import { DeliveryError, type ChannelSender, type Outgoing } from './types.js';

type WebhookChannelConfig = Extract<ChannelConfig, { type: 'webhook' }>;

export const PAYLOAD_VERSION = 2;
export const SIGNATURE_HEADER = 'x-mediamon-signature';
export const TIMESTAMP_HEADER = 'x-mediamon-timestamp';
export const DELIVERY_HEADER = 'x-mediamon-delivery';

/** The signature a receiver recomputes: "sha256=" + hex HMAC of `${timestamp}.${body}`. */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The generic payload (version 1): the digest model, plus who and which delivery. */
export function genericPayload(outgoing: Outgoing): Record<string, unknown> {
  const { delivery, digest } = outgoing;
  return {
    version: PAYLOAD_VERSION,
    type: delivery.kind === 'alerts' ? 'mediamon.alerts' : 'mediamon.digest',
    delivery_id: delivery.key,
    subscription: delivery.subscription,
    channel: delivery.channel,
    generated: digest.generated,
    period: digest.period,
    subject: digest.subject,
    counts: digest.counts,
    alert_ids: digest.alertIds,
    rising: digest.rising.map((r) => ({
      alert_id: r.alertId, rule: r.rule, what: r.what, watch: r.watch, bucket: r.bucket, time: r.time, count: r.count, expected: r.expected, sources: r.sources, articles: r.articles, link: r.link,
    })),
    stories: digest.stories.map((s) => ({
      story_id: s.storyId, title: s.title, lang: s.lang, earliest: s.earliest, entities: s.entities, snippets: s.snippets, alert_count: s.alertCount,
      rules: s.rules.map((r) => ({ rule: r.rule, description: r.description, alert_count: r.alerts })),
      articles: s.articles.map((a) => ({ title: a.title, url: a.url, outlet: a.outlet, affiliation: a.affiliation, lang: a.lang, time: a.time, rules: a.rules, alert_ids: a.alertIds })),
    })),
  };
}

function bodyFor(format: WebhookChannelConfig['format'], outgoing: Outgoing): string {
  return JSON.stringify(format === 'slack' ? { text: renderSlack(outgoing.digest as Digest) } : genericPayload(outgoing));
}

/** 408, 429 and 5xx are worth a retry; any other 4xx will fail the same way again. */
function statusError(status: number, url: string): DeliveryError {
  const transient = status === 408 || status === 429 || status >= 500;
  return new DeliveryError(`delivery: webhook ${new URL(url).host}: HTTP ${status}`, !transient);
}

export function webhookChannel(channel: WebhookChannelConfig, env: NodeJS.ProcessEnv = processEnv()): ChannelSender {
  return {
    async send(outgoing) {
      const secret = channel.secretEnv ? env[channel.secretEnv] : undefined;
      if (channel.secretEnv && !secret) throw new DeliveryError(`delivery: webhook secret: environment variable ${channel.secretEnv} is not set`, true);
      const body = bodyFor(channel.format, outgoing);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'mediamon-webhook/1',
        [DELIVERY_HEADER]: outgoing.delivery.key,
        [TIMESTAMP_HEADER]: timestamp,
      };
      if (secret) headers[SIGNATURE_HEADER] = signPayload(secret, timestamp, body);
      let response: Response;
      try {
        response = await fetch(channel.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(channel.timeout), redirect: 'manual' });
      } catch (error) {
        const err = error as Error;
        const what = err.name === 'TimeoutError' ? `timed out after ${channel.timeout} ms` : (err.cause as Error | undefined)?.message ?? err.message;
        throw new DeliveryError(`delivery: webhook ${new URL(channel.url).host}: ${what}`, false);
      }
      await response.body?.cancel();
      if (!response.ok) throw statusError(response.status, channel.url);
      return `HTTP ${response.status}`;
    },
  };
}
