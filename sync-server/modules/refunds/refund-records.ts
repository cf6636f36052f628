import type { RefundRecord } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';

interface ShareRow {
  id: string;
  request_id: string;
  order_id: string;
  payment_id: string;
  amount: string | number;
  status: RefundRecord['status'];
  settled_with: RefundRecord['settled_with'];
  reason: string;
  source: string;
  created_at: Date | string;
  completed_at: Date | string | null;
  error: string | null;
}

const iso = (t: Date | string) => new Date(t).toISOString();

/** Every refund share of these orders, as requested and allocated, each with its order's id. */
export async function refundsOfOrders(
  q: Queryable,
  storeId: string,
  orderIds: readonly string[],
): Promise<{ order_id: string; record: RefundRecord }[]> {
  const { rows } = await q.query<ShareRow>(
    `select f.id, f.request_id, f.order_id::text as order_id, f.payment_id, f.amount, f.status,
            f.settled_with, r.reason, r.source, f.created_at, f.completed_at, f.error
     from refunds f join refund_requests r on r.store_id = f.store_id and r.id = f.request_id
     where f.store_id = $1 and f.order_id = any($2::uuid[])
     order by r.created_at, r.id, f.position`,
    [storeId, orderIds],
  );
  return rows.map((r) => ({
    order_id: r.order_id,
    record: {
      id: r.id,
      request_id: r.request_id,
      payment_id: r.payment_id,
      amount: Number(r.amount),
      status: r.status,
      settled_with: r.settled_with,
      reason: r.reason.slice(0, 200),
      source: r.source,
      created_at: iso(r.created_at),
      completed_at: r.completed_at === null ? null : iso(r.completed_at),
      // A failed share says why; the column is null otherwise, and so is the field.
      failure: r.status === 'failed' ? (r.error ?? 'refused by the provider').slice(0, 2000) : null,
    },
  }));
}
