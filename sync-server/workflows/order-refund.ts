import { ORDER_REFUND } from '../infra/workflows/names';
import type { OrderRefundInput } from '../infra/workflows/names';
import type { PaymentRegistry } from '../modules/payments/registry';
import { defineWorkflow } from '../infra/workflows/workflow';
import type { Workflow } from '../infra/workflows/workflow';
import { recordRefunds } from './order-refund/record-refunds';
import { refundPayments } from './order-refund/refund-payments';

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

export function orderRefundWorkflow(registry: PaymentRegistry): Workflow<OrderRefundInput> {
  const refund = refundPayments(registry);
  return defineWorkflow(ORDER_REFUND, [refund, recordRefunds(refund)]);
}
