import type { MinorUnits } from './money';
import type { FulfillmentRecord, FulfillmentStatus, PaymentRecord, PaymentStatus } from './schemas';

/*
 * Order statuses are derived from the records, never stored independently of them, so the
 * register and the server cannot disagree. Values and precedence follow Medusa's order model:
 * the first rule that matches wins. An item is fulfilled as soon as a fulfillment not canceled
 * covers it — its provider accepted it, which is when the server deducts its stock — and
 * shipped once that fulfillment left (docs/fulfillment.md).
 */

export function derivePaymentStatus(
  total: MinorUnits,
  payments: readonly PaymentRecord[],
): PaymentStatus {
  if (payments.length === 0) return 'not_paid';
  if (payments.some((p) => p.requires_action)) return 'requires_action';
  if (payments.every((p) => p.canceled)) return 'canceled';
  let captured = 0;
  let refunded = 0;
  let authorized = 0;
  for (const p of payments) {
    // Money that moved counts even on a payment canceled afterwards; a canceled hold does not.
    captured += p.captured_amount;
    refunded += p.refunded_amount;
    if (!p.canceled) authorized += p.authorized_amount;
  }
  if (captured > 0 && refunded >= captured) return 'refunded';
  if (refunded > 0) return 'partially_refunded';
  if (captured >= total) return 'captured';
  if (captured > 0) return 'partially_captured';
  if (authorized >= total) return 'authorized';
  return 'awaiting';
}

type QuantityByLine = Map<string, number>;

function tally(into: QuantityByLine, lineId: string, quantity: number): void {
  into.set(lineId, (into.get(lineId) ?? 0) + quantity);
}

export function deriveFulfillmentStatus(
  lines: readonly { id: string; quantity: number }[],
  fulfillments: readonly FulfillmentRecord[],
  returned: readonly { line_id: string; quantity: number }[],
): FulfillmentStatus {
  if (fulfillments.length > 0 && fulfillments.every((f) => f.canceled)) return 'canceled';

  const fulfilled: QuantityByLine = new Map();
  const shipped: QuantityByLine = new Map();
  for (const f of fulfillments) {
    if (f.canceled) continue;
    for (const item of f.items) {
      tally(fulfilled, item.line_id, item.quantity);
      if (f.shipped || f.delivered) tally(shipped, item.line_id, item.quantity);
    }
  }
  const returnedQty: QuantityByLine = new Map();
  for (const r of returned) tally(returnedQty, r.line_id, r.quantity);

  const covers = (done: QuantityByLine) => ({
    all: lines.length > 0 && lines.every((l) => (done.get(l.id) ?? 0) >= l.quantity),
    some: lines.some((l) => (done.get(l.id) ?? 0) > 0),
  });

  const ret = covers(returnedQty);
  if (ret.all) return 'returned';
  if (ret.some) return 'partially_returned';
  const ship = covers(shipped);
  if (ship.all) return 'shipped';
  if (ship.some) return 'partially_shipped';
  const ful = covers(fulfilled);
  if (ful.all) return 'fulfilled';
  if (ful.some) return 'partially_fulfilled';
  return 'not_fulfilled';
}
