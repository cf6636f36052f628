import type { OrderPlacedInput } from '../../infra/workflows/names';
import { nowIso } from '../../infra/clock';
import { formatMoney } from '../../../domain/money';
import type { OrderDoc } from '../../../domain/schemas';
import { raiseException } from '../../infra/exceptions/inbox';
import { emitEvents } from '../../infra/outbox/outbox';
import { localStep } from '../../infra/workflows/workflow';
import type { StepRef } from '../../infra/workflows/workflow';
import { contactLine, customerContact } from '../../modules/customers/customer-contact';
import type { CustomerContact } from '../../modules/customers/customer-contact';
import { capturedEvent } from '../../modules/orders/order-events';
import { readOrder } from '../../modules/orders/read-order';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';
import { orderPayments, updatePayment } from '../../modules/payments/payments-store';
import type { Authorizations } from './authorize-payments';

/*
 * Records what authorize-payments heard: a hold or capture on its payment, a decline as a
 * payment needing action and an exception (order-placed.ts says why).
 */

function declineMessage(
  order: OrderDoc,
  amount: number,
  reason: string,
  contact: CustomerContact | null,
): string {
  const money = formatMoney(amount, order.currency, 'en-US');
  return `Card payment of ${money} declined (${reason}): collect it later from ${contactLine(contact)}.`;
}

export const recordAuthorizations = (authorize: StepRef<Authorizations>) =>
  localStep<OrderPlacedInput, null>('record-authorizations', {
    reads: [authorize],
    async invoke(ctx, tx) {
      const { outcomes } = ctx.outputOf(authorize);
      if (outcomes.length === 0) return null;
      const payments = await orderPayments(tx, ctx.input.order_id);
      const order = await readOrder(tx, ctx.input.order_id);
      for (const o of outcomes) {
        const payment = payments.find((p) => p.id === o.payment_id);
        if (!payment) continue;
        if (o.result === 'declined') {
          const contact = await customerContact(tx, order.store_id, order.customer_id);
          await updatePayment(tx, payment.id, {
            requires_action: true,
            data: { decline_code: o.decline_code },
          });
          await raiseException(tx, {
            storeId: ctx.storeId,
            kind: 'payment_declined',
            subjectId: order.id,
            message: declineMessage(order, payment.amount, o.decline_code, contact),
            detail: {
              order_id: order.id,
              payment_id: payment.id,
              amount: payment.amount,
              currency: order.currency,
              decline_code: o.decline_code,
              provider_message: o.message,
              customer: contact,
              cashier_id: order.cashier_id,
              device_id: order.device_id,
            },
          });
          continue;
        }
        if (o.result === 'captured') {
          await emitEvents(tx, [
            capturedEvent(order, { ...payment, captured_amount: payment.amount }),
          ]);
        }
        await updatePayment(tx, payment.id, {
          authorized_amount: o.result === 'requires_more' ? 0 : payment.amount,
          captured_amount: o.result === 'captured' ? payment.amount : undefined,
          requires_action: o.result === 'requires_more',
          external_id: o.external_id,
          data: o.data,
        });
      }
      await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], nowIso(ctx.clock));
      return null;
    },
  });
