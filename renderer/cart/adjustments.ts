import { requiredApprovals } from '../../domain/approval-rules';
import { parseMoney } from '../../domain/money';
import type { Approval, Discount } from '../../domain/schemas';
import { toOrderLines } from './cart';
import type { Cart } from './cart';

/*
 * Discounts, price overrides and the approvals that go with them, as pure cart changes. The
 * register works out the cart a change would make, asks whether that needs a manager
 * (needsApproval), and only then applies it with the approval attached.
 */

const PERCENT = /^\s*(\d{1,3}(?:\.\d{1,2})?)\s*%\s*$/;

/**
 * What a cashier typed in a discount field: "10%" or "12.5%" is a percent, anything else an
 * amount in the store's currency; empty clears the discount. Undefined when it cannot be read.
 */
export function parseDiscount(text: string, currency: string): Discount | null | undefined {
  if (text.trim() === '') return null;
  const percent = PERCENT.exec(text);
  if (percent) {
    const bps = Math.round(Number(percent[1]) * 100);
    return bps <= 10_000 ? { type: 'percent', bps } : undefined;
  }
  const amount = parseMoney(text, currency);
  return amount === null ? undefined : { type: 'amount', amount };
}

export function setLineDiscount(cart: Cart, lineId: string, discount: Discount | null): Cart {
  return {
    ...cart,
    lines: cart.lines.map((l) => (l.line_id === lineId ? { ...l, discount } : l)),
  };
}

/** The order discount names the order, so the cart fixes the order's id the first time. */
export function setOrderDiscount(cart: Cart, discount: Discount | null, newId: () => string): Cart {
  return { ...cart, order_discount: discount, order_id: cart.order_id ?? newId() };
}

/** Sells the line at `price`, remembering the catalog price; the catalog price itself clears it. */
export function overridePrice(cart: Cart, lineId: string, price: number): Cart {
  return {
    ...cart,
    lines: cart.lines.map((l) => {
      if (l.line_id !== lineId) return l;
      const original = l.original_unit_price ?? l.unit_price;
      return {
        ...l,
        unit_price: price,
        original_unit_price: price === original ? null : original,
      };
    }),
  };
}

/** Adds an approval; a newer one for the same change replaces the older. */
export function withApproval(cart: Cart, approval: Approval): Cart {
  const others = (cart.approvals ?? []).filter(
    (a) =>
      a.action === 'void_line' ||
      a.action !== approval.action ||
      a.subject_id !== approval.subject_id,
  );
  return { ...cart, approvals: [...others, approval] };
}

/**
 * From here on removing a line is a void. The sale's order id is fixed now too: if the register
 * dies between writing the order and clearing the cart, the restored cart names an order that
 * exists, and is recognised as already sold instead of being sold twice.
 */
export function markPaymentStarted(cart: Cart, newId: () => string): Cart {
  if (cart.payment_started && cart.order_id) return cart;
  return { ...cart, payment_started: true, order_id: cart.order_id ?? newId() };
}

/** The subject an order-level approval names: the order id the sale will be placed under. */
export const orderSubject = (cart: Cart): string => cart.order_id ?? '';

/**
 * Whether `next` (a cart after one change) needs a manager for that change, whatever approval
 * an earlier version of the change had: approving 25% off does not approve 60% off.
 */
export function needsApproval(
  next: Cart,
  thresholdBps: number,
  change: { readonly action: 'discount' | 'price_override'; readonly subject_id: string },
): boolean {
  const sale = {
    id: orderSubject(next),
    // Tax lines do not bear on the rule, so no rates are needed here.
    lines: toOrderLines(next, new Map()),
    order_discount: next.order_discount ?? null,
  };
  return requiredApprovals(sale, thresholdBps).some(
    (r) => r.action === change.action && r.subject_id === change.subject_id,
  );
}
