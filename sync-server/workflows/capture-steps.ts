import type { OrderDoc } from '../../domain/schemas';
import { capturedEvent } from '../events/order-events';
import { emitEvents } from '../events/outbox';
import { readOrder } from '../orders/read-order';
import { refreshOrderStates } from '../orders/refresh-order-states';
import { orderPayments, updatePayment } from '../payments/payments-store';
import type { StoredPayment } from '../payments/payments-store';
import type { ProviderData } from '../payments/provider';
import type { PaymentRegistry } from '../payments/registry';
import type { Step, StepContext } from './workflow';

/*
 * Capturing an order's authorized card payments, as two steps: the provider calls (remote, keyed
 * `<run>:capture-payments:<payment>`, so a repeat replays the gateway's answer) and their record
 * (local). The order-placed workflow captures what its method captures at once; the back office's
 * capture workflow captures what waits for it.
 */

interface Captures {
  readonly captured: readonly {
    readonly payment_id: string;
    readonly amount: number;
    readonly data: ProviderData;
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
        for (const p of payments) {
          const out = await registry.provider(p.provider_id).capturePayment({
            data: p.data,
            amount: p.authorized_amount,
            idempotency_key: `${ctx.idempotencyKey}:${p.id}`,
          });
          captured.push({ payment_id: p.id, amount: out.captured_amount, data: out.data });
        }
        return { captured };
      },
    },
    {
      name: 'record-captures',
      local: true,
      async invoke(ctx, tx) {
        const { captured } = ctx.outputs['capture-payments'] as Captures;
        if (captured.length === 0) return null;
        const order = await readOrder(tx, ctx.input.order_id);
        const payments = await orderPayments(tx, ctx.input.order_id);
        for (const c of captured) {
          await updatePayment(tx, c.payment_id, { captured_amount: c.amount, data: c.data });
          const payment = payments.find((p) => p.id === c.payment_id);
          if (payment) {
            await emitEvents(tx, [capturedEvent(order, { ...payment, captured_amount: c.amount })]);
          }
        }
        await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], new Date().toISOString());
        return null;
      },
    },
  ];
}
