import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReturnRequestDoc } from './schemas/documents';
import {
  decideReturn,
  returnedByLine,
  returnNeedsApproval,
  returnShapeProblem,
  unreceiptedRefund,
  unreceiptedRefusal,
} from './returns';

const line = { line_id: 'l1', quantity: 3, total: 1000 };

describe('returns', () => {
  it('refunds a line in parts that add up to exactly what was paid for it', () => {
    const first = decideReturn([line], new Map(), [{ line_id: 'l1', quantity: 1 }]);
    expect(first).toMatchObject({ refund_total: 333, shortfalls: [] });
    const second = decideReturn([line], returnedByLine([first.accepted]), [
      { line_id: 'l1', quantity: 2 },
    ]);
    expect(second.refund_total).toBe(667);
  });

  it('cuts a return down to what is left and says by how much', () => {
    const decision = decideReturn([line], new Map([['l1', 2]]), [
      { line_id: 'l1', quantity: 2 },
      { line_id: 'ghost', quantity: 1 },
    ]);
    expect(decision.accepted).toEqual([{ line_id: 'l1', quantity: 1, amount: 334 }]);
    expect(decision.shortfalls).toEqual([
      { line_id: 'l1', requested: 2, returnable: 1, unknown_line: false },
      { line_id: 'ghost', requested: 1, returnable: 0, unknown_line: true },
    ]);
  });

  it('never refunds more than the line cost, however the returns are split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 10 }),
        (quantity, total, parts) => {
          const sold = [{ line_id: 'x', quantity, total }];
          let before = new Map<string, number>();
          let refunded = 0;
          let units = 0;
          for (const q of parts) {
            const d = decideReturn(sold, before, [{ line_id: 'x', quantity: q }]);
            refunded += d.refund_total;
            units += d.accepted.reduce((s, l) => s + l.quantity, 0);
            before = returnedByLine([
              [...before].map(([line_id, n]) => ({ line_id, quantity: n })),
              d.accepted,
            ]);
          }
          expect(units).toBeLessThanOrEqual(quantity);
          expect(refunded).toBeLessThanOrEqual(total);
          if (units === quantity) expect(refunded).toBe(total);
        },
      ),
    );
  });

  it('asks a manager for every return without a receipt, and for receipted ones from the threshold', () => {
    const every = { return_approval_from: 0 };
    const fromTen = { return_approval_from: 1_000 };
    expect(returnNeedsApproval(every, 0, true)).toBe(true);
    expect(returnNeedsApproval(fromTen, 999, true)).toBe(false);
    expect(returnNeedsApproval(fromTen, 1_000, true)).toBe(true);
    expect(returnNeedsApproval(fromTen, 1, false)).toBe(true);
  });

  const LINE = '01900000-0000-7000-8000-000000000009';
  const unreceipted = (patch: Partial<ReturnRequestDoc> = {}): ReturnRequestDoc => ({
    id: '01900000-0000-7000-8000-000000000001',
    store_id: 's',
    device_id: 'd',
    order_id: '',
    cashier_id: 'c',
    approver_id: 'm',
    lines: [
      {
        line_id: LINE,
        quantity: 2,
        reason: 'Other',
        restock: true,
        product_id: 'p',
        unit_refund: 450,
      },
    ],
    refund_method: 'cash',
    refund_amount: 900,
    register_session_id: null,
    created_at: '2026-12-01T10:00:00.000Z',
    updated_at: '2026-12-01T10:00:00.000Z',
    ...patch,
  });

  it('takes a return without a receipt only with products, their refunds, and cash or credit', () => {
    expect(unreceiptedRefund(unreceipted().lines)).toBe(900);
    expect(returnShapeProblem(unreceipted())).toBeNull();
    expect(returnShapeProblem(unreceipted({ refund_method: 'store_credit' }))).toBeNull();
    const bad = [
      unreceipted({ refund_method: 'original' }),
      unreceipted({ refund_amount: 901 }),
      unreceipted({ lines: [{ line_id: LINE, quantity: 1, reason: 'Other', restock: true }] }),
      unreceipted({ order_id: '01900000-0000-7000-8000-000000000002' }),
    ];
    for (const ret of bad) expect(returnShapeProblem(ret)?.code).toBe('INVALID_INPUT');
  });

  it('refuses a return without a receipt with no manager, or above the store’s limit', () => {
    const limit = { unreceipted_return_limit: 900 };
    expect(unreceiptedRefusal(limit, 900, true)).toBeNull();
    expect(unreceiptedRefusal(limit, 901, true)).toBe('over_limit');
    expect(unreceiptedRefusal(limit, 100, false)).toBe('not_approved');
  });
});
