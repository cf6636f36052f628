import { ORDER_FULFILLMENT } from '../infra/workflows/names';
import type { OrderFulfillmentInput } from '../infra/workflows/names';
import { recordStockMovements } from '../modules/catalog/stock-levels';
import type { Queryable } from '../infra/db/db';
import { isPermanent } from '../infra/jobs/failures';
import {
  fulfillmentsOfOrders,
  insertFulfillments,
} from '../modules/fulfillment/fulfillments-store';
import type { StoredFulfillment } from '../modules/fulfillment/fulfillments-store';
import { reportShortfalls } from '../modules/fulfillment/oversold';
import type { CreateFulfillmentOutput } from '../modules/fulfillment/provider';
import type { FulfillmentRegistry } from '../modules/fulfillment/registry';
import { routeOrder } from '../modules/fulfillment/route-order';
import { fulfillmentMoves } from '../modules/fulfillment/stock-moves';
import { cancelOpen, markAccepted, markLeft } from '../modules/fulfillment/transitions';
import { storeLocations } from '../modules/orders/locations';
import { readOrder } from '../modules/orders/read-order';
import { refreshOrderStates } from '../modules/orders/refresh-order-states';
import type { StepContext, Workflow } from '../infra/workflows/workflow';

/*
 * The lines of a placed order that are not taken at the counter: routed to stock locations,
 * reserved there, and handed to their providers (pickup for lines to collect, the 3PL for lines
 * to ship). A workflow of its own, started with the order, rather than steps of order-placed:
 * a 3PL that refuses an order for good compensates this run (releasing its reservations) and
 * files an exception, without cancelling the card holds order-placed made.
 *
 * Routing and reserving commit together with the step's record, so the same stock is never
 * reserved twice. Each provider call is keyed by the run, the step and the fulfillment, so a
 * step retried after a lost answer asks the 3PL again under the key it already holds.
 * A provider's acceptance, recorded by the last step, fulfils the items and deducts their stock;
 * the goods leaving later (callbacks, or collection at a pickup) moves no stock.
 */

type Ctx = StepContext<OrderFulfillmentInput>;

interface Routed {
  readonly fulfillment_ids: readonly string[];
}
type Accepted = CreateFulfillmentOutput & { readonly id: string; readonly provider_id: string };
interface Created {
  readonly created: readonly Accepted[];
}

async function ownFulfillments(q: Queryable, ctx: Ctx, lock = false): Promise<StoredFulfillment[]> {
  const { fulfillment_ids } = ctx.outputs['route'] as Routed;
  const all = await fulfillmentsOfOrders(q, [ctx.input.order_id], lock);
  return all.filter((f) => fulfillment_ids.includes(f.id));
}

export function orderFulfillmentWorkflow(
  registry: FulfillmentRegistry,
): Workflow<OrderFulfillmentInput> {
  return {
    name: ORDER_FULFILLMENT,
    steps: [
      {
        name: 'route',
        local: true,
        async invoke(ctx, tx): Promise<Routed> {
          const now = new Date().toISOString();
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
        async compensate(ctx, _output, tx) {
          const mine = await ownFulfillments(tx, ctx, true);
          await cancelOpen(tx, ctx.storeId, mine, new Date().toISOString());
        },
      },
      {
        name: 'create-fulfillments',
        async invoke(ctx: Ctx): Promise<Created> {
          const pending = (await ownFulfillments(ctx.db, ctx)).filter(
            (f) => f.status === 'pending',
          );
          if (pending.length === 0) return { created: [] };
          const order = await readOrder(ctx.db, ctx.input.order_id);
          const locations = await storeLocations(ctx.db, ctx.storeId);
          const created: Accepted[] = [];
          try {
            for (const f of pending) {
              const location = locations.find((l) => l.id === f.location_id);
              if (!location) continue;
              const out = await registry.provider(f.provider_id).createFulfillment({
                fulfillment: {
                  id: f.id,
                  store_id: f.store_id,
                  order_id: f.order_id,
                  location,
                  delivery: f.delivery,
                  items: f.items.map((item) => {
                    const line = order.lines.find((l) => l.id === item.line_id);
                    return { ...item, sku: line?.sku ?? '', name: line?.name ?? '' };
                  }),
                },
                data: f.data,
                idempotency_key: `${ctx.idempotencyKey}:${f.id}`,
              });
              created.push({ ...out, id: f.id, provider_id: f.provider_id });
            }
          } catch (e) {
            // Refused for good: the run will release this order's stock, so the providers that
            // already accepted a part must let it go too. A failing cancel retries the step.
            if (isPermanent(e)) {
              for (const c of created) {
                await registry.provider(c.provider_id).cancelFulfillment({
                  fulfillment_id: c.id,
                  data: c.data,
                  idempotency_key: `${ctx.idempotencyKey}:${c.id}:cancel`,
                });
              }
            }
            throw e;
          }
          return { created };
        },
      },
      {
        name: 'record-fulfillments',
        local: true,
        async invoke(ctx, tx) {
          const { created } = ctx.outputs['create-fulfillments'] as Created;
          const now = new Date().toISOString();
          const mine = await ownFulfillments(tx, ctx, true);
          for (const out of created) {
            const f = mine.find((m) => m.id === out.id);
            if (!f || f.status === 'canceled') continue;
            const { status, data, tracking_numbers } = out;
            // A provider that hands the goods over as it is asked (in-store) is done at once.
            if (status === 'delivered')
              await markLeft(tx, f, { status, tracking_numbers, data }, now);
            else await markAccepted(tx, f, { status, data, tracking_numbers }, now);
          }
          return null;
        },
      },
    ],
  };
}
