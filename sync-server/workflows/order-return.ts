import { ORDER_RETURN } from '../infra/workflows/names';
import { nowIso } from '../infra/clock';
import type { OrderReturnInput } from '../infra/workflows/names';
import { acceptReturn } from '../modules/returns/accept-return';
import { defineWorkflow, localStep } from '../infra/workflows/workflow';
import type { StepContext, Workflow } from '../infra/workflows/workflow';

/*
 * A return request from a register. One local step decides and records it with its stock and
 * refund request in one transaction (returns/accept-return.ts); the refund then settles in its
 * own order-refund run. A return that names a sale the server has not received yet fails the
 * step transiently and is retried until the sale arrives.
 */
export const orderReturnWorkflow = (): Workflow<OrderReturnInput> =>
  defineWorkflow(ORDER_RETURN, [
    localStep('accept-return', {
      invoke: async (ctx: StepContext<OrderReturnInput>, tx) => ({
        outcome: await acceptReturn(tx, ctx.storeId, ctx.input.return_id, nowIso(ctx.clock)),
      }),
    }),
  ]);
