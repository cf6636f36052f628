import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import { OrderDoc } from '../../domain/schemas';
import { verifyOrderTotals } from '../../domain/totals';
import { addProduct, EMPTY_CART, setQuantity } from '../cart/cart';
import { buildSaleOrder } from '../cart/sale-order';
import { product, STORE, VAT } from '../cart/test-fixtures';

const LINE = '01900000-0000-7000-8000-000000000001';
const DRAFT = '01900000-0000-7000-8000-0000000000d1';
const cart = setQuantity(
  addProduct(EMPTY_CART, product({ id: 'a', unit_price: 250, tax_rate_ids: ['vat'] }), LINE),
  LINE,
  2,
);
const base = {
  cart,
  store: STORE,
  taxRates: new Map([[VAT.id, VAT]]),
  deviceId: 'dev-1',
  cashierId: 'staff-casey',
  registerSessionId: 'session-1',
  now: new Date('2025-03-01T10:00:00.000Z'),
  newId: () => uuidv7(),
};
const card = {
  id: uuidv7(),
  method: 'card' as const,
  amount: 400,
  reference: 'term_0123456789abcdef',
  offline: true,
  expires_at: '2025-03-04T10:00:00.000Z',
};

describe('split payment sale', () => {
  it('records card and cash tenders whose change comes from the cash', () => {
    const result = buildSaleOrder({
      ...base,
      payments: [card, { id: uuidv7(), method: 'cash', tendered: 500 }],
      draftId: DRAFT,
    });
    if (!result.ok) throw new Error(result.error.message);
    const order = result.value;
    expect(OrderDoc.safeParse(order).success).toBe(true);
    expect(verifyOrderTotals(order)).toBeNull();
    expect(order.tenders).toMatchObject([
      { method: 'card', amount: 400, offline: true },
      { method: 'cash', amount: 200, tendered: 500, change: 300 },
    ]);
    expect(order.totals.paid_total).toBe(600);
    expect(order.draft_id).toBe(DRAFT);
  });

  it('refuses tenders that do not cover the total', () => {
    const result = buildSaleOrder({ ...base, payments: [card] });
    expect(result.ok).toBe(false);
  });
});
