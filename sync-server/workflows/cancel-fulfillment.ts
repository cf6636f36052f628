import { CANCEL_FULFILLMENT } from '../infra/workflows/names';
import { nowIso } from '../infra/clock';
import type { CancelFulfillmentInput } from '../infra/workflows/names';
import { fulfillmentById, isOpen } from '../modules/fulfillment/fulfillments-store';
import type { FulfillmentData } from '../modules/fulfillment/provider';
import type { FulfillmentRegistry } from '../modules/fulfillment/registry';
import { cancelOpen } from '../modules/fulfillment/transitions';
import { defineWorkflow, localStep, remoteStep } from '../infra/workflows/workflow';
import type { StepContext, Workflow } from '../infra/workflows/workflow';

/*
 * The back office cancels a fulfillment whose goods have not left: its provider is told (the
 * 3PL under a key fixed for this run, so a retried cancel is one cancel), then its stock comes
 * back (transitions.ts: deducted goods return to the shelf). One run per fulfillment.
 */

type Ctx = StepContext<CancelFulfillmentInput>;

interface Told {
  /** Null when there was nothing left to cancel. */
  readonly data: FulfillmentData | null;
}

export function cancelFulfillmentWorkflow(
  registry: FulfillmentRegistry,
): Workflow<CancelFulfillmentInput> {
  const tell = remoteStep('cancel-at-provider', {
    async invoke(ctx: Ctx): Promise<Told> {
      const f = await fulfillmentById(ctx.db, ctx.storeId, ctx.input.fulfillment_id);
      if (!f || !isOpen(f)) return { data: null };
      const out = await registry.provider(f.provider_id).cancelFulfillment({
        fulfillment_id: f.id,
        data: f.data,
        idempotency_key: ctx.idempotencyKey,
      });
      return { data: out.data };
    },
  });
  return defineWorkflow(CANCEL_FULFILLMENT, [
    tell,
    localStep('release-stock', {
      reads: [tell],
      async invoke(ctx: Ctx, tx) {
        const { data } = ctx.outputOf(tell);
        const f = await fulfillmentById(tx, ctx.storeId, ctx.input.fulfillment_id, true);
        if (!f || data === null) return null;
        // Goods that left while the cancel was on its way stay shipped: cancelOpen skips them.
        await cancelOpen(tx, ctx.storeId, [f], nowIso(ctx.clock), data);
        return null;
      },
    }),
  ]);
}
