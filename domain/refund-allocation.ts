import type { Tender } from './schemas/documents';
import type { MinorUnits } from './money';

/*
 * How a refund is split across the tenders a sale was paid with — the rule is written here
 * once, and the server and the register both use it:
 *
 * 1. Card (and every other non-cash) payments first, then cash. Money goes back the way it
 *    came, and a refund can never turn a card payment into cash out of the drawer.
 * 2. Within each group, the payment taken last is refunded first (the reverse of tendering),
 *    so a split sale unwinds like a stack.
 * 3. Each payment gives back at most what is refundable on it: captured, minus refunded,
 *    minus refunds already requested and not yet settled.
 *
 * A refund larger than the order's refundable amount is refused as a whole, never trimmed.
 */

export interface RefundablePayment {
  readonly id: string;
  readonly method: Tender['method'];
  readonly captured_amount: MinorUnits;
  readonly refunded_amount: MinorUnits;
  /** Refunds requested against this payment that the provider has not settled yet. */
  readonly pending_refund_amount: MinorUnits;
}

export interface RefundShare {
  readonly payment_id: string;
  readonly amount: MinorUnits;
}

export type RefundAllocation =
  | { readonly ok: true; readonly shares: readonly RefundShare[] }
  | { readonly ok: false; readonly refundable: MinorUnits };

export const refundableOn = (p: RefundablePayment): MinorUnits =>
  Math.max(0, p.captured_amount - p.refunded_amount - p.pending_refund_amount);

export const refundableAcross = (payments: readonly RefundablePayment[]): MinorUnits =>
  payments.reduce((sum, p) => sum + refundableOn(p), 0);

/** `payments` in the order the tenders were taken. */
export function allocateRefund(
  amount: MinorUnits,
  payments: readonly RefundablePayment[],
): RefundAllocation {
  const refundable = refundableAcross(payments);
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > refundable) {
    return { ok: false, refundable };
  }
  const lastFirst = [...payments].reverse();
  const ordered = [
    ...lastFirst.filter((p) => p.method === 'card'),
    // Cash and exchange credit were both settled at the counter, and are paid back there.
    ...lastFirst.filter((p) => p.method !== 'card'),
  ];
  const shares: RefundShare[] = [];
  let left = amount;
  for (const p of ordered) {
    if (left === 0) break;
    const take = Math.min(left, refundableOn(p));
    if (take > 0) shares.push({ payment_id: p.id, amount: take });
    left -= take;
  }
  return { ok: true, shares };
}
