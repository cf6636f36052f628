import type { OrderRefundInput } from '../../infra/workflows/names';
import type { Queryable } from '../../infra/db/db';
import { isPermanent } from '../../infra/jobs/failures';
import { remoteStep } from '../../infra/workflows/workflow';
import { orderPayments } from '../../modules/payments/payments-store';
import type { PaymentRegistry } from '../../modules/payments/registry';
import { paidAtCounter } from '../../modules/refunds/cash-payouts';
import { readRefundRequests } from '../../modules/refunds/refund-requests';

/*
 * Refunds each pending share of a request through the provider that took its payment, keyed by
 * the share's own id. A share refused for good is an outcome, recorded by record-refunds.
 */

export interface Outcomes {
  readonly outcomes: readonly (
    | { readonly refund_id: string; readonly ok: true; readonly provider_refund_id: string }
    | {
        readonly refund_id: string;
        readonly ok: false;
        readonly code: string;
        readonly error: string;
      }
  )[];
}

export async function requestOf(q: Queryable, storeId: string, input: OrderRefundInput) {
  const [request] = await readRefundRequests(q, storeId, input.order_id, [input.request_id]);
  if (!request) throw new Error(`no refund request ${input.request_id}`);
  return request;
}

export const refundPayments = (registry: PaymentRegistry) =>
  remoteStep<OrderRefundInput, Outcomes>('refund-payments', {
    async invoke(ctx) {
      const request = await requestOf(ctx.db, ctx.storeId, ctx.input);
      const payments = await orderPayments(ctx.db, ctx.input.order_id);
      const outcomes: Outcomes['outcomes'][number][] = [];
      const due = request.refunds.filter(
        (r) => r.status === 'pending' && !paidAtCounter(request, r.provider_id),
      );
      for (const share of due) {
        const payment = payments.find((p) => p.id === share.payment_id);
        if (!payment) continue;
        try {
          const out = await registry.provider(share.provider_id).refundPayment({
            data: payment.data,
            amount: share.amount,
            idempotency_key: `refund:${ctx.storeId}:${share.id}`,
          });
          outcomes.push({ refund_id: share.id, ok: true, provider_refund_id: out.refund_id });
        } catch (e) {
          if (!isPermanent(e)) throw e;
          outcomes.push({ refund_id: share.id, ok: false, code: e.code, error: e.message });
        }
      }
      return { outcomes };
    },
  });
