import type { OrderFulfillmentInput } from '../../infra/workflows/names';
import { nowIso } from '../../infra/clock';
import { recordStockMovements } from '../../modules/catalog/stock-levels';
import type { Queryable } from '../../infra/db/db';
import { localStep } from '../../infra/workflows/workflow';
import {
  fulfillmentsOfOrders,
  insertFulfillments,
} from '../../modules/fulfillment/fulfillments-store';
import type { StoredFulfillment } from '../../modules/fulfillment/fulfillments-store';
import { reportShortfalls } from '../../modules/fulfillment/oversold';
import type { FulfillmentRegistry } from '../../modules/fulfillment/registry';
import { routeOrder } from '../../modules/fulfillment/route-order';
import { fulfillmentMoves } from '../../modules/fulfillment/stock-moves';
import { cancelOpen } from '../../modules/fulfillment/transitions';
import { readOrder } from '../../modules/orders/read-order';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';

/*
 * Routes the order's lines to stock locations and reserves them there, in one transaction with
 * the step's record, so the same stock is never reserved twice.
 */

export interface Routed {
  readonly fulfillment_ids: readonly string[];
}

/** The fulfillments this run routed (an order's later runs may route others). */
export async function ownFulfillments(
  q: Queryable,
  orderId: string,
  { fulfillment_ids }: Routed,
  lock = false,
): Promise<StoredFulfillment[]> {
  const all = await fulfillmentsOfOrders(q, [orderId], lock);
  return all.filter((f) => fulfillment_ids.includes(f.id));
}

export const routeFulfillments = (registry: FulfillmentRegistry) =>
  localStep<OrderFulfillmentInput, Routed>('route', {
    async invoke(ctx, tx) {
      const now = nowIso(ctx.clock);
      const order = await readOrder(tx, ctx.input.order_id);
      const routed = await routeOrder(tx, order, registry);
      await insertFulfillments(tx, routed.fulfillments, now);
      await recordStockMovements(
        tx,
        ctx.storeId,
        routed.fulfillments.flatMap((f) => fulfillmentMoves(f, 'reservation')),
        now,
      );
      await reportShortfalls(tx, ctx.storeId, routed.shortfalls, routed.locations);
      await refreshOrderStates(tx, ctx.storeId, [order.id], now);
      return { fulfillment_ids: routed.fulfillments.map((f) => f.id) };
    },
    // A later step failed for good: nothing of this run will leave, so let its stock go.
    async compensate(ctx, routed, tx) {
      const mine = await ownFulfillments(tx, ctx.input.order_id, routed, true);
      await cancelOpen(tx, ctx.storeId, mine, nowIso(ctx.clock));
    },
  });
