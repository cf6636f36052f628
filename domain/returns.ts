import { appError } from './errors';
import type { AppError } from './errors';
import type { MinorUnits } from './money';
import type { OrderDoc, ReturnRequestDoc, StoreSettings } from './schemas/documents';
import { computeOrderTotals } from './totals';

/*
 * What a return may take back and what it refunds, the same on the register and the server.
 *
 * A line can be returned up to the quantity sold, less what accepted returns already took. A
 * request for more is cut down to what is left (the rest is an exception for a person, since a
 * register offline may already have paid it out).
 *
 * The refund of q units of a line whose n units cost `total` (discounts and tax included) is
 * the line's cumulative share: floor(total × (before + q) / n) − floor(total × before / n). Any
 * set of returns that takes the whole line back refunds exactly its total, and no split of the
 * same units refunds more than another.
 */

export interface SoldLine {
  readonly line_id: string;
  readonly quantity: number;
  /** What the customer paid for the whole line. */
  readonly total: MinorUnits;
}

export interface RequestedReturnLine {
  readonly line_id: string;
  readonly quantity: number;
}

export interface AcceptedReturnLine {
  readonly line_id: string;
  readonly quantity: number;
  readonly amount: MinorUnits;
}

export interface ReturnShortfall {
  readonly line_id: string;
  readonly requested: number;
  /** What was still returnable when this return was taken. */
  readonly returnable: number;
  /** The line is not on the order at all. */
  readonly unknown_line: boolean;
}

export interface ReturnDecision {
  readonly accepted: readonly AcceptedReturnLine[];
  readonly shortfalls: readonly ReturnShortfall[];
  readonly refund_total: MinorUnits;
}

/** Each line of a sale with what the customer paid for it. */
export function soldLines(
  order: Pick<OrderDoc, 'lines' | 'order_discount' | 'tax_inclusive'>,
): SoldLine[] {
  const totals = computeOrderTotals({
    lines: order.lines,
    order_discount: order.order_discount,
    tax_inclusive: order.tax_inclusive,
  });
  return order.lines.map((l, i) => ({
    line_id: l.id,
    quantity: l.quantity,
    total: totals.lines[i]?.total ?? 0,
  }));
}

const shareUpTo = (line: SoldLine, units: number): MinorUnits =>
  Math.floor((line.total * units) / line.quantity);

/** Quantities already returned, by line, from accepted returns' lines. */
export function returnedByLine(
  returns: readonly (readonly RequestedReturnLine[])[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const lines of returns) {
    for (const l of lines) out.set(l.line_id, (out.get(l.line_id) ?? 0) + l.quantity);
  }
  return out;
}

export function decideReturn(
  sold: readonly SoldLine[],
  returnedBefore: ReadonlyMap<string, number>,
  requested: readonly RequestedReturnLine[],
): ReturnDecision {
  const byId = new Map(sold.map((l) => [l.line_id, l]));
  const taken = new Map(returnedBefore);
  const accepted: AcceptedReturnLine[] = [];
  const shortfalls: ReturnShortfall[] = [];
  for (const r of requested) {
    const line = byId.get(r.line_id);
    if (!line) {
      shortfalls.push({ ...lineOf(r), returnable: 0, unknown_line: true });
      continue;
    }
    const before = taken.get(r.line_id) ?? 0;
    const returnable = Math.max(0, line.quantity - before);
    const quantity = Math.min(r.quantity, returnable);
    if (quantity < r.quantity) {
      shortfalls.push({ ...lineOf(r), returnable, unknown_line: false });
    }
    if (quantity === 0) continue;
    taken.set(r.line_id, before + quantity);
    accepted.push({
      line_id: r.line_id,
      quantity,
      amount: shareUpTo(line, before + quantity) - shareUpTo(line, before),
    });
  }
  return { accepted, shortfalls, refund_total: accepted.reduce((s, l) => s + l.amount, 0) };
}

const lineOf = (r: RequestedReturnLine) => ({ line_id: r.line_id, requested: r.quantity });

/**
 * Whether a return needs a manager's approval: one without a receipt always does; one with a
 * receipt when it refunds at least the store's threshold (0: every return).
 */
export function returnNeedsApproval(
  settings: Pick<StoreSettings, 'return_approval_from'>,
  refund: MinorUnits,
  receipted: boolean,
): boolean {
  return !receipted || refund >= settings.return_approval_from;
}

/*
 * A return without a receipt names products instead of a sale's lines, each with what one unit
 * refunds (the register offers the catalog price). It refunds in cash or as store credit, never
 * to a card nobody can name, always with a manager, and at most the store's limit.
 */

type ReturnedUnits = Pick<ReturnRequestDoc['lines'][number], 'quantity' | 'unit_refund'>;

export function unreceiptedRefund(lines: readonly ReturnedUnits[]): MinorUnits {
  return lines.reduce((sum, l) => sum + l.quantity * (l.unit_refund ?? 0), 0);
}

/** Why a pushed return request is malformed, or null: checked before it is stored. */
export function returnShapeProblem(ret: ReturnRequestDoc): AppError | null {
  if (ret.order_id !== '') {
    return ret.lines.some((l) => l.product_id !== undefined || l.unit_refund !== undefined)
      ? appError('INVALID_INPUT', 'a return with a receipt names the sale’s lines, not products')
      : null;
  }
  if (ret.lines.some((l) => l.product_id === undefined || l.unit_refund === undefined)) {
    return appError(
      'INVALID_INPUT',
      'each line of a return without a receipt names a product and its refund',
    );
  }
  if (ret.refund_method === 'original') {
    return appError('INVALID_INPUT', 'a return without a receipt refunds in cash or store credit');
  }
  if (ret.refund_amount !== unreceiptedRefund(ret.lines)) {
    return appError('INVALID_INPUT', 'refund_amount must be what the returned units refund');
  }
  return null;
}

/** Why a return without a receipt may not be taken in under the store's settings, or null. */
export function unreceiptedRefusal(
  settings: Pick<StoreSettings, 'unreceipted_return_limit'>,
  refund: MinorUnits,
  approvedByManager: boolean,
): 'not_approved' | 'over_limit' | null {
  if (!approvedByManager) return 'not_approved';
  return refund > settings.unreceipted_return_limit ? 'over_limit' : null;
}
