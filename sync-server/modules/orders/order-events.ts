import type { OrderDoc, PaymentRecord } from '../../../domain/schemas';
import type { NewEvent } from '../../infra/outbox/outbox';

/** order.placed, and order.payment_captured for the money taken at the counter. */
export function placedEvents(p: {
  readonly order: OrderDoc;
  readonly ackId: number;
  readonly payments: readonly PaymentRecord[];
}): NewEvent[] {
  const { order } = p;
  const placed: NewEvent = {
    storeId: order.store_id,
    type: 'order.placed',
    subjectId: order.id,
    dedupeKey: `order.placed:${order.id}`,
    data: {
      order_id: order.id,
      ack_id: p.ackId,
      location_id: order.location_id,
      device_id: order.device_id,
      customer_id: order.customer_id,
      currency: order.currency,
      totals: order.totals,
      placed_at: order.placed_at,
    },
  };
  return [
    placed,
    ...p.payments.filter((pay) => pay.captured_amount > 0).map((pay) => capturedEvent(order, pay)),
  ];
}

/** The event of one payment's capture. */
export function capturedEvent(
  order: Pick<OrderDoc, 'id' | 'store_id' | 'currency'>,
  payment: Pick<PaymentRecord, 'id' | 'provider_id' | 'captured_amount'>,
): NewEvent {
  return {
    storeId: order.store_id,
    type: 'order.payment_captured',
    subjectId: order.id,
    dedupeKey: `order.payment_captured:${payment.id}`,
    data: {
      order_id: order.id,
      payment_id: payment.id,
      provider_id: payment.provider_id,
      amount: payment.captured_amount,
      currency: order.currency,
    },
  };
}
