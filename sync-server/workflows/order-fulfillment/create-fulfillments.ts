import type { OrderFulfillmentInput } from '../../infra/workflows/names';
import { isPermanent } from '../../infra/jobs/failures';
import { remoteStep } from '../../infra/workflows/workflow';
import type { StepRef } from '../../infra/workflows/workflow';
import type { CreateFulfillmentOutput } from '../../modules/fulfillment/provider';
import type { FulfillmentRegistry } from '../../modules/fulfillment/registry';
import { storeLocations } from '../../modules/orders/locations';
import { readOrder } from '../../modules/orders/read-order';
import { ownFulfillments } from './route';
import type { Routed } from './route';

/*
 * Hands each routed fulfillment to its provider (pickup for lines to collect, the 3PL for lines
 * to ship), keyed by the run, the step and the fulfillment, so a step retried after a lost
 * answer asks the 3PL again under the key it already holds.
 */

type Accepted = CreateFulfillmentOutput & { readonly id: string; readonly provider_id: string };
export interface Created {
  readonly created: readonly Accepted[];
}

export const createFulfillments = (registry: FulfillmentRegistry, route: StepRef<Routed>) =>
  remoteStep<OrderFulfillmentInput, Created>('create-fulfillments', {
    reads: [route],
    async invoke(ctx) {
      const pending = (
        await ownFulfillments(ctx.db, ctx.input.order_id, ctx.outputOf(route))
      ).filter((f) => f.status === 'pending');
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
  });
