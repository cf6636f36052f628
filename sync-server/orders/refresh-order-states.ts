import { OrderStateDoc } from '../../domain/schemas';
import type { OrderLine } from '../../domain/schemas';
import type { Queryable } from '../db/db';
import { fulfillmentRecord, fulfillmentsOfOrders } from '../fulfillment/fulfillments-store';
import { paymentRecord, paymentsOfOrders } from '../payments/payments-store';
import { withFulfillments, withPayments } from './order-state';
import { writeOrderStates } from './order-states-store';
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
 * Rebuilds the replicated state of placed orders from the server's payment and fulfillment rows
 * and the exceptions filed about them, in the caller's transaction, so a register pulling the
 * state sees each payment and shipment move as soon as it is recorded.
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
  const lines = await tx.query<{ id: string; lines: OrderLine[] }>(
    `select id::text as id, doc -> 'lines' as lines from orders where id = any($1::uuid[])`,
    [orderIds],
  );
  const linesOf = new Map(lines.rows.map((r) => [r.id, r.lines]));
  const returns = await acceptedReturnLines(tx, orderIds);
  const decided = await returnsOfOrders(tx, orderIds);
  const exceptions = await tx.query<ExceptionRow>(
    `select id::text as id, subject_id, kind, message, created_at, resolved_at from exceptions
     where store_id = $1 and subject_id = any($2::text[]) order by created_at, id`,
    [storeId, orderIds],
  );
  const next = states.rows.map(({ doc }) => {
    const state = OrderStateDoc.parse(doc);
    const own = withFulfillments(
      withPayments(state, payments.filter((p) => p.order_id === state.id).map(paymentRecord), now),
      linesOf.get(state.id) ?? [],
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
    return {
      ...own,
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
    };
  });
  await writeOrderStates(tx, storeId, next);
}
