import type { OrderDoc } from '../../domain/schemas';
import { capturedEvent } from '../modules/orders/order-events';
import { emitEvents } from '../infra/outbox/outbox';
import { readOrder } from '../modules/orders/read-order';
import { refreshOrderStates } from '../modules/orders/refresh-order-states';
import { orderPayments, updatePayment } from '../modules/payments/payments-store';
import type { StoredPayment } from '../modules/payments/payments-store';
import { isPermanent, PermanentFailure } from '../infra/jobs/failures';
import type { ProviderData } from '../modules/payments/provider';
import type { PaymentRegistry } from '../modules/payments/registry';
import type { Step, StepContext } from '../infra/workflows/workflow';

/*
 * Capturing an order's authorized card payments, as three steps: the provider calls (remote,
 * keyed `<run>:capture-payments:<payment>`, so a repeat replays the gateway's answer), their
 * record (local), and the verdict on any the provider refused for good (local). The order-placed workflow captures what its method captures at once; the back office's
 * capture workflow captures what waits for it.
 */

interface Captures {
  readonly captured: readonly {
    readonly payment_id: string;
    readonly amount: number;
    readonly data: ProviderData;
  }[];
  /** Captures the provider refused for good; the others still went through. */
  readonly failed?: readonly {
    readonly payment_id: string;
    readonly code: string;
    readonly message: string;
  }[];
}

/** An authorized card payment nothing has been captured from. */
export const capturable = (p: StoredPayment): boolean =>
  p.method !== 'cash' && p.authorized_amount > 0 && p.captured_amount === 0 && !p.canceled;

export function captureSteps<I extends { readonly order_id: string }>(
  registry: PaymentRegistry,
  due: (p: StoredPayment, run: { readonly input: I; readonly order: OrderDoc }) => boolean,
): Step<I>[] {
  return [
    {
      name: 'capture-payments',
      async invoke(ctx: StepContext<I>): Promise<Captures> {
        const order = await readOrder(ctx.db, ctx.input.order_id);
        const payments = (await orderPayments(ctx.db, ctx.input.order_id)).filter(
          (p) => capturable(p) && due(p, { input: ctx.input, order }),
        );
        const captured: Captures['captured'][number][] = [];
        const failed: NonNullable<Captures['failed']>[number][] = [];
        for (const p of payments) {
          try {
            const out = await registry.provider(p.provider_id).capturePayment({
              data: p.data,
              amount: p.authorized_amount,
              idempotency_key: `${ctx.idempotencyKey}:${p.id}`,
            });
            captured.push({ payment_id: p.id, amount: out.captured_amount, data: out.data });
          } catch (e) {
            // A refusal of one card must not lose another card's capture already made: it is
            // kept to be recorded, and the run fails only after that (confirm-captures).
            if (!isPermanent(e)) throw e;
            failed.push({ payment_id: p.id, code: e.code, message: e.message });
          }
        }
        return { captured, failed };
      },
    },
    {
      name: 'record-captures',
      local: true,
      // Not compensated: money captured pays for goods the customer has; giving it back is a
      // refund somebody decides, not an undo.
      async invoke(ctx, tx) {
        const { captured, failed = [] } = ctx.outputs['capture-payments'] as Captures;
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
        await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], new Date().toISOString());
        return null;
      },
    },
    {
      // With the captures that went through recorded, a refused one fails the run for good:
      // it compensates (releasing holds nobody captured) and files the refusal. The last step,
      // so nothing after it could need it undone.
      name: 'confirm-captures',
      local: true,
      async invoke(ctx: StepContext<I>) {
        const { captured, failed = [] } = ctx.outputs['capture-payments'] as Captures;
        const [first] = failed;
        if (!first) return null;
        const done = captured.map((c) => c.payment_id).join(', ') || 'none';
        throw new PermanentFailure(
          first.code,
          `Capturing ${failed.map((f) => f.payment_id).join(', ')} was refused for good (${first.message}); captured and kept: ${done}. Collect the rest from the customer.`,
          { failed, captured: captured.map((c) => c.payment_id) },
        );
      },
    },
  ];
}
