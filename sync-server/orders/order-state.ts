import type { AppError } from '../../domain/errors';
import type {
  FulfillmentRecord,
  OrderDoc,
  OrderStateDoc,
  PaymentRecord,
} from '../../domain/schemas';
import { deriveFulfillmentStatus, derivePaymentStatus } from '../../domain/status';

/*
 * What the server knows about a placed order at the moment it is acknowledged. Cash was taken
 * at the counter, so it is captured. A card tender the terminal approved online is authorized
 * and waits for capture; one taken offline has no authorization yet (awaiting). Goods leave
 * with the customer, so one counter fulfillment covers every line.
 */

function paymentOf(tender: OrderDoc['tenders'][number]): PaymentRecord {
  const common = {
    id: `pay-${tender.id}`,
    tender_id: tender.id,
    amount: tender.amount,
    refunded_amount: 0,
    canceled: false,
    requires_action: false,
  };
  if (tender.method === 'cash') {
    return {
      ...common,
      provider_id: 'cash',
      authorized_amount: tender.amount,
      captured_amount: tender.amount,
    };
  }
  return {
    ...common,
    provider_id: 'card',
    authorized_amount: tender.offline ? 0 : tender.amount,
    captured_amount: 0,
  };
}

export function placedOrderState(order: OrderDoc, ackId: number, now: string): OrderStateDoc {
  const payments = order.tenders.map(paymentOf);
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
  return {
    id: order.id,
    store_id: order.store_id,
    updated_at: now,
    ack_id: ackId,
    status: 'placed',
    payment_status: derivePaymentStatus(order.totals.total, payments),
    fulfillment_status: deriveFulfillmentStatus(order.lines, fulfillments, []),
    total: order.totals.total,
    paid_total: payments.reduce((sum, p) => sum + p.captured_amount, 0),
    refunded_total: 0,
    payments,
    fulfillments,
    exceptions: [],
    error: null,
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
