import { describe, expect, it } from 'vitest';
import { countedTotal, denominationsOf } from './denominations';
import { cashEventProblem, openSessionId, sessionReport } from './register-session';
import type { CashEventDoc, OrderDoc, OrderLine, Tender } from './schemas/documents';
import { computeOrderTotals, statedTotals } from './totals';

let clock = Date.parse('2026-11-23T09:00:00.000Z');
let seq = 0;
const nextId = () => `0190c3a4-0000-7000-8000-${String(++seq).padStart(12, '0')}`;
const tick = () => new Date((clock += 60_000)).toISOString();

function event(
  type: CashEventDoc['type'],
  amount: number,
  extra: Partial<CashEventDoc> = {},
): CashEventDoc {
  const at = tick();
  return {
    id: nextId(),
    store_id: 'demo-store',
    device_id: 'till-1',
    session_id: 'session-1',
    staff_id: 'staff-casey',
    type,
    amount,
    currency: 'USD',
    reason: type.startsWith('paid') ? 'Window cleaner' : '',
    denominations: [],
    created_at: at,
    updated_at: at,
    ...extra,
  };
}

const vat = { tax_rate_id: 'vat', code: 'VAT', rate_ppm: 200_000 };
const reduced = { tax_rate_id: 'red', code: 'RED', rate_ppm: 50_000 };

function order(
  items: { price: number; qty: number; tax: (typeof vat)[] }[],
  pay: (total: number) => Tender[],
  extra: Partial<OrderDoc> = {},
): OrderDoc {
  const lines: OrderLine[] = items.map((item) => ({
    id: nextId(),
    product_id: 'p',
    sku: 'SKU',
    name: 'Item',
    quantity: item.qty,
    unit_price: item.price,
    original_unit_price: null,
    discount: null,
    tax_lines: item.tax,
    note: '',
  }));
  const discount = extra.order_discount ?? null;
  const totals = computeOrderTotals({ lines, order_discount: discount, tax_inclusive: false });
  const tenders = pay(totals.total);
  const at = tick();
  return {
    id: nextId(),
    store_id: 'demo-store',
    device_id: 'till-1',
    cashier_id: 'staff-casey',
    register_session_id: 'session-1',
    customer_id: null,
    currency: 'USD',
    tax_inclusive: false,
    location_id: 'floor',
    lines,
    order_discount: discount,
    tenders,
    totals: { ...statedTotals(totals), paid_total: tenders.reduce((s, t) => s + t.amount, 0) },
    approvals: [],
    note: '',
    draft_id: null,
    placed_at: at,
    updated_at: at,
    ...extra,
  };
}

const cash = (amount: number, tendered: number): Tender => ({
  id: nextId(),
  method: 'cash',
  amount,
  tendered,
  change: tendered - amount,
});
const card = (amount: number, offline: boolean): Tender => ({
  id: nextId(),
  method: 'card',
  amount,
  reference: 'term-1',
  offline,
  expires_at: null,
});

describe('sessionReport', () => {
  it('has nothing to report before the session is opened', () => {
    expect(sessionReport([event('paid_in', 500)], [])).toBeNull();
  });

  it('sums a shift: sales by tender, tax by code, cash movements and the drawer', () => {
    const open = event('open', 10_000);
    const sales = [
      // 2 × 10.00 at 20% = 24.00, paid 30.00 cash (6.00 change)
      order([{ price: 1000, qty: 2, tax: [vat] }], (t) => [cash(t, 3000)]),
      // 5.00 at 5% = 5.25, by card online
      order([{ price: 500, qty: 1, tax: [reduced] }], (t) => [card(t, false)]),
      // 10.00 at 20% less 10% = 10.80: 5.00 cash, rest by card offline; a voided line
      order([{ price: 1000, qty: 1, tax: [vat] }], (t) => [cash(500, 500), card(t - 500, true)], {
        order_discount: { type: 'percent', bps: 1000 },
        approvals: [
          {
            id: nextId(),
            action: 'void_line',
            approver_id: 'staff-morgan',
            requested_by: 'staff-casey',
            subject_id: 'line',
            detail: 'Removed after payment started',
            approved_at: new Date(clock).toISOString(),
          },
        ],
      }),
    ];
    const events = [
      open,
      event('paid_in', 2_000),
      event('paid_out', 750),
      event('no_sale', 0, { approver_id: 'staff-morgan' }),
      event('close', 36_000, {
        denominations: [
          { value: 10_000, count: 3 },
          { value: 2_000, count: 3 },
        ],
      }),
    ];
    const report = sessionReport(events.reverse(), sales);
    expect(report).toMatchObject({
      session_id: 'session-1',
      status: 'closed',
      opened_by: 'staff-casey',
      counted_cash: 36_000,
    });
    expect(report?.summary).toEqual({
      opening_float: 10_000,
      sale_count: 3,
      gross_sales: 3_500,
      discount_total: 100,
      tax_total: 605,
      net_sales: 4_005,
      taxes: [
        { code: 'RED', amount: 25 },
        { code: 'VAT', amount: 580 },
      ],
      tenders: [
        { method: 'cash', offline: false, count: 2, amount: 2_900 },
        { method: 'card', offline: false, count: 1, amount: 525 },
        { method: 'card', offline: true, count: 1, amount: 580 },
      ],
      paid_in_count: 1,
      paid_in_total: 2_000,
      paid_out_count: 1,
      paid_out_total: 750,
      no_sale_count: 1,
      void_count: 1,
      refund_count: 0,
      refund_total: 0,
      cash_refund_total: 0,
      // 100.00 float + 29.00 cash + 20.00 in − 7.50 out
      expected_cash: 14_150,
    });
    expect(report?.over_short).toBe(36_000 - 14_150);
  });

  it('reports an open session mid-shift with no count yet', () => {
    const report = sessionReport([event('open', 5_000)], []);
    expect(report).toMatchObject({ status: 'open', counted_cash: null, over_short: null });
    expect(report?.summary.expected_cash).toBe(5_000);
  });

  it('counts refunds, and takes only the cash paid out off what the drawer should hold', () => {
    const report = sessionReport(
      [event('open', 5_000)],
      [],
      [
        { amount: 1_200, cash: 1_200 },
        { amount: 800, cash: 300 },
      ],
    );
    expect(report?.summary).toMatchObject({
      refund_count: 2,
      refund_total: 2_000,
      cash_refund_total: 1_500,
      expected_cash: 3_500,
    });
  });
});

describe('openSessionId', () => {
  it('is the latest session opened and not yet closed', () => {
    const first = [event('open', 0, { session_id: 'a' }), event('close', 0, { session_id: 'a' })];
    expect(openSessionId(first)).toBeNull();
    expect(openSessionId([...first, event('open', 100, { session_id: 'b' })])).toBe('b');
  });
});

describe('cashEventProblem', () => {
  it.each([
    ['a paid out with no reason', event('paid_out', 100, { reason: ' ' }), 'Give a reason.'],
    ['a paid in of nothing', event('paid_in', 0), 'The amount must be more than 0.'],
    ['a negative float', event('open', -1), 'The float cannot be negative.'],
    ['a close with no count', event('close', 0), 'Closing needs the count by denomination.'],
    [
      'a no sale that moves money',
      event('no_sale', 5, { approver_id: 'm' }),
      'A no sale moves no money.',
    ],
    [
      'a count that does not add up',
      event('close', 999, { denominations: [{ value: 500, count: 2 }] }),
      'The denominations add up to 1000, not the amount 999.',
    ],
  ])('refuses %s', (_, e, message) => {
    expect(cashEventProblem(e)).toMatchObject({ code: 'INVALID_INPUT', message });
  });

  it('refuses a no sale that names no approving manager, and takes one that does', () => {
    expect(cashEventProblem(event('no_sale', 0))).toMatchObject({
      code: 'BUSINESS_RULE',
      message: 'A no sale opens the drawer but carries no manager approval.',
    });
    expect(cashEventProblem(event('no_sale', 0, { approver_id: 'staff-morgan' }))).toBeNull();
  });

  it('accepts a close whose count adds up', () => {
    const counts = [
      { value: 2000, count: 1 },
      { value: 25, count: 3 },
    ];
    expect(
      cashEventProblem(event('close', countedTotal(counts), { denominations: counts })),
    ).toBeNull();
  });
});

describe('denominationsOf', () => {
  it('lists a known currency largest first and falls back to a 1-2-5 series', () => {
    expect(denominationsOf('USD').slice(0, 3)).toEqual([10_000, 5_000, 2_000]);
    const fallback = denominationsOf('NZD');
    expect(fallback[0]).toBe(50_000);
    expect(fallback.at(-1)).toBe(1);
    expect([...fallback].sort((a, b) => b - a)).toEqual(fallback);
  });
});
