import { describe, expect, it } from 'vitest';
import { OrderDoc } from '../../domain/schemas';
import { uuidv7 } from '../../domain/ids';
import { addProduct, EMPTY_CART, setQuantity } from './cart';
import { buildSaleOrder, cartTotals } from './sale-order';
import { product, STORE, VAT } from './test-fixtures';

const LINE = '01900000-0000-7000-8000-000000000001';
const rates = new Map([[VAT.id, VAT]]);
const cart = setQuantity(
  addProduct(EMPTY_CART, product({ id: 'a', unit_price: 250, tax_rate_ids: ['vat'] }), LINE),
  LINE,
  2,
);
const base = {
  cart,
  store: STORE,
  taxRates: rates,
  deviceId: 'dev-1',
  cashierId: 'staff-casey',
  registerSessionId: 'session-1',
  now: new Date('2025-03-01T10:00:00.000Z'),
  newId: () => uuidv7(),
};

describe('cash sale', () => {
  it('adds tax on top of exclusive prices', () => {
    expect(cartTotals(cart, rates, false)).toMatchObject({
      subtotal: 500,
      tax_total: 100,
      total: 600,
    });
  });

  it('records one valid order with the change to hand back', () => {
    const result = buildSaleOrder({ ...base, tendered: 1000 });
    if (!result.ok) throw new Error(result.error.message);
    const order = result.value;
    expect(OrderDoc.parse(order)).toEqual(order);
    expect(order).toMatchObject({
      store_id: 'store-1',
      device_id: 'dev-1',
      cashier_id: 'staff-casey',
      register_session_id: 'session-1',
      customer_id: null,
      location_id: 'loc-1',
      currency: 'EUR',
      placed_at: '2025-03-01T10:00:00.000Z',
      totals: { subtotal: 500, discount_total: 0, tax_total: 100, total: 600, paid_total: 600 },
    });
    expect(order.tenders).toEqual([
      { id: expect.any(String), method: 'cash', amount: 600, tendered: 1000, change: 400 },
    ]);
    expect(order.lines[0]).toMatchObject({ id: LINE, quantity: 2, unit_price: 250 });
  });

  it('refuses an under-tender and an empty cart', () => {
    const short = buildSaleOrder({ ...base, tendered: 599 });
    expect(short.ok ? null : short.error.code).toBe('BUSINESS_RULE');
    const empty = buildSaleOrder({ ...base, cart: EMPTY_CART, tendered: 1000 });
    expect(empty.ok ? null : empty.error.code).toBe('BUSINESS_RULE');
  });
});
