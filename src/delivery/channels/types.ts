/**
 * What a channel is given and how it fails. A channel sends one delivery; it never touches the ledger
 * (the service records "sending" before and "sent" after). A re-send of the same delivery carries the
 * same idempotency key (`delivery.key`), so a receiver can drop the copy.
 */
import type { DeliveryRecord } from '../../store/types.js';
import type { Digest } from '../digest.js';

export interface Outgoing {
  delivery: DeliveryRecord;
  digest: Digest;
}

/** A channel's failure: `permanent` ones (bad address, HTTP 4xx, no SMTP settings) are not retried. */
export class DeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface ChannelSender {
  /** Send; resolves with a short receipt for the logs (file path, SMTP response, HTTP status). */
  send(outgoing: Outgoing): Promise<string>;
  close?(): Promise<void>;
}
