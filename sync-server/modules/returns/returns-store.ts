import { returnedByLine } from '../../../domain/returns';
import type { ReturnRequestDoc } from '../../../domain/schemas';
import { recordStockMovements } from '../catalog/stock-levels';
import type { Queryable } from '../../infra/db/db';

export interface StoredReturnLine {
  readonly line_id: string;
  readonly quantity: number;
  readonly amount: number;
  readonly restock: boolean;
  readonly reason: string;
}

export interface StoredReturn {
  readonly id: string;
  readonly order_id: string;
  readonly cashier_id: string;
  readonly approver_id: string | null;
  readonly status: 'accepted' | 'partially_accepted' | 'refused';
  readonly lines: readonly StoredReturnLine[];
}

/** The accepted returns of some orders, oldest first. */
export async function returnsOfOrders(
  q: Queryable,
  orderIds: readonly string[],
): Promise<StoredReturn[]> {
  if (orderIds.length === 0) return [];
  const { rows } = await q.query<StoredReturn>(
    `select id::text as id, order_id::text as order_id, cashier_id, approver_id, status, lines
     from returns where order_id = any($1::uuid[]) order by created_at, id`,
    [orderIds],
  );
  return rows;
}

/** Units taken back so far, by order and line. */
export async function acceptedReturnLines(
  q: Queryable,
  orderIds: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const byOrder = new Map<string, StoredReturn[]>();
  for (const r of await returnsOfOrders(q, orderIds)) {
    byOrder.set(r.order_id, [...(byOrder.get(r.order_id) ?? []), r]);
  }
  return new Map(
    [...byOrder].map(([orderId, list]) => [orderId, returnedByLine(list.map((r) => r.lines))]),
  );
}

/** What the server took back of a return, as its `returns` row holds it. */
export interface TakenBack {
  readonly orderId: string | null;
  readonly status: StoredReturn['status'];
  readonly lines: readonly (StoredReturnLine & { readonly product_id: string })[];
  readonly refundAmount: number;
}

/**
 * Records the return's decision and puts what the cashier marked for stock back at `locationId`,
 * once per line however often this runs.
 */
export async function recordTakenBack(
  tx: Queryable,
  ret: ReturnRequestDoc,
  taken: TakenBack,
  locationId: string,
  now: string,
): Promise<void> {
  await tx.query(
    `insert into returns (id, store_id, order_id, device_id, cashier_id, approver_id, status, lines,
                          refund_method, refund_amount)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
    [
      ret.id,
      ret.store_id,
      taken.orderId,
      ret.device_id,
      ret.cashier_id,
      ret.approver_id,
      taken.status,
      JSON.stringify(taken.lines),
      ret.refund_method,
      taken.refundAmount,
    ],
  );
  await recordStockMovements(
    tx,
    ret.store_id,
    taken.lines
      .filter((l) => l.restock)
      .map((l) => ({
        location_id: locationId,
        product_id: l.product_id,
        kind: 'return_restock' as const,
        stocked_delta: l.quantity,
        reserved_delta: 0,
        reference: ret.id,
        dedupe_key: `return:${ret.id}:${l.line_id}`,
        note: l.reason,
      })),
    now,
  );
}

/** How the server decided a pushed return. */
export type ReturnOutcome = 'accepted' | 'partially_accepted' | 'refused' | 'already_accepted';
