import { ORDER_CANCEL } from '../infra/workflows/names';
import { nowIso } from '../infra/clock';
import type { OrderCancelInput } from '../infra/workflows/names';
import { emitEvents } from '../infra/outbox/outbox';
import { refreshOrderStates } from '../modules/orders/refresh-order-states';
import { orderPayments, updatePayment } from '../modules/payments/payments-store';
import type { PaymentRegistry } from '../modules/payments/registry';
import { capturable } from './order-capture/capture-payments';
import { defineWorkflow, localStep, remoteStep } from '../infra/workflows/workflow';
import type { StepContext, Workflow } from '../infra/workflows/workflow';

/*
 * Canceling an order the goods have not left with: holds nobody captured are released at their
 * provider, payments still waiting for authorization are voided, and the order turns canceled.
 * Money already captured is given back by a refund request made with the cancel (see
 * admin/payment-operations.ts), which settles through the order-refund workflow.
 */
interface Released {
  readonly released: readonly string[];
}

export function orderCancelWorkflow(registry: PaymentRegistry): Workflow<OrderCancelInput> {
  return defineWorkflow(ORDER_CANCEL, [
    remoteStep('release-holds', {
      async invoke(ctx: StepContext<OrderCancelInput>): Promise<Released> {
        const held = (await orderPayments(ctx.db, ctx.input.order_id)).filter(capturable);
        for (const p of held) {
          await registry.provider(p.provider_id).cancelPayment({
            data: p.data,
            idempotency_key: `${ctx.idempotencyKey}:${p.id}`,
          });
        }
        return { released: held.map((p) => p.id) };
      },
    }),
    localStep('record-cancel', {
      async invoke(ctx: StepContext<OrderCancelInput>, tx) {
        const payments = await orderPayments(tx, ctx.input.order_id);
        for (const p of payments) {
          // Nothing captured: the payment is void (released above, or never authorized).
          if (p.captured_amount === 0 && !p.canceled) {
            await updatePayment(tx, p.id, { canceled: true });
          }
        }
        await emitEvents(tx, [
          {
            storeId: ctx.storeId,
            type: 'order.canceled',
            subjectId: ctx.input.order_id,
            dedupeKey: `order.canceled:${ctx.input.order_id}`,
            data: { order_id: ctx.input.order_id, reason: ctx.input.reason },
          },
        ]);
        await refreshOrderStates(
          tx,
          ctx.storeId,
          [ctx.input.order_id],
          nowIso(ctx.clock),
          'canceled',
        );
        return null;
      },
    }),
  ]);
}
