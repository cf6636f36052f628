import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uuidv7 } from './ids';
import { OrderDoc } from './schemas/documents';
import type { Discount, OrderLine, Tender } from './schemas/documents';
import {
  cashChange,
  computeOrderTotals,
  refundableAmount,
  statedTotals,
  verifyOrderTotals,
} from './totals';

const PPM = 1_000_000n;

function line(
  unit_price: number,
  quantity: number,
  ratesPpm: readonly number[],
  discount: Discount | null = null,
): OrderLine {
  return {
    id: uuidv7(),
    product_id: 'p',
    sku: 'SKU',
    name: 'Item',
    quantity,
    unit_price,
    original_unit_price: null,
    discount,
    tax_lines: ratesPpm.map((rate_ppm, i) => ({ tax_rate_id: `t${i}`, code: `T${i}`, rate_ppm })),
    note: '',
  };
}

const cash = (amount: number, tendered = amount): Tender => ({
  id: uuidv7(),
  method: 'cash',
  amount,
  tendered,
  change: tendered - amount,
});

const card = (amount: number): Tender => ({
  id: uuidv7(),
  method: 'card',
  amount,
  reference: 'tok_123',
  offline: false,
  expires_at: null,
});

describe('computeOrderTotals — hand-checked examples', () => {
  it('3 × 3.33 at 20% exclusive: tax 1.998 rounds to 2.00', () => {
    const t = computeOrderTotals({
      lines: [line(333, 3, [200_000])],
      order_discount: null,
      tax_inclusive: false,
    });
    expect(t).toMatchObject({
      subtotal: 999,
      discount_total: 0,
      tax_total: 200,
      total: 1199,
      paid_total: 0,
    });
    expect(t.lines[0]?.taxes).toEqual([{ tax_rate_id: 't0', amount: 200 }]);
  });

  it('New York 8.875% is rounded per line, not on the order sum', () => {
    // 4.50 × 8.875% = 0.399375 → 0.40; 12.00 × 8.875% = 1.065 → 1.07 (half away from zero).
    // On the order sum it would be 16.50 × 8.875% = 1.464375 → 1.46; the rule gives 1.47.
    const t = computeOrderTotals({
      lines: [line(450, 1, [88_750]), line(1200, 1, [88_750])],
      order_discount: null,
      tax_inclusive: false,
    });
    expect(t.lines.map((l) => l.tax_total)).toEqual([40, 107]);
    expect(t).toMatchObject({ subtotal: 1650, tax_total: 147, total: 1797 });
  });

  it('19.99 including 20% VAT contains 3.33 of tax', () => {
    // net = round(19.99 / 1.2) = round(16.658…) = 16.66; tax = 19.99 − 16.66.
    const t = computeOrderTotals({
      lines: [line(1999, 1, [200_000])],
      order_discount: null,
      tax_inclusive: true,
      tenders: [cash(1999, 2000)],
    });
    expect(t).toMatchObject({
      subtotal: 1999,
      discount_total: 0,
      tax_total: 333,
      total: 1999,
      paid_total: 1999,
    });
  });

  it('splits an inclusive line tax across two rates in proportion to the rates', () => {
    // 10.00 including 5% + 10%: net = round(10 / 1.15) = 8.70, tax 1.30 split 1:2 → 0.43 / 0.87.
    const t = computeOrderTotals({
      lines: [line(1000, 1, [50_000, 100_000])],
      order_discount: null,
      tax_inclusive: true,
    });
    expect(t.lines[0]?.taxes.map((x) => x.amount)).toEqual([43, 87]);
    expect(t.tax_total).toBe(130);
  });

  it('allocates a 10% order discount over 3 lines by largest remainder', () => {
    // After line discounts: 10.00, 5.00, and 2 × 2.00 − 0.67 = 3.33; sum 18.33, 10% = 1.833 → 1.83.
    // Exact shares 0.99836, 0.49918, 0.33246 → floors 99 + 49 + 33 = 181; the two leftover
    // cents go to the largest remainders (line 2, then line 1): 100, 50, 33.
    const t = computeOrderTotals({
      lines: [
        line(1000, 1, [200_000]),
        line(500, 1, [200_000]),
        line(200, 2, [200_000], { type: 'amount', amount: 67 }),
      ],
      order_discount: { type: 'percent', bps: 1000 },
      tax_inclusive: false,
      tenders: [card(1980)],
    });
    expect(t.lines.map((l) => l.discount_total)).toEqual([100, 50, 100]);
    expect(t.lines.map((l) => l.tax_total)).toEqual([180, 90, 60]);
    expect(t).toMatchObject({
      subtotal: 1900,
      discount_total: 250,
      tax_total: 330,
      total: 1980,
      paid_total: 1980,
    });
  });

  it('clamps an amount discount larger than the line, and an order discount larger than the order', () => {
    const t = computeOrderTotals({
      lines: [line(500, 1, [200_000], { type: 'amount', amount: 800 }), line(300, 1, [200_000])],
      order_discount: { type: 'amount', amount: 10_000 },
      tax_inclusive: false,
    });
    expect(t.lines.map((l) => [l.discount_total, l.tax_total, l.total])).toEqual([
      [500, 0, 0],
      [300, 0, 0],
    ]);
    expect(t).toMatchObject({ subtotal: 800, discount_total: 800, tax_total: 0, total: 0 });
  });

  it('applies a percent line discount before tax', () => {
    // 2 × 12.50 = 25.00, 15% off = 3.75 → 21.25; 8.875% of 21.25 = 1.8859 → 1.89.
    const t = computeOrderTotals({
      lines: [line(1250, 2, [88_750], { type: 'percent', bps: 1500 })],
      order_discount: null,
      tax_inclusive: false,
    });
    expect(t).toMatchObject({ subtotal: 2500, discount_total: 375, tax_total: 189, total: 2314 });
  });
});

const rate = fc.oneof(
  fc.constantFrom(0, 50_000, 88_750, 200_000, 70_000),
  fc.integer({ min: 0, max: 300_000 }),
);
const discount: fc.Arbitrary<Discount | null> = fc.oneof(
  fc.constant(null),
  fc.record({ type: fc.constant('percent' as const), bps: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ type: fc.constant('amount' as const), amount: fc.integer({ min: 0, max: 2e8 }) }),
);
const cart = fc.record({
  lines: fc.array(
    fc
      .tuple(
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(rate, { maxLength: 3 }),
        discount,
      )
      .map(([price, qty, rates, d]) => line(price, qty, rates, d)),
    { minLength: 1, maxLength: 20 },
  ),
  order_discount: discount,
  tax_inclusive: fc.boolean(),
  tenders: fc.array(fc.integer({ min: 0, max: 1e9 }).map(card), { maxLength: 3 }),
});

describe('computeOrderTotals — reconciles for any cart', () => {
  it('line totals sum to the order totals and the identities hold', () => {
    fc.assert(
      fc.property(cart, (input) => {
        const t = computeOrderTotals(input);
        const sum = (f: (l: (typeof t.lines)[number]) => number) =>
          t.lines.reduce((s, l) => s + f(l), 0);
        expect(sum((l) => l.subtotal)).toBe(t.subtotal);
        expect(sum((l) => l.discount_total)).toBe(t.discount_total);
        expect(sum((l) => l.tax_total)).toBe(t.tax_total);
        expect(sum((l) => l.total)).toBe(t.total);
        expect(t.total).toBe(
          input.tax_inclusive
            ? t.subtotal - t.discount_total
            : t.subtotal - t.discount_total + t.tax_total,
        );
        expect(t.paid_total).toBe(input.tenders.reduce((s, x) => s + x.amount, 0));
        for (const [field, value] of Object.entries(t)) {
          if (typeof value === 'number') expect(value, field).toBeGreaterThanOrEqual(0);
        }
        t.lines.forEach((l, i) => {
          const source = input.lines[i];
          expect(l.line_id).toBe(source?.id);
          expect(l.original_total).toBe((source?.unit_price ?? 0) * (source?.quantity ?? 0));
          expect(l.discount_total).toBeLessThanOrEqual(l.subtotal);
          expect(l.total).toBeGreaterThanOrEqual(0);
          expect(l.taxes.reduce((s, x) => s + x.amount, 0)).toBe(l.tax_total);
          l.taxes.forEach((x) => expect(x.amount).toBeGreaterThanOrEqual(0));
          const discounted = BigInt(l.subtotal - l.discount_total);
          const rates = (source?.tax_lines ?? []).map((x) => BigInt(x.rate_ppm));
          if (input.tax_inclusive) {
            // The net left after extracting tax is the exact net rounded to the minor unit.
            const combined = rates.reduce((s, r) => s + r, 0n);
            const error = (discounted - BigInt(l.tax_total)) * (PPM + combined) - discounted * PPM;
            expect(2n * (error < 0n ? -error : error) <= PPM + combined).toBe(true);
          } else {
            l.taxes.forEach((x, j) => {
              const error = BigInt(x.amount) * PPM - discounted * (rates[j] ?? 0n);
              expect(2n * (error < 0n ? -error : error) <= PPM).toBe(true);
            });
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('an order discount only moves money between lines by whole units, never overshooting', () => {
    fc.assert(
      fc.property(cart, (input) => {
        const without = computeOrderTotals({ ...input, order_discount: null });
        const withIt = computeOrderTotals(input);
        withIt.lines.forEach((l, i) => {
          const before = without.lines[i];
          expect(l.discount_total).toBeGreaterThanOrEqual(before?.discount_total ?? 0);
          expect(l.total).toBeLessThanOrEqual(before?.total ?? 0);
        });
      }),
    );
  });
});

describe('refundableAmount and cashChange', () => {
  it.each([
    [2000, 0, 2000],
    [2000, 500, 1500],
    [2000, 2000, 0],
    [2000, 2500, 0],
  ])('paid %i, refunded %i → %i refundable', (paid, refunded, expected) => {
    expect(refundableAmount(paid, refunded)).toBe(expected);
  });

  it('is never negative and never more than what is left', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9e15 }),
        fc.integer({ min: 0, max: 9e15 }),
        (paid, refunded) => {
          const r = refundableAmount(paid, refunded);
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThanOrEqual(Math.max(0, paid - refunded));
          expect(r).toBeLessThanOrEqual(paid);
        },
      ),
    );
  });

  it.each([
    [1735, 2000, 265],
    [1735, 1735, 0],
    [1735, 1000, 0],
  ])('due %i, tendered %i → change %i', (due, tendered, change) => {
    expect(cashChange(due, tendered)).toBe(change);
  });
});

describe('verifyOrderTotals', () => {
  function order(overrides: Partial<OrderDoc> = {}): OrderDoc {
    const lines = [line(1000, 1, [200_000]), line(500, 2, [88_750])];
    const tenders = overrides.tenders ?? [card(1000), cash(1289, 2000)];
    const t = computeOrderTotals({ lines, order_discount: null, tax_inclusive: false, tenders });
    return OrderDoc.parse({
      id: uuidv7(),
      store_id: 'store-1',
      device_id: 'device-1',
      cashier_id: 'staff-1',
      register_session_id: null,
      customer_id: null,
      currency: 'USD',
      tax_inclusive: false,
      location_id: 'loc-1',
      lines,
      order_discount: null,
      tenders,
      totals: statedTotals(t),
      approvals: [],
      note: '',
      draft_id: null,
      placed_at: '2025-01-01T10:00:00.000Z',
      updated_at: '2025-01-01T10:00:00.000Z',
      ...overrides,
    });
  }

  it('accepts an order whose totals and tenders add up', () => {
    // 10.00 + 2.00 VAT, 2 × 5.00 + 0.89 NY tax: 22.89, paid 10.00 by card and 12.89 in cash.
    const o = order();
    expect(o.totals).toEqual({
      subtotal: 2000,
      discount_total: 0,
      tax_total: 289,
      total: 2289,
      paid_total: 2289,
    });
    expect(verifyOrderTotals(o)).toBeNull();
  });

  it.each(['subtotal', 'discount_total', 'tax_total', 'total', 'paid_total'] as const)(
    'refuses a stated %s that the lines do not give',
    (field) => {
      const o = order();
      const stated = o.totals[field] + 1;
      const error = verifyOrderTotals({ ...o, totals: { ...o.totals, [field]: stated } });
      expect(error?.code).toBe('TOTALS_MISMATCH');
      expect(error?.message).toContain(`totals.${field}`);
      expect(error?.message).toContain(String(stated));
      expect(error?.message).toContain(String(o.totals[field]));
    },
  );

  it('refuses tenders that do not pay the total exactly', () => {
    const short = order({ tenders: [card(1500)] });
    expect(verifyOrderTotals(short)).toEqual({
      code: 'BUSINESS_RULE',
      message: 'tenders pay 1500 of 2289',
    });
    const over = order({ tenders: [card(2000), card(1000)] });
    expect(verifyOrderTotals(over)?.message).toBe('tenders pay 3000 of 2289');
  });

  it('refuses cash change that is not tendered − amount', () => {
    const o = order();
    const tenders = o.tenders.map((t) => (t.method === 'cash' ? { ...t, change: 600 } : t));
    const error = verifyOrderTotals({ ...o, tenders });
    expect(error?.code).toBe('BUSINESS_RULE');
    expect(error?.message).toContain('change 600');
    expect(error?.message).toContain('711');
  });

  it('refuses cash that applies more than was handed over', () => {
    const o = order({ tenders: [card(1000), cash(1289, 1289)] });
    const tenders = o.tenders.map((t) =>
      t.method === 'cash' ? { ...t, tendered: 1000, change: 0 } : t,
    );
    const error = verifyOrderTotals({ ...o, tenders });
    expect(error?.code).toBe('BUSINESS_RULE');
    expect(error?.message).toContain('only 1000 was tendered');
  });

  it('answers INVALID_INPUT instead of throwing when amounts overflow', () => {
    const o = order();
    const huge = { ...o, lines: [line(9e15, 1_000_000, [])] };
    expect(verifyOrderTotals(huge)?.code).toBe('INVALID_INPUT');
  });
});
