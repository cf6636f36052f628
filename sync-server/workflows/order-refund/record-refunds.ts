import type { OrderRefundInput } from '../../infra/workflows/names';
import { nowIso } from '../../infra/clock';
import { formatMoney } from '../../../domain/money';
import { contactLine, customerContact } from '../../modules/customers/customer-contact';
import { raiseException } from '../../infra/exceptions/inbox';
import { localStep } from '../../infra/workflows/workflow';
import type { StepRef } from '../../infra/workflows/workflow';
import { readOrder } from '../../modules/orders/read-order';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';
import {
  CASH_REFUND_TO_PAY,
  paidAtCounter,
  recordRefunded,
  refreshRequestStatus,
} from '../../modules/refunds/cash-payouts';
import type { RefundRequestView } from '../../modules/refunds/refund-schemas';
import { requestOf } from './refund-payments';
import type { Outcomes } from './refund-payments';

/*
 * Records each share's outcome (a refusal filed as an exception), asks for the cash shares to be
 * paid at a counter, and records the request's refunds on its payments and order.
 */

export const recordRefunds = (refund: StepRef<Outcomes>) =>
  localStep<OrderRefundInput, { readonly status: RefundRequestView['status'] }>('record-refunds', {
    reads: [refund],
    async invoke(ctx, tx) {
      const { outcomes } = ctx.outputOf(refund);
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
      await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], nowIso(ctx.clock));
      return { status };
    },
  });
