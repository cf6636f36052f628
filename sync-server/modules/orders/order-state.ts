import type { AppError } from '../../../domain/errors';
import type {
  FulfillmentRecord,
  OrderDoc,
  OrderStateDoc,
  PaymentRecord,
} from '../../../domain/schemas';
import { counterLines } from '../../../domain/delivery';
import { deriveFulfillmentStatus, derivePaymentStatus } from '../../../domain/status';
import { IN_STORE_PROVIDER_ID } from '../fulfillment/in-store-provider';
import { placedEntry } from './order-timeline';

/*
 * What the server knows about a placed order at the moment it is acknowledged: its payments as
 * placed (cash captured at the counter, cards waiting for the order-placed workflow), and one
 * in-store fulfillment covering the lines taken at the counter, since those goods leave with the
 * customer. Lines to ship or collect get theirs from the order-fulfillment workflow.
 */
/** The id of the fulfillment written at placing; states from before 'in-store' say 'counter'. */
const counterFulfillmentId = (orderId: string) => `ful-${orderId}`;

export function placedOrderState(
  order: OrderDoc,
  ackId: number,
  now: string,
  payments: readonly PaymentRecord[],
): OrderStateDoc {
  const taken = counterLines(order);
  const fulfillments: FulfillmentRecord[] =
    taken.length === 0
      ? []
      : [
          {
            id: counterFulfillmentId(order.id),
            location_id: order.location_id,
            provider_id: IN_STORE_PROVIDER_ID,
            items: taken.map((l) => ({ line_id: l.id, quantity: l.quantity })),
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
      // Captures at the counter are events written after this state; the order-placed
      // workflow's end (pipeline.ts) refreshes the state with them and the rest of its history.
      captures: [],
      refunds: [],
      timeline: [placedEntry(order, ackId)],
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

/**
 * The state with the fulfillments the server made since placing (pickups, shipments) next to the
 * in-store one written at placing, and the fulfillment status derived from them all.
 */
export function withFulfillments(
  state: OrderStateDoc,
  lines: readonly { id: string; quantity: number }[],
  later: readonly FulfillmentRecord[],
  /** Units accepted back by returns, by line. */
  returned: readonly { line_id: string; quantity: number }[] = [],
): OrderStateDoc {
  const fulfillments = [
    ...state.fulfillments.filter((f) => f.id === counterFulfillmentId(state.id)),
    ...later,
  ];
  return {
    ...state,
    fulfillments,
    fulfillment_status: deriveFulfillmentStatus(lines, fulfillments, returned),
    returned: [...returned],
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
    captures: [],
    refunds: [],
    timeline: [],
    error: { code: error.code, message: error.message.slice(0, 2000) },
  };
}
