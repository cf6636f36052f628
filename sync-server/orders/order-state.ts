import type { AppError } from '../../domain/errors';
import type {
  FulfillmentRecord,
  OrderDoc,
  OrderStateDoc,
  PaymentRecord,
} from '../../domain/schemas';
import { deriveFulfillmentStatus, derivePaymentStatus } from '../../domain/status';

/*
 * What the server knows about a placed order at the moment it is acknowledged: its payments as
 * placed (cash captured at the counter, cards waiting for the order-placed workflow), and one
 * counter fulfillment covering every line, since the goods leave with the customer.
 */
export function placedOrderState(
  order: OrderDoc,
  ackId: number,
  now: string,
  payments: readonly PaymentRecord[],
): OrderStateDoc {
  const fulfillments: FulfillmentRecord[] = [
    {
      id: `ful-${order.id}`,
      location_id: order.location_id,
      provider_id: 'counter',
      items: order.lines.map((l) => ({ line_id: l.id, quantity: l.quantity })),
      // Handed over at the counter: fulfilled, but neither shipped nor delivered by a carrier.
      shipped: false,
      delivered: false,
      canceled: false,
      created_at: order.placed_at,
    },
  ];
  return withPayments(
    {
      id: order.id,
      store_id: order.store_id,
      updated_at: now,
      ack_id: ackId,
      status: 'placed',
      payment_status: 'not_paid',
      fulfillment_status: deriveFulfillmentStatus(order.lines, fulfillments, []),
      total: order.totals.total,
      paid_total: 0,
      refunded_total: 0,
      payments: [],
      fulfillments,
      exceptions: [],
      error: null,
    },
    payments,
    now,
  );
}

/** The state with its payments replaced and the money figures derived from them again. */
export function withPayments(
  state: OrderStateDoc,
  payments: readonly PaymentRecord[],
  now: string,
): OrderStateDoc {
  return {
    ...state,
    updated_at: now,
    payments: [...payments],
    payment_status: derivePaymentStatus(state.total, payments),
    paid_total: payments.reduce((sum, p) => sum + p.captured_amount, 0),
    refunded_total: payments.reduce((sum, p) => sum + p.refunded_amount, 0),
  };
}

/** A refused order: no money moved and nothing was fulfilled; `error` tells the register why. */
export function rejectedOrderState(
  orderId: string,
  storeId: string,
  error: AppError,
  now: string,
): OrderStateDoc {
  return {
    id: orderId,
    store_id: storeId,
    updated_at: now,
    ack_id: 0,
    status: 'rejected',
    payment_status: 'not_paid',
    fulfillment_status: 'not_fulfilled',
    total: 0,
    paid_total: 0,
    refunded_total: 0,
    payments: [],
    fulfillments: [],
    exceptions: [],
    error: { code: error.code, message: error.message.slice(0, 2000) },
  };
}
