import { ORDER_FULFILLMENT } from '../infra/workflows/names';
import { nowIso } from '../infra/clock';
import type { OrderFulfillmentInput } from '../infra/workflows/names';
import type { FulfillmentRegistry } from '../modules/fulfillment/registry';
import { markAccepted, markLeft } from '../modules/fulfillment/transitions';
import { defineWorkflow, localStep } from '../infra/workflows/workflow';
import type { Workflow } from '../infra/workflows/workflow';
import { createFulfillments } from './order-fulfillment/create-fulfillments';
import { ownFulfillments, routeFulfillments } from './order-fulfillment/route';

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

export function orderFulfillmentWorkflow(
  registry: FulfillmentRegistry,
): Workflow<OrderFulfillmentInput> {
  const route = routeFulfillments(registry);
  const create = createFulfillments(registry, route);
  return defineWorkflow(ORDER_FULFILLMENT, [
    route,
    create,
    localStep<OrderFulfillmentInput, null>('record-fulfillments', {
      reads: [route, create],
      async invoke(ctx, tx) {
        const { created } = ctx.outputOf(create);
        const now = nowIso(ctx.clock);
        const mine = await ownFulfillments(tx, ctx.input.order_id, ctx.outputOf(route), true);
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
    }),
  ]);
}
