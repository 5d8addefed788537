/**
 * The email channel (nodemailer): multipart text + HTML, a subject that says what is inside, a
 * List-Unsubscribe header, and a Message-ID derived from the delivery's idempotency key (subscription,
 * channel, alert set), so a re-send after a crash carries the same Message-ID and the receiving side
 * can drop the copy. The SMTP URL (with credentials) comes from the environment: SMTP_URL.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelConfig } from '../schema.js';
import { processEnv } from '../../settings/env.js';
import { renderHtml } from '../render-html.js';
import { renderText } from '../render-text.js';
import { DeliveryError, type ChannelSender } from './types.js';

type EmailChannelConfig = Extract<ChannelConfig, { type: 'email' }>;

/** Connection and greeting timeouts; the whole send is bounded by the deliver job's lock. */
const SMTP_TIMEOUT_MS = 30_000;
export const MESSAGE_ID_DOMAIN = 'mediamon';

/** The Message-ID of a delivery: the same on every re-send. */
export function messageIdFor(deliveryKey: string): string {
  return `<${deliveryKey}@${MESSAGE_ID_DOMAIN}>`;
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

/** SMTP replies 5xx and address errors are permanent; connection trouble and 4xx are worth a retry. */
function classify(error: unknown): DeliveryError {
  const err = error as { responseCode?: number; code?: string; message?: string };
  const permanent = (err.responseCode !== undefined && err.responseCode >= 500) || err.code === 'EENVELOPE' || err.code === 'EAUTH';
  return new DeliveryError(`delivery: email: ${err.message ?? String(error)}`, permanent);
}

export function emailChannel(channel: EmailChannelConfig, env: NodeJS.ProcessEnv = processEnv()): ChannelSender {
  const url = channel.smtpUrl ?? env.SMTP_URL;
  let transport: Transporter | null = null;
  return {
    async send({ delivery, digest }) {
      if (!url) throw new DeliveryError('delivery: email channel needs an SMTP server: set SMTP_URL (e.g. smtp://user:pass@mail.example.org:587)', true);
      transport ??= nodemailer.createTransport({ url, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS * 2 });
      const unsubscribe = channel.unsubscribe ?? `mailto:${addressOf(channel.from)}?subject=${encodeURIComponent(`unsubscribe ${delivery.subscription}`)}`;
      try {
        const info = await transport.sendMail({
          from: channel.from,
          to: channel.to,
          subject: digest.subject,
          text: renderText(digest),
          html: renderHtml(digest),
          messageId: messageIdFor(delivery.key),
          date: new Date(delivery.created),
          headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'X-Mediamon-Delivery': delivery.key, 'X-Mediamon-Subscription': delivery.subscription },
        });
        return `${info.messageId} ${info.response}`;
      } catch (error) {
        throw classify(error);
      }
    },
    async close() {
      transport?.close();
    },
  };
}
