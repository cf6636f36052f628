import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import type { OrderDoc, OrderStateDoc } from '../../domain/schemas';
import { buildSaleOrder } from '../cart/sale-order';
import { addProduct, EMPTY_CART, setQuantity } from '../cart/cart';
import { cashSaleInput, product } from '../cart/test-fixtures';
import { planReturn } from './record-return';
import type { ReturnInput } from './record-return';
import { returnableLines } from './returnable';

function sale(): OrderDoc {
  let cart = addProduct(EMPTY_CART, product({ id: 'mug', unit_price: 500 }), uuidv7());
  cart = setQuantity(cart, cart.lines[0]?.line_id ?? '', 3);
  const built = buildSaleOrder(cashSaleInput(cart, 1_500));
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

function state(order: OrderDoc, patch: Partial<OrderStateDoc>): OrderStateDoc {
  return {
    id: order.id,
    store_id: order.store_id,
    updated_at: order.updated_at,
    ack_id: 1,
    status: 'completed',
    payment_status: 'captured',
    fulfillment_status: 'fulfilled',
    total: order.totals.total,
    paid_total: order.totals.total,
    refunded_total: 0,
    payments: [],
    fulfillments: [],
    exceptions: [],
    captures: [],
    refunds: [],
    timeline: [],
    error: null,
    ...patch,
  };
}

const input = (order: OrderDoc, patch: Partial<ReturnInput>): ReturnInput => ({
  order,
  state: null,
  local: [],
  deviceId: 'dev-1',
  cashierId: 'staff-casey',
  approverId: 'staff-morgan',
  sessionId: 'session-1',
  lines: [],
  refundMethod: 'cash',
  ...patch,
});

const take = (order: OrderDoc, quantity: number) => [
  { line_id: order.lines[0]?.id ?? '', quantity, reason: 'Damaged', restock: false },
];

function plan(patch: Partial<ReturnInput>, order: OrderDoc) {
  const planned = planReturn(input(order, patch));
  if (!planned.ok) throw new Error(planned.error.message);
  return planned.value;
}

describe('what is left to return', () => {
  it('counts a return made here before the server has decided it', () => {
    const order = sale();
    const first = plan({ lines: take(order, 2) }, order).doc;
    expect(returnableLines(order, null, [first])[0]).toMatchObject({
      returned: 2,
      returnable: 1,
    });
  });

  it('never counts a return twice once the server has decided it', () => {
    const order = sale();
    const first = plan({ lines: take(order, 2) }, order).doc;
    const decided = state(order, {
      returned: [{ line_id: first.lines[0]?.line_id ?? '', quantity: 2 }],
      return_ids: [first.id],
    });
    expect(returnableLines(order, decided, [first])[0]).toMatchObject({
      returned: 2,
      returnable: 1,
    });
  });

  it("adds other registers' returns from the server to this register's undecided ones", () => {
    const order = sale();
    const mine = plan({ lines: take(order, 1) }, order).doc;
    const elsewhere = state(order, {
      returned: [{ line_id: order.lines[0]?.id ?? '', quantity: 1 }],
      return_ids: ['0190c3a4-0000-7000-8000-000000000099'],
    });
    expect(returnableLines(order, elsewhere, [mine])[0]?.returnable).toBe(1);
  });

  it('refuses a second offline return that would take back more than was sold', () => {
    const order = sale();
    const first = plan({ lines: take(order, 2) }, order).doc;
    expect(planReturn(input(order, { local: [first], lines: take(order, 2) }))).toMatchObject({
      ok: false,
      error: { message: 'Nothing left to return of that line.' },
    });
    const last = plan({ local: [first], lines: take(order, 1) }, order);
    // 3 × 5.00 sold: 10.00 then 5.00, adding up to the line's total.
    expect([first.refund_amount, last.doc.refund_amount]).toEqual([1_000, 500]);
    expect(last.split).toEqual({ card: 0, cash: 500 });
  });
});
