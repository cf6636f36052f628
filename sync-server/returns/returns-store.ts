import { returnedByLine } from '../../domain/returns';
import type { Queryable } from '../db/db';

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
