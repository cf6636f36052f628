import type { Queryable } from '../db/db';
import { emitEvents } from '../events/outbox';
import { raiseException } from '../jobs/exceptions';
import { isPermanent } from '../jobs/failures';
import { refreshOrderStates } from '../orders/refresh-order-states';
import { orderPayments } from '../payments/payments-store';
import type { PaymentRegistry } from '../payments/registry';
import { ORDER_REFUND, readRefundRequests } from '../refunds/refund-requests';
import type { OrderRefundInput } from '../refunds/refund-requests';
import type { StepContext, Workflow } from './workflow';

/*
 * Settles a refund request: each share goes back through the provider that took the payment
 * (a card through its gateway; cash is recorded, the register pays it out of the drawer), then
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
          for (const share of request.refunds.filter((r) => r.status === 'pending')) {
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
          let refunded = 0;
          for (const o of outcomes) {
            const share = request.refunds.find((r) => r.id === o.refund_id);
            if (!share) continue;
            if (o.ok) {
              refunded += share.amount;
              await tx.query(
                `update payments set refunded_amount = refunded_amount + $2, updated_at = now()
                 where id = $1`,
                [share.payment_id, share.amount],
              );
            }
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
          const failed = outcomes.filter((o) => !o.ok).length;
          const status =
            failed === 0 ? 'succeeded' : failed === outcomes.length ? 'failed' : 'partially_failed';
          await tx.query(
            `update refund_requests set status = $3, completed_at = now()
             where store_id = $1 and id = $2`,
            [ctx.storeId, request.id, status],
          );
          if (refunded > 0) {
            await emitEvents(tx, [
              {
                storeId: ctx.storeId,
                type: 'order.refunded',
                subjectId: ctx.input.order_id,
                dedupeKey: `order.refunded:${ctx.storeId}:${request.id}`,
                data: {
                  order_id: ctx.input.order_id,
                  refund_request_id: request.id,
                  amount: refunded,
                  currency: request.currency,
                  reason: request.reason,
                  source: request.source,
                  source_id: request.source_id,
                },
              },
            ]);
          }
          await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], new Date().toISOString());
          return { status };
        },
      },
    ],
  };
}
