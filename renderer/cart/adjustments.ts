import { missingApprovals, requiredApprovals } from '../../domain/approval-rules';
import type { RequiredApproval } from '../../domain/approval-rules';
import { parseMoney } from '../../domain/money';
import type { Approval, Discount } from '../../domain/schemas';
import { toOrderLines } from './cart';
import type { Cart } from './cart';

/*
 * Discounts, price overrides and the approvals that go with them, as pure cart changes. The
 * register works out the cart a change would make, asks whether that needs a manager
 * (needsApproval), and only then applies it with the approval attached.
 *
 * An approval names its subject by id (a line, or the order), and the server matches it to the
 * order by that id. So every id an approval can name is fixed before anyone is asked, and the
 * changes here mint none: applied again to the same cart, a change gives the same ids.
 */

/** A cart whose sale id is fixed: the id an order-level approval names and the order gets. */
export type SaleCart = Cart & { readonly order_id: string };

export const hasSaleId = (cart: Cart): cart is SaleCart => cart.order_id !== undefined;

/** Fixes the id the sale will be placed under, once: a cart that has one keeps it. */
export function withSaleId(cart: Cart, newId: () => string): SaleCart {
  return hasSaleId(cart) ? cart : { ...cart, order_id: newId() };
}

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

export function setLineDiscount<C extends Cart>(
  cart: C,
  lineId: string,
  discount: Discount | null,
): C {
  return {
    ...cart,
    lines: cart.lines.map((l) => (l.line_id === lineId ? { ...l, discount } : l)),
  };
}

/** Its approval names the order, so it is set on a cart whose sale id is already fixed. */
export function setOrderDiscount(cart: SaleCart, discount: Discount | null): SaleCart {
  return { ...cart, order_discount: discount };
}

/** Sells the line at `price`, remembering the catalog price; the catalog price itself clears it. */
export function overridePrice<C extends Cart>(cart: C, lineId: string, price: number): C {
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
export function withApproval<C extends Cart>(cart: C, approval: Approval): C {
  const others = (cart.approvals ?? []).filter(
    (a) =>
      a.action === 'void_line' ||
      a.action !== approval.action ||
      a.subject_id !== approval.subject_id,
  );
  return { ...cart, approvals: [...others, approval] };
}

/**
 * Payment has started once money is taken for the sale: a tender (cash put in, a card charged)
 * is in the cart. From then on removing a line is a void a manager must approve. Opening the
 * payment screen, or a completion the register refused, takes no money and starts nothing.
 */
export const paymentStarted = (cart: Cart): boolean => (cart.tenders ?? []).length > 0;

/** The cart as the sale the approval rules read. Tax lines do not bear on them: no rates. */
const asSale = (cart: SaleCart) => ({
  id: cart.order_id,
  lines: toOrderLines(cart, new Map()),
  order_discount: cart.order_discount ?? null,
  approvals: cart.approvals ?? [],
});

/**
 * Whether `next` (a cart after one change) needs a manager for that change, whatever approval
 * an earlier version of the change had: approving 25% off does not approve 60% off.
 */
export function needsApproval(
  next: SaleCart,
  thresholdBps: number,
  change: { readonly action: 'discount' | 'price_override'; readonly subject_id: string },
): boolean {
  return requiredApprovals(asSale(next), thresholdBps).some(
    (r) => r.action === change.action && r.subject_id === change.subject_id,
  );
}

/** What the sale still lacks a manager's approval for: why the server would refuse it. */
export function missingCartApprovals(cart: SaleCart, thresholdBps: number): RequiredApproval[] {
  return missingApprovals(asSale(cart), thresholdBps);
}
