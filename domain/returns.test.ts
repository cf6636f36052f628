import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideReturn, returnedByLine, returnNeedsApproval } from './returns';

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
});
