import type { Queryable } from '../infra/db/db';
import { formatMoney } from '../../domain/money';
import { contactLine, customerContact } from '../modules/customers/customer-contact';
import { raiseException } from '../infra/exceptions/inbox';
import { isPermanent } from '../infra/jobs/failures';
import { readOrder } from '../modules/orders/read-order';
import { refreshOrderStates } from '../modules/orders/refresh-order-states';
import { orderPayments } from '../modules/payments/payments-store';
import type { PaymentRegistry } from '../modules/payments/registry';
import {
  CASH_REFUND_TO_PAY,
  paidAtCounter,
  recordRefunded,
  refreshRequestStatus,
} from '../modules/refunds/cash-payouts';
import { readRefundRequests } from '../modules/refunds/refund-requests';
import { ORDER_REFUND } from '../infra/workflows/names';
import type { OrderRefundInput } from '../infra/workflows/names';
import type { StepContext, Workflow } from '../infra/workflows/workflow';

/*
 * Settles a refund request: each share goes back through the provider that took the payment
 * (a card through its gateway; a return's cash is recorded, the register paid it out of the
 * drawer; a back-office one waits to be paid at a counter, refunds/cash-payouts.ts), then
 * the payments and the order's state record it and order.refunded is published once.
 *
 * The provider key is the share's own id, so the same share refunded again after a timeout or
 * a killed server replays the provider's answer. A share the provider refuses for good is
 * marked failed and filed as an exception; the other shares still settle.
 */

interface Outcomes {
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

async function requestOf(q: Queryable, storeId: string, input: OrderRefundInput) {
  const [request] = await readRefundRequests(q, storeId, input.order_id, [input.request_id]);
  if (!request) throw new Error(`no refund request ${input.request_id}`);
  return request;
}

export function orderRefundWorkflow(registry: PaymentRegistry): Workflow<OrderRefundInput> {
  return {
    name: ORDER_REFUND,
    steps: [
      {
        name: 'refund-payments',
        async invoke(ctx: StepContext<OrderRefundInput>): Promise<Outcomes> {
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
      },
      {
        name: 'record-refunds',
        local: true,
        async invoke(ctx, tx) {
          const { outcomes } = ctx.outputs['refund-payments'] as Outcomes;
          const request = await requestOf(tx, ctx.storeId, ctx.input);
          const refunded: { payment_id: string; amount: number }[] = [];
          for (const o of outcomes) {
            const share = request.refunds.find((r) => r.id === o.refund_id);
            if (!share) continue;
            if (o.ok) refunded.push({ payment_id: share.payment_id, amount: share.amount });
            await tx.query(
              `update refunds set status = $2, provider_refund_id = $3, error = $4,
                      completed_at = now()
               where id = $1`,
              [
                o.refund_id,
                o.ok ? 'succeeded' : 'failed',
                o.ok ? o.provider_refund_id : null,
                o.ok ? null : o.error,
              ],
            );
            if (!o.ok) {
              await raiseException(tx, {
                storeId: ctx.storeId,
                kind: 'refund_failed',
                subjectId: ctx.input.order_id,
                message: `A refund of ${share.amount} to payment ${share.payment_id} was refused (${o.code}): ${o.error}. Refund the customer another way.`,
                detail: {
                  order_id: ctx.input.order_id,
                  request_id: request.id,
                  refund_id: share.id,
                  payment_id: share.payment_id,
                  amount: share.amount,
                  currency: request.currency,
                  code: o.code,
                },
              });
            }
          }
          const toPay = request.refunds.filter(
            (r) => r.status === 'pending' && paidAtCounter(request, r.provider_id),
          );
          if (toPay.length > 0) {
            const order = await readOrder(tx, ctx.input.order_id);
            const contact = await customerContact(tx, ctx.storeId, order.customer_id);
            for (const share of toPay) {
              const money = formatMoney(share.amount, request.currency, 'en-US');
              await raiseException(tx, {
                storeId: ctx.storeId,
                kind: CASH_REFUND_TO_PAY,
                subjectId: ctx.input.order_id,
                message: `Pay ${money} in cash back to ${contactLine(contact)} for order ${order.id} (${request.reason}), record it as a paid-out in the register session, then resolve this to record the refund.`,
                detail: {
                  order_id: order.id,
                  request_id: request.id,
                  refund_id: share.id,
                  payment_id: share.payment_id,
                  amount: share.amount,
                  currency: request.currency,
                  customer: contact,
                },
                dedupeKey: `${CASH_REFUND_TO_PAY}:${ctx.storeId}:${share.id}`,
              });
            }
          }
          await recordRefunded(tx, {
            storeId: ctx.storeId,
            request,
            payments: refunded,
            dedupe: request.id,
          });
          const status = await refreshRequestStatus(tx, ctx.storeId, request.id);
          await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], new Date().toISOString());
          return { status };
        },
      },
    ],
  };
}
