import { emitEvents } from '../../infra/outbox/outbox';
import { nowIso } from '../../infra/clock';
import { localStep } from '../../infra/workflows/workflow';
import type { StepContext, StepRef } from '../../infra/workflows/workflow';
import { capturedEvent } from '../../modules/orders/order-events';
import { readOrder } from '../../modules/orders/read-order';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';
import { orderPayments, updatePayment } from '../../modules/payments/payments-store';
import type { Captures } from './capture-payments';

/** Records each capture made, and marks each one refused for good as needing action. */
export const recordCaptures = <I extends { readonly order_id: string }>(
  capture: StepRef<Captures>,
) =>
  localStep('record-captures', {
    reads: [capture],
    // Not compensated: money captured pays for goods the customer has; giving it back is a
    // refund somebody decides, not an undo.
    async invoke(ctx: StepContext<I>, tx) {
      const { captured, failed = [] } = ctx.outputOf(capture);
      if (captured.length === 0 && failed.length === 0) return null;
      const order = await readOrder(tx, ctx.input.order_id);
      const payments = await orderPayments(tx, ctx.input.order_id);
      for (const c of captured) {
        await updatePayment(tx, c.payment_id, { captured_amount: c.amount, data: c.data });
        const payment = payments.find((p) => p.id === c.payment_id);
        if (payment) {
          await emitEvents(tx, [capturedEvent(order, { ...payment, captured_amount: c.amount })]);
        }
      }
      for (const f of failed) {
        await updatePayment(tx, f.payment_id, {
          requires_action: true,
          data: { ...payments.find((p) => p.id === f.payment_id)?.data, capture_error: f.code },
        });
      }
      await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], nowIso(ctx.clock));
      return null;
    },
  });
