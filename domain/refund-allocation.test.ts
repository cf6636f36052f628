import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateRefund, refundableAcross, refundableOn } from './refund-allocation';
import type { RefundablePayment } from './refund-allocation';

const pay = (
  id: string,
  method: 'cash' | 'card',
  captured: number,
  refunded = 0,
  pending = 0,
): RefundablePayment => ({
  id,
  method,
  captured_amount: captured,
  refunded_amount: refunded,
  pending_refund_amount: pending,
});

const payment = fc
  .record({
    method: fc.constantFrom('cash' as const, 'card' as const),
    captured: fc.integer({ min: 0, max: 1_000_000 }),
    refundedShare: fc.integer({ min: 0, max: 100 }),
    pendingShare: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ method, captured, refundedShare, pendingShare }) => {
    const refunded = Math.floor((captured * refundedShare) / 100);
    const pending = Math.floor(((captured - refunded) * pendingShare) / 100);
    return { method, captured, refunded, pending };
  });
const payments = fc
  .array(payment, { minLength: 1, maxLength: 6 })
  .map((list) => list.map((p, i) => pay(`p${i}`, p.method, p.captured, p.refunded, p.pending)));

describe('refund allocation', () => {
  it('refunds the card before the cash of a split sale', () => {
    const split = [pay('card', 'card', 5000), pay('cash', 'cash', 2000)];
    expect(allocateRefund(6000, split)).toEqual({
      ok: true,
      shares: [
        { payment_id: 'card', amount: 5000 },
        { payment_id: 'cash', amount: 1000 },
      ],
    });
    expect(allocateRefund(3000, split)).toEqual({
      ok: true,
      shares: [{ payment_id: 'card', amount: 3000 }],
    });
  });

  it('unwinds the last card taken first, and skips what is already refunded or pending', () => {
    const cards = [pay('first', 'card', 4000), pay('second', 'card', 3000, 1000, 1500)];
    expect(allocateRefund(1000, cards)).toEqual({
      ok: true,
      shares: [
        { payment_id: 'second', amount: 500 },
        { payment_id: 'first', amount: 500 },
      ],
    });
  });

  it('refuses more than is refundable, naming how much is', () => {
    const sale = [pay('card', 'card', 5000, 2000), pay('cash', 'cash', 1000, 0, 500)];
    expect(allocateRefund(3501, sale)).toEqual({ ok: false, refundable: 3500 });
    expect(allocateRefund(0, sale)).toEqual({ ok: false, refundable: 3500 });
    expect(allocateRefund(1.5, sale)).toEqual({ ok: false, refundable: 3500 });
  });

  it('allocates exactly the amount, never more than any payment has left', () => {
    fc.assert(
      fc.property(payments, fc.integer({ min: 1, max: 6_000_000 }), (list, amount) => {
        const result = allocateRefund(amount, list);
        const refundable = refundableAcross(list);
        if (amount > refundable) {
          expect(result).toEqual({ ok: false, refundable });
          return;
        }
        if (!result.ok) throw new Error('expected an allocation');
        expect(result.shares.reduce((s, x) => s + x.amount, 0)).toBe(amount);
        for (const share of result.shares) {
          const p = list.find((x) => x.id === share.payment_id);
          expect(p).toBeDefined();
          expect(share.amount).toBeGreaterThan(0);
          expect(share.amount).toBeLessThanOrEqual(refundableOn(p as RefundablePayment));
        }
        // Cash is only touched once every card is exhausted.
        const cashUsed = result.shares.some(
          (s) => list.find((p) => p.id === s.payment_id)?.method === 'cash',
        );
        if (cashUsed) {
          for (const p of list.filter((x) => x.method === 'card')) {
            const share = result.shares.find((s) => s.payment_id === p.id)?.amount ?? 0;
            expect(share).toBe(refundableOn(p));
          }
        }
      }),
    );
  });
});
