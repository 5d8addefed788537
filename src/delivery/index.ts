/**
 * Delivery: routing new alerts to immediate subscriptions and sending scheduled digests.
 * (The channels and the ledger are built in the delivery issue; this is the entry the deliver worker calls.)
 */
import type { DeliverPayload } from '../queues/index.js';
import type { Runtime } from '../pipeline/runtime.js';

export interface DeliveryContext {
  lastAttempt: boolean;
}

export interface DeliveryService {
  handle(payload: DeliverPayload, context: DeliveryContext): Promise<void>;
  close(): Promise<void>;
}

export function createDelivery(rt: Runtime): DeliveryService {
  return {
    async handle(payload) {
      rt.logger.debug({ kind: payload.kind }, 'deliver: no channels configured for this payload yet');
    },
    async close() {},
  };
}
