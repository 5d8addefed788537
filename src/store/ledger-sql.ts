/**
 * The delivery ledger (migration 2): which alerts went, or are going, to which (subscription, channel).
 * A delivery claims its alerts in one transaction: `delivery_alerts` has one row per (subscription,
 * channel, alert), so an alert belongs to at most one delivery per channel however many workers claim
 * at once. A delivery is 'pending' when claimed, 'sending' while a channel is being talked to, 'sent'
 * once the channel accepted it, 'failed' after the last attempt. Its `key` (a hash of subscription,
 * channel and alert set) is the idempotency key every re-send carries (Message-ID, delivery id header).
 */
import { createHash } from 'node:crypto';
import type { Executor, Row } from './db.js';
import type { ClaimInput, DeliveryQuery, DeliveryRecord, DeliveryStatus } from './types.js';

const DEFAULT_LIST_LIMIT = 100;

/** The WHERE clause (over `alerts al`) keeping alerts not yet claimed by a (subscription, channel). */
export const NOT_CLAIMED = `NOT EXISTS (SELECT 1 FROM delivery_alerts da
  WHERE da.subscription = ? AND da.channel = ? AND da.alert_id = al.id)`;

/** The idempotency key of a delivery: stable for one subscription, channel and alert set. */
export function deliveryKey(subscription: string, channel: string, alertIds: number[]): string {
  const ids = [...alertIds].sort((a, b) => a - b).join(',');
  return createHash('sha256').update(`${subscription}\u0000${channel}\u0000${ids}`).digest('hex').slice(0, 32);
}

function fromRow(row: Row, alertIds: number[]): DeliveryRecord {
  return {
    id: Number(row.id),
    subscription: row.subscription as string,
    channel: row.channel as string,
    kind: row.kind as string,
    key: row.key as string,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    alertIds,
    meta: JSON.parse((row.meta as string) || '{}') as Record<string, unknown>,
    error: (row.error as string) ?? null,
    created: row.created as string,
    updated: row.updated as string,
    sentAt: (row.sent_at as string) ?? null,
  };
}

async function alertIdsOf(ex: Executor, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await ex.all<{ delivery_id: number; alert_id: number }>(
    `SELECT delivery_id, alert_id FROM delivery_alerts WHERE delivery_id IN (${ids.map(() => '?').join(', ')}) ORDER BY alert_id`,
    ids,
  );
  for (const row of rows) out.get(Number(row.delivery_id))?.push(Number(row.alert_id));
  return out;
}

/**
 * Claim the alerts of `input.alertIds` that this (subscription, channel) has not claimed yet into a new
 * 'pending' delivery. Null when every alert was already claimed (nothing to send). Run in a transaction.
 */
export async function claimDelivery(tx: Executor, input: ClaimInput): Promise<DeliveryRecord | null> {
  const now = new Date().toISOString();
  const placeholderKey = `claim-${now}-${Math.random().toString(36).slice(2)}`;
  const created = await tx.get<{ id: number }>(
    `INSERT INTO deliveries (subscription, channel, kind, key, status, attempts, meta, created, updated)
     VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) RETURNING id`,
    [input.subscription, input.channel, input.kind, placeholderKey, JSON.stringify(input.meta ?? {}), now, now],
  );
  const id = Number(created!.id);
  const claimed: number[] = [];
  for (const alertId of [...new Set(input.alertIds)].sort((a, b) => a - b)) {
    const row = await tx.get(
      `INSERT INTO delivery_alerts (subscription, channel, alert_id, delivery_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (subscription, channel, alert_id) DO NOTHING RETURNING alert_id`,
      [input.subscription, input.channel, alertId, id],
    );
    if (row) claimed.push(alertId);
  }
  if (claimed.length === 0) {
    await tx.run('DELETE FROM deliveries WHERE id = ?', [id]);
    return null;
  }
  await tx.run('UPDATE deliveries SET key = ? WHERE id = ?', [deliveryKey(input.subscription, input.channel, claimed), id]);
  return getDelivery(tx, id) as Promise<DeliveryRecord>;
}

export async function getDelivery(ex: Executor, id: number): Promise<DeliveryRecord | undefined> {
  const row = await ex.get('SELECT * FROM deliveries WHERE id = ?', [id]);
  if (!row) return undefined;
  return fromRow(row, (await alertIdsOf(ex, [id])).get(id) ?? []);
}

/** Deliveries, newest first, filtered by status(es), subscription and channel. */
export async function listDeliveries(ex: Executor, query: DeliveryQuery = {}): Promise<DeliveryRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const statuses = query.status === undefined ? [] : Array.isArray(query.status) ? query.status : [query.status];
  if (statuses.length) {
    where.push(`status IN (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  }
  if (query.subscription) (where.push('subscription = ?'), params.push(query.subscription));
  if (query.channel) (where.push('channel = ?'), params.push(query.channel));
  const rows = await ex.all(
    `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    [...params, query.limit ?? DEFAULT_LIST_LIMIT],
  );
  const ids = await alertIdsOf(ex, rows.map((r) => Number(r.id)));
  return rows.map((row) => fromRow(row, ids.get(Number(row.id)) ?? []));
}

/** Move a delivery to `status`; 'sending' counts an attempt, 'sent' stamps sent_at and clears the error. */
export async function updateDelivery(ex: Executor, id: number, status: DeliveryStatus, error: string | null = null): Promise<void> {
  const now = new Date().toISOString();
  await ex.run(
    `UPDATE deliveries SET status = ?, error = ?, updated = ?,
       attempts = attempts + ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END
     WHERE id = ?`,
    [status, status === 'sent' ? null : error, now, status === 'sending' ? 1 : 0, status, now, id],
  );
}
