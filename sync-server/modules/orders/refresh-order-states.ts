import { OrderStateDoc, REFUND_SHARES_MAX, TIMELINE_MAX } from '../../../domain/schemas';
import type { OrderDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { capturesOfOrders } from './order-captures';
import { fulfillmentRecord, fulfillmentsOfOrders } from '../fulfillment/fulfillments-store';
import { paymentRecord, paymentsOfOrders } from '../payments/payments-store';
import { refundsOfOrders } from '../refunds/refund-records';
import { withFulfillments, withPayments } from './order-state';
import { writeOrderStates } from './order-states-store';
import { orderTimeline } from './order-timeline';
import { acceptedReturnLines, returnsOfOrders } from '../returns/returns-store';

interface ExceptionRow {
  id: string;
  subject_id: string;
  kind: string;
  message: string;
  created_at: Date | string;
  resolved_at: Date | string | null;
}

const iso = (t: Date | string) => new Date(t).toISOString();

/**
 * Rebuilds the replicated state of placed orders from the server's payment, capture, refund and
 * fulfillment records, the exceptions filed about them and their timeline, in the caller's
 * transaction, so a register pulling the state sees each payment and shipment move as soon as
 * it is recorded.
 */
export async function refreshOrderStates(
  tx: Queryable,
  storeId: string,
  orderIds: readonly string[],
  now: string,
  /** A new status for these orders (a cancel); otherwise each keeps its own. */
  status?: OrderStateDoc['status'],
): Promise<void> {
  if (orderIds.length === 0) return;
  const states = await tx.query<{ doc: unknown }>(
    `select doc from order_states
     where store_id = $1 and order_id = any($2::uuid[]) and status <> 'rejected'
     for update`,
    [storeId, orderIds],
  );
  const payments = await paymentsOfOrders(tx, orderIds);
  const fulfillments = await fulfillmentsOfOrders(tx, orderIds);
  const orders = await tx.query<{ doc: OrderDoc }>(
    `select doc from orders where id = any($1::uuid[])`,
    [orderIds],
  );
  const orderOf = new Map(orders.rows.map((r) => [r.doc.id, r.doc]));
  const captures = await capturesOfOrders(tx, storeId, orderIds);
  const refunds = await refundsOfOrders(tx, storeId, orderIds);
  const returns = await acceptedReturnLines(tx, orderIds);
  const decided = await returnsOfOrders(tx, orderIds);
  const exceptions = await tx.query<ExceptionRow>(
    `select id::text as id, subject_id, kind, message, created_at, resolved_at from exceptions
     where store_id = $1 and subject_id = any($2::text[]) order by created_at, id`,
    [storeId, orderIds],
  );
  const next: OrderStateDoc[] = [];
  for (const { doc } of states.rows) {
    const state = OrderStateDoc.parse(doc);
    const order = orderOf.get(state.id);
    const own = withFulfillments(
      withPayments(state, payments.filter((p) => p.order_id === state.id).map(paymentRecord), now),
      order?.lines ?? [],
      fulfillments.flatMap((f) => {
        const record = f.order_id === state.id ? fulfillmentRecord(f) : null;
        return record ? [record] : [];
      }),
      [...(returns.get(state.id) ?? new Map<string, number>())].map(([line_id, quantity]) => ({
        line_id,
        quantity,
      })),
    );
    const returnIds = decided.filter((r) => r.order_id === state.id).map((r) => r.id);
    // The timeline reads the exceptions, events and workflow ends this transaction can see.
    const timeline = order ? await orderTimeline(tx, order, own) : state.timeline;
    next.push({
      ...own,
      captures: captures.filter((c) => c.order_id === state.id).map((c) => c.record),
      // An order with more history than a register keeps shows its newest; the admin API has all.
      refunds: refunds
        .filter((r) => r.order_id === state.id)
        .map((r) => r.record)
        .slice(-REFUND_SHARES_MAX),
      timeline: timeline.slice(-TIMELINE_MAX),
      ...(returnIds.length > 0 ? { return_ids: returnIds } : {}),
      status: status ?? own.status,
      exceptions: exceptions.rows
        .filter((e) => e.subject_id === state.id)
        .map((e) => ({
          id: e.id,
          code: e.kind,
          message: e.message,
          created_at: iso(e.created_at),
          resolved_at: e.resolved_at === null ? null : iso(e.resolved_at),
        })),
    });
  }
  await writeOrderStates(tx, storeId, next);
}
