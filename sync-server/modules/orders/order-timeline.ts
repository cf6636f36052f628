import type { OrderDoc, OrderStateDoc, TimelineEntry } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { orderPayments } from '../payments/payments-store';
import { ORDER_PLACED } from '../../infra/workflows/names';

/** Outbox events that are a step of the order's money or goods, named as the timeline names them. */
const EVENT_ENTRY: Readonly<Record<string, string>> = {
  'order.payment_captured': 'payment.captured',
  'order.refunded': 'payment.refunded',
  'order.fulfillment_created': 'fulfillment.created',
};

// Facts recorded in one transaction share a time; their causal order breaks the tie.
const RANK = [
  'order.placed',
  'payment.authorized',
  'payment.captured',
  'fulfillment.created',
  'payment.refunded',
  'exception.raised',
  'exception.resolved',
];
const rank = (type: string) => (RANK.includes(type) ? RANK.indexOf(type) : RANK.length);

const iso = (t: Date | string) => new Date(t).toISOString();

/** What the timeline needs of the order the register pushed. */
export type TimelineOrder = Pick<OrderDoc, 'id' | 'store_id' | 'placed_at' | 'currency' | 'totals'>;

/** The first entry of every order's timeline, which its state carries from acknowledgement on. */
export function placedEntry(order: TimelineOrder, ackId: number): TimelineEntry {
  return {
    at: iso(order.placed_at),
    type: 'order.placed',
    data: { ack_id: ackId, total: order.totals.total, currency: order.currency },
  };
}

/**
 * What happened to an order, oldest first: its placing, each card authorization, the domain
 * events recorded about it (captures, refunds, fulfillments, …), its fulfillments, the
 * exceptions filed about it and their resolution, and how its workflows ended.
 */
export async function orderTimeline(
  db: Queryable,
  order: TimelineOrder,
  state: Pick<OrderStateDoc, 'ack_id' | 'fulfillments'>,
): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [placedEntry(order, state.ack_id)];

  const [payments, counterAuths, authSteps, events, exceptions, runs] = await Promise.all([
    orderPayments(db, order.id),
    db.query<{ tender_id: string; created_at: Date }>(
      `select tender_id, created_at from card_authorizations
       where store_id = $1 and order_id = $2 and status = 'authorized'`,
      [order.store_id, order.id],
    ),
    db.query<{ completed_at: Date }>(
      `select st.completed_at from workflow_steps st join workflow_runs r on r.id = st.run_id
       where r.workflow = $1 and r.subject_id = $2 and st.step = 'record-authorizations'`,
      [ORDER_PLACED, order.id],
    ),
    db.query<{ id: string; type: string; data: Record<string, unknown>; created_at: Date }>(
      `select id::text as id, type, data, created_at from outbox_events
       where store_id = $1 and subject_id = $2 order by created_at, id`,
      [order.store_id, order.id],
    ),
    db.query<{
      id: string;
      kind: string;
      message: string;
      created_at: Date;
      resolved_at: Date | null;
      resolved_by: string | null;
      resolution_note: string | null;
    }>(
      `select id::text as id, kind, message, created_at, resolved_at, resolved_by, resolution_note
       from exceptions where store_id = $1 and subject_id = $2`,
      [order.store_id, order.id],
    ),
    db.query<{ workflow: string; status: string; error: string | null; updated_at: Date }>(
      `select workflow, status, error, updated_at from workflow_runs
       where store_id = $1 and subject_id = $2 and status in ('completed', 'failed')`,
      [order.store_id, order.id],
    ),
  ]);

  const counterAuthAt = new Map(counterAuths.rows.map((a) => [a.tender_id, iso(a.created_at)]));
  const workflowAuthAt = authSteps.rows[0] ? iso(authSteps.rows[0].completed_at) : null;
  for (const p of payments) {
    if (p.method !== 'card' || p.authorized_amount === 0) continue;
    entries.push({
      at: counterAuthAt.get(p.tender_id) ?? workflowAuthAt ?? iso(order.placed_at),
      type: 'payment.authorized',
      data: { payment_id: p.id, amount: p.authorized_amount, provider_id: p.provider_id },
    });
  }

  // A fulfillment reported by an event is shown once, as the event.
  const reported = new Set<unknown>();
  for (const e of events.rows) {
    if (e.type === 'order.placed') continue;
    if (e.type === 'order.fulfillment_created') reported.add(e.data.fulfillment_id);
    entries.push({
      at: iso(e.created_at),
      type: EVENT_ENTRY[e.type] ?? e.type,
      data: { event_id: e.id, event_type: e.type, ...e.data },
    });
  }
  for (const f of state.fulfillments) {
    if (reported.has(f.id)) continue;
    entries.push({
      at: iso(f.created_at),
      type: 'fulfillment.created',
      data: { fulfillment_id: f.id, location_id: f.location_id, provider_id: f.provider_id },
    });
  }

  for (const x of exceptions.rows) {
    entries.push({
      at: iso(x.created_at),
      type: 'exception.raised',
      data: { exception_id: x.id, kind: x.kind, message: x.message },
    });
    if (x.resolved_at !== null) {
      entries.push({
        at: iso(x.resolved_at),
        type: 'exception.resolved',
        data: { exception_id: x.id, resolved_by: x.resolved_by, note: x.resolution_note ?? '' },
      });
    }
  }
  for (const r of runs.rows) {
    entries.push({
      at: iso(r.updated_at),
      type: `workflow.${r.status}`,
      data: { workflow: r.workflow, ...(r.error === null ? {} : { error: r.error }) },
    });
  }

  return entries
    .map((entry, i) => ({ entry, i }))
    .sort(
      (a, b) =>
        (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : 0) ||
        rank(a.entry.type) - rank(b.entry.type) ||
        a.i - b.i,
    )
    .map(({ entry }) => entry);
}
