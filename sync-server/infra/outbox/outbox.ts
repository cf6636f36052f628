import { uuidv7 } from '../../../domain/ids';
import type { Queryable } from '../db/db';
import { enqueueJobs } from '../jobs/queue';

/** The domain events the server publishes to back-office systems. */
export const EVENT_TYPES = [
  'order.placed',
  'order.payment_captured',
  'order.fulfillment_created',
  'order.shipment_created',
  'order.fulfillment_canceled',
  'order.return_requested',
  'order.return_received',
  'order.refunded',
  'order.canceled',
  'stock.oversold',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The job that hands a store's undispatched events to their subscribers (webhooks/dispatch.ts). */
export const DISPATCH_JOB = 'outbox.dispatch';

export interface NewEvent {
  readonly storeId: string;
  readonly type: EventType;
  /** What the event is about: an order id, or a location:product for stock. */
  readonly subjectId: string;
  /**
   * Names the fact the event reports (e.g. `order.placed:<order id>`), so recording it again
   * from a replayed step or command adds nothing.
   */
  readonly dedupeKey: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Writes events in the caller's transaction (the transactional outbox): an event exists exactly
 * when the fact it reports was committed, and is delivered from the outbox afterwards. A dispatch
 * job is enqueued with the new events, so none waits for the periodic sweep. Returns how many
 * were new.
 */
export async function emitEvents(tx: Queryable, events: readonly NewEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const { rows } = await tx.query<{ id: string; store_id: string }>(
    `insert into outbox_events (id, store_id, type, subject_id, dedupe_key, data)
     select u.id, u.store_id, u.type, u.subject_id, u.dedupe_key, u.data::jsonb
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       as u(id, store_id, type, subject_id, dedupe_key, data)
     on conflict (dedupe_key) do nothing
     returning id, store_id`,
    [
      events.map(() => uuidv7()),
      events.map((e) => e.storeId),
      events.map((e) => e.type),
      events.map((e) => e.subjectId),
      events.map((e) => e.dedupeKey),
      events.map((e) => JSON.stringify(e.data)),
    ],
  );
  const firstByStore = new Map<string, string>();
  for (const row of rows)
    if (!firstByStore.has(row.store_id)) firstByStore.set(row.store_id, row.id);
  // A store with no endpoint to send to needs no dispatch job per event (a job per sale would
  // cost more than the sale): the periodic sweep marks its events dispatched, and an endpoint
  // made meanwhile still gets them from that sweep.
  const { rows: listening } = await tx.query<{ store_id: string }>(
    `select distinct store_id from webhook_endpoints
     where enabled and store_id = any($1::text[])`,
    [[...firstByStore.keys()]],
  );
  const withEndpoints = new Set(listening.map((r) => r.store_id));
  for (const storeId of [...firstByStore.keys()]) {
    if (!withEndpoints.has(storeId)) firstByStore.delete(storeId);
  }
  await enqueueJobs(
    tx,
    [...firstByStore].map(([storeId, eventId]) => ({
      storeId,
      kind: DISPATCH_JOB,
      dedupeKey: eventId,
      payload: {},
    })),
  );
  return rows.length;
}
