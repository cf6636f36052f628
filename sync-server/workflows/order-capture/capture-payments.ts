import type { OrderDoc } from '../../../domain/schemas';
import { isPermanent } from '../../infra/jobs/failures';
import { remoteStep } from '../../infra/workflows/workflow';
import type { StepContext } from '../../infra/workflows/workflow';
import { readOrder } from '../../modules/orders/read-order';
import { orderPayments } from '../../modules/payments/payments-store';
import type { StoredPayment } from '../../modules/payments/payments-store';
import type { ProviderData } from '../../modules/payments/provider';
import type { PaymentRegistry } from '../../modules/payments/registry';

/*
 * The provider calls of a capture, keyed `<run>:capture-payments:<payment>` so a repeat replays
 * the gateway's answer. A refusal for good is an outcome here, recorded by record-captures and
 * turned into the run's failure by confirm-captures.
 */

export interface Captures {
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

export const capturePayments = <I extends { readonly order_id: string }>(
  registry: PaymentRegistry,
  due: (p: StoredPayment, run: { readonly input: I; readonly order: OrderDoc }) => boolean,
) =>
  remoteStep('capture-payments', {
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
  });
