import type { OrderDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { readDocument } from '../../infra/sync/projection';
import { startWorkflow } from '../../infra/workflows/engine';
import { ORDER_EXCHANGE } from '../../infra/workflows/names';
import type { OrderExchangeInput } from '../../infra/workflows/names';

/*
 * Orders and returns arrive in any order and may arrive twice: an exchange's run
 * (workflows/order-exchange.ts) starts in whichever transaction stores the second of the two,
 * once per return.
 */

/** Arbitrary but fixed: the advisory lock class under which an exchange's two halves meet. */
const EXCHANGE_LOCK_CLASS = 7_240_533;

export const exchangeTenders = (order: OrderDoc, returnId: string) =>
  order.tenders.filter((t) => t.method === 'exchange' && t.return_id === returnId);

/**
 * Starts the exchange's run when both its return and its sale are stored, in the transaction
 * that stored the later one. The advisory lock serializes the two transactions: whichever takes
 * it second sees the other's fact committed, so neither misses the other.
 */
export async function startExchangeIfComplete(
  tx: Queryable,
  storeId: string,
  exchange: OrderExchangeInput,
): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [
    EXCHANGE_LOCK_CLASS,
    exchange.return_id,
  ]);
  const ret = await readDocument(tx, storeId, 'return_requests', exchange.return_id);
  const sale = await tx.query<{ doc: OrderDoc }>(
    'select doc from orders where store_id = $1 and id = $2',
    [storeId, exchange.order_id],
  );
  const order = sale.rows[0]?.doc;
  if (!ret || !order || exchangeTenders(order, exchange.return_id).length === 0) return;
  await startWorkflow<OrderExchangeInput>(
    tx,
    { name: ORDER_EXCHANGE },
    { storeId, subjectId: exchange.return_id, input: exchange },
  );
}

/** Each exchange a batch of newly placed sales completes. */
export async function startExchangesOfSales(
  tx: Queryable,
  storeId: string,
  orders: readonly OrderDoc[],
): Promise<void> {
  for (const order of orders) {
    const returnIds = new Set(
      order.tenders.flatMap((t) => (t.method === 'exchange' ? [t.return_id] : [])),
    );
    for (const returnId of returnIds) {
      await startExchangeIfComplete(tx, storeId, { return_id: returnId, order_id: order.id });
    }
  }
}
