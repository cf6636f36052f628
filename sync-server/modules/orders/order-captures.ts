import type { CaptureRecord } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';

/*
 * A payment is captured once (workflows/order-capture/capture-payments.ts captures only what
 * nothing was captured from), and every capture, at the counter, by a workflow or reported by a
 * provider's webhook, records its order.payment_captured event in the same transaction. The
 * outbox keeps its events, so those events are the capture ledger: no second record to keep in
 * step with them.
 */

interface CapturedRow {
  id: string;
  order_id: string;
  data: { payment_id?: unknown; provider_id?: unknown; amount?: unknown };
  created_at: Date | string;
}

/** The captures of these orders, oldest first, each with its order's id. */
export async function capturesOfOrders(
  q: Queryable,
  storeId: string,
  orderIds: readonly string[],
): Promise<{ order_id: string; record: CaptureRecord }[]> {
  const { rows } = await q.query<CapturedRow>(
    `select id::text as id, subject_id as order_id, data, created_at from outbox_events
     where store_id = $1 and subject_id = any($2::text[]) and type = 'order.payment_captured'
     order by created_at, id`,
    [storeId, orderIds],
  );
  return rows.map((r) => ({
    order_id: r.order_id,
    record: {
      id: r.id,
      payment_id: String(r.data.payment_id),
      provider_id: String(r.data.provider_id),
      amount: Number(r.data.amount),
      captured_at: new Date(r.created_at).toISOString(),
    },
  }));
}
