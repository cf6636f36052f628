/*
 * Which changes to a sale need a manager's say-so. The register asks before applying them and
 * the server refuses an order that carries one without the matching approval, so both sides
 * read the rule from here.
 */
import { addMinor, multiplyMinor, subtractMinor } from './money';
import type { MinorUnits } from './money';
import type { Approval, Discount, OrderLine } from './schemas/documents';
import type { Role } from './schemas/primitives';
import { computeOrderTotals } from './totals';

/** True when `discount` takes more than `thresholdBps` of `base`. */
export function discountExceedsThreshold(
  base: MinorUnits,
  discount: Discount | null,
  thresholdBps: number,
): boolean {
  if (!discount) return false;
  if (discount.type === 'percent') return discount.bps > thresholdBps;
  if (discount.amount === 0) return false;
  if (base <= 0) return true;
  // Cross-multiplied in BigInt: amount / base > bps / 10 000 without floats or overflow.
  return BigInt(discount.amount) * 10_000n > BigInt(thresholdBps) * BigInt(base);
}

export interface RequiredApproval {
  readonly action: 'discount' | 'price_override';
  /** The line id, or the order id for the order discount. */
  readonly subject_id: string;
  readonly reason: string;
}

interface SaleShape {
  readonly id: string;
  readonly lines: readonly OrderLine[];
  readonly order_discount: Discount | null;
}

/** Line amounts after their own discounts: what the order discount is taken from. */
function linesAfterOwnDiscounts(lines: readonly OrderLine[]): MinorUnits[] {
  return computeOrderTotals({ lines, order_discount: null, tax_inclusive: false }).lines.map((l) =>
    subtractMinor(l.original_total, l.discount_total),
  );
}

const percentText = (bps: number) => `${bps / 100}%`;

/** Every approval the sale needs as it stands. */
export function requiredApprovals(sale: SaleShape, thresholdBps: number): RequiredApproval[] {
  const needed: RequiredApproval[] = [];
  const limit = percentText(thresholdBps);
  for (const line of sale.lines) {
    if (line.original_unit_price !== null) {
      needed.push({
        action: 'price_override',
        subject_id: line.id,
        reason: `line ${line.id} (${line.name}) has an overridden price`,
      });
    }
    const base = multiplyMinor(line.unit_price, line.quantity);
    if (discountExceedsThreshold(base, line.discount, thresholdBps)) {
      needed.push({
        action: 'discount',
        subject_id: line.id,
        reason: `line ${line.id} (${line.name}) has a discount above ${limit}`,
      });
    }
  }
  const orderBase = linesAfterOwnDiscounts(sale.lines).reduce(addMinor, 0);
  if (discountExceedsThreshold(orderBase, sale.order_discount, thresholdBps)) {
    needed.push({
      action: 'discount',
      subject_id: sale.id,
      reason: `the order discount is above ${limit}`,
    });
  }
  return needed;
}

/** The required approvals that no approval on the sale covers (same action and subject). */
export function missingApprovals(
  sale: SaleShape & { readonly approvals: readonly Approval[] },
  thresholdBps: number,
): RequiredApproval[] {
  return requiredApprovals(sale, thresholdBps).filter(
    (need) =>
      !sale.approvals.some((a) => a.action === need.action && a.subject_id === need.subject_id),
  );
}

/** Roles whose PIN approves; a cashier never approves, not even their own request. */
export const APPROVER_ROLES: readonly Role[] = ['manager', 'admin'];

export const canApprove = (role: Role): boolean => APPROVER_ROLES.includes(role);
