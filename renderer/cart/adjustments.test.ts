import { describe, expect, it } from 'vitest';
import type { Approval } from '../../domain/schemas';
import {
  missingCartApprovals,
  needsApproval,
  overridePrice,
  parseDiscount,
  paymentStarted,
  setLineDiscount,
  setOrderDiscount,
  withApproval,
  withSaleId,
} from './adjustments';
import { addProduct, EMPTY_CART, restoreCart } from './cart';
import { buildSaleOrder, cartTotals } from './sale-order';
import { product, STORE, VAT } from './test-fixtures';

const LINE = '01900000-0000-7000-8000-000000000001';
const ORDER = '01900000-0000-7000-8000-0000000000aa';
const rates = new Map([[VAT.id, VAT]]);
const cart = withSaleId(
  addProduct(EMPTY_CART, product({ id: 'a', unit_price: 1000, tax_rate_ids: ['vat'] }), LINE),
  () => ORDER,
);
// The fixture store's threshold is the default 20%.
const threshold = STORE.settings.discount_approval_bps;

const approval = (action: Approval['action'], subject_id: string): Approval => ({
  id: '01900000-0000-7000-8000-0000000000ff',
  action,
  approver_id: 'staff-morgan',
  requested_by: 'staff-casey',
  subject_id,
  detail: '',
  approved_at: '2025-03-01T10:00:00.000Z',
});

describe('discount input', () => {
  it('reads percents and amounts in the store currency, empty as none', () => {
    expect(parseDiscount('10%', 'EUR')).toEqual({ type: 'percent', bps: 1000 });
    expect(parseDiscount(' 12.5 % ', 'EUR')).toEqual({ type: 'percent', bps: 1250 });
    expect(parseDiscount('2.50', 'EUR')).toEqual({ type: 'amount', amount: 250 });
    expect(parseDiscount('', 'EUR')).toBeNull();
    expect(parseDiscount('150%', 'EUR')).toBeUndefined();
    expect(parseDiscount('lots', 'EUR')).toBeUndefined();
  });
});

describe('cart adjustments', () => {
  it('changes the live totals by line and order discounts', () => {
    const discounted = setOrderDiscount(
      setLineDiscount(cart, LINE, { type: 'percent', bps: 1000 }),
      { type: 'amount', amount: 100 },
    );
    expect(cartTotals(discounted, rates, false)).toMatchObject({
      subtotal: 1000,
      discount_total: 200,
      tax_total: 160,
      total: 960,
    });
  });

  it('needs a manager above the threshold only', () => {
    const small = setLineDiscount(cart, LINE, { type: 'percent', bps: 2000 });
    const large = setLineDiscount(cart, LINE, { type: 'amount', amount: 201 });
    const change = { action: 'discount' as const, subject_id: LINE };
    expect(needsApproval(small, threshold, change)).toBe(false);
    expect(needsApproval(large, threshold, change)).toBe(true);
    const order = setOrderDiscount(cart, { type: 'percent', bps: 5000 });
    expect(needsApproval(order, threshold, { action: 'discount', subject_id: ORDER })).toBe(true);
  });

  it('asks again for a bigger discount even if a smaller one was approved', () => {
    const approved = withApproval(
      setLineDiscount(cart, LINE, { type: 'percent', bps: 3000 }),
      approval('discount', LINE),
    );
    const bigger = setLineDiscount(approved, LINE, { type: 'percent', bps: 6000 });
    expect(needsApproval(bigger, threshold, { action: 'discount', subject_id: LINE })).toBe(true);
  });

  it('keeps the catalog price of an overridden line, and always needs a manager for it', () => {
    const once = overridePrice(cart, LINE, 800);
    const twice = overridePrice(once, LINE, 700);
    expect(twice.lines[0]).toMatchObject({ unit_price: 700, original_unit_price: 1000 });
    expect(needsApproval(twice, threshold, { action: 'price_override', subject_id: LINE })).toBe(
      true,
    );
    expect(overridePrice(twice, LINE, 1000).lines[0]).toMatchObject({
      unit_price: 1000,
      original_unit_price: null,
    });
  });

  it('replaces an approval for the same change but keeps every line void', () => {
    let next = withApproval(cart, approval('discount', LINE));
    next = withApproval(next, { ...approval('discount', LINE), detail: 'newer' });
    next = withApproval(next, approval('void_line', 'x'));
    next = withApproval(next, approval('void_line', 'x'));
    expect(next.approvals?.map((a) => [a.action, a.detail])).toEqual([
      ['discount', 'newer'],
      ['void_line', ''],
      ['void_line', ''],
    ]);
  });

  it('survives a reload with its discounts, approvals and tenders', () => {
    const full = {
      ...withApproval(
        setOrderDiscount(cart, { type: 'percent', bps: 5000 }),
        approval('discount', ORDER),
      ),
      tenders: [{ id: LINE, method: 'cash' as const, tendered: 500 }],
    };
    expect(full.order_id).toBe(ORDER);
    expect(restoreCart(JSON.parse(JSON.stringify(full)))).toEqual(full);
  });
});

describe('the ids an approval names', () => {
  it('fixes the sale id once, and no change mints another', () => {
    let minted = 0;
    const newId = () => `01900000-0000-7000-8000-00000000000${++minted}`;
    const fixed = withSaleId(addProduct(EMPTY_CART, product({ id: 'a' }), LINE), newId);
    expect(withSaleId(fixed, newId)).toBe(fixed);
    const discounted = setOrderDiscount(fixed, { type: 'percent', bps: 3000 });
    // The register applies a change once to ask, and again to the cart once approved.
    expect(setOrderDiscount(fixed, { type: 'percent', bps: 3000 })).toEqual(discounted);
    expect(discounted.order_id).toBe(fixed.order_id);
    expect(minted).toBe(1);
  });

  it('finds an order discount covered by an approval naming the sale id, and only that', () => {
    const discounted = setOrderDiscount(cart, { type: 'percent', bps: 3000 });
    expect(missingCartApprovals(discounted, threshold)).toEqual([
      expect.objectContaining({ action: 'discount', subject_id: ORDER }),
    ]);
    const elsewhere = withApproval(discounted, approval('discount', LINE));
    expect(missingCartApprovals(elsewhere, threshold)).toHaveLength(1);
    expect(
      missingCartApprovals(withApproval(discounted, approval('discount', ORDER)), threshold),
    ).toEqual([]);
  });
});

describe('payment started', () => {
  it('starts when money is taken, not when the payment screen opens', () => {
    expect(paymentStarted(cart)).toBe(false);
    expect(paymentStarted({ ...cart, tenders: [] })).toBe(false);
    expect(
      paymentStarted({ ...cart, tenders: [{ id: LINE, method: 'cash', tendered: 100 }] }),
    ).toBe(true);
  });
});

describe('a sale with approvals', () => {
  const sale = {
    store: STORE,
    taxRates: rates,
    deviceId: 'dev-1',
    cashierId: 'staff-casey',
    registerSessionId: 'session-1',
    now: new Date('2025-03-01T10:00:00.000Z'),
    newId: () => '01900000-0000-7000-8000-0000000000bb',
    tendered: 10_000,
  };

  it('is refused at the register while an approval is missing', () => {
    const unapproved = setOrderDiscount(cart, { type: 'percent', bps: 5000 });
    const result = buildSaleOrder({ ...sale, cart: unapproved });
    expect(result).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } });
  });

  it('carries the discount and approval under the order id the approval names', () => {
    const approved = withApproval(
      setOrderDiscount(cart, { type: 'percent', bps: 5000 }),
      approval('discount', ORDER),
    );
    const result = buildSaleOrder({ ...sale, cart: approved });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({
      id: ORDER,
      order_discount: { type: 'percent', bps: 5000 },
      approvals: [approval('discount', ORDER)],
      totals: { discount_total: 500, total: 600 },
    });
  });
});
