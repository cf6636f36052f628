/*
 * THE ROUNDING RULE (also in docs/money-and-tax.md; change both or neither):
 * 1. A line's own discount comes off unit_price × quantity first: percent → round half away
 *    from zero; an amount is off the whole line and is clamped to it.
 * 2. The order discount (percent of, or amount clamped to, the sum of lines after their own
 *    discounts) is allocated across lines in proportion to each line's amount after its line
 *    discount, by largest remainder (earlier line wins a tie).
 * 3. Tax is computed per line per rate on the line's discounted amount, rounded half away from
 *    zero to the minor unit. For tax-inclusive prices the tax contained in a line is
 *    gross − round(gross / (1 + Σ rates)), split across its rates by largest remainder in
 *    proportion to the rates.
 * 4. Order totals are sums of line totals; tax is never recomputed on the order sum.
 *
 * Field conventions, per line and per order alike:
 *   subtotal       = Σ unit_price × quantity, before discounts, as priced (net of tax when
 *                    prices exclude tax, gross when they include it)
 *   discount_total = line discounts + allocated order discount
 *   tax_total      = tax added (exclusive) or tax contained (inclusive)
 *   total          = subtotal − discount_total + tax_total (exclusive)
 *                    subtotal − discount_total              (inclusive)
 *   paid_total     = Σ tender.amount (order only)
 * Nothing is ever negative: discounts are capped at what they discount.
 */
import { appError } from './errors';
import type { AppError } from './errors';
import { outOfRangeRefusal } from './out-of-range';
import { addMinor, allocate, multiplyMinor, percentOf, subtractMinor } from './money';
import type { MinorUnits } from './money';
import type { Discount, OrderDoc, OrderLine, OrderTotalsDoc, Tender } from './schemas/documents';
import { taxInGross, taxOnNet } from './tax';

export interface LineTotals {
  line_id: string;
  /** unit_price × quantity. */
  original_total: MinorUnits;
  /** The line's own discount plus its share of the order discount. */
  discount_total: MinorUnits;
  /** unit_price × quantity before discount, as priced: net when exclusive, gross when inclusive. */
  subtotal: MinorUnits;
  tax_total: MinorUnits;
  total: MinorUnits;
  /** One entry per tax line, in the line's order. */
  taxes: { tax_rate_id: string; amount: MinorUnits }[];
}

export interface OrderTotals {
  lines: LineTotals[];
  subtotal: MinorUnits;
  discount_total: MinorUnits;
  tax_total: MinorUnits;
  total: MinorUnits;
  paid_total: MinorUnits;
}

/** A discount's amount off `base`, never more than `base`. */
function discountOff(base: MinorUnits, discount: Discount | null): MinorUnits {
  if (!discount) return 0;
  if (discount.type === 'percent') return Math.min(percentOf(base, discount.bps), base);
  return Math.min(discount.amount, base);
}

const sum = (values: readonly MinorUnits[]): MinorUnits => values.reduce(addMinor, 0);

export function computeOrderTotals(input: {
  readonly lines: readonly OrderLine[];
  readonly order_discount: Discount | null;
  readonly tax_inclusive: boolean;
  readonly tenders?: readonly Tender[];
}): OrderTotals {
  const originals = input.lines.map((line) => multiplyMinor(line.unit_price, line.quantity));
  const lineDiscounts = input.lines.map((line, i) => discountOff(originals[i] ?? 0, line.discount));
  const afterLine = originals.map((o, i) => subtractMinor(o, lineDiscounts[i] ?? 0));
  const orderDiscount = discountOff(sum(afterLine), input.order_discount);
  const shares = allocate(orderDiscount, afterLine);

  const lines = input.lines.map((line, i): LineTotals => {
    const original = originals[i] ?? 0;
    const discount = addMinor(lineDiscounts[i] ?? 0, shares[i] ?? 0);
    const discounted = subtractMinor(original, discount);
    const rates = line.tax_lines.map((t) => t.rate_ppm);
    const amounts = input.tax_inclusive
      ? taxInGross(discounted, rates)
      : taxOnNet(discounted, rates);
    const tax = sum(amounts);
    return {
      line_id: line.id,
      original_total: original,
      discount_total: discount,
      subtotal: original,
      tax_total: tax,
      total: input.tax_inclusive ? discounted : addMinor(discounted, tax),
      taxes: line.tax_lines.map((t, j) => ({
        tax_rate_id: t.tax_rate_id,
        amount: amounts[j] ?? 0,
      })),
    };
  });

  return {
    lines,
    subtotal: sum(lines.map((l) => l.subtotal)),
    discount_total: sum(lines.map((l) => l.discount_total)),
    tax_total: sum(lines.map((l) => l.tax_total)),
    total: sum(lines.map((l) => l.total)),
    paid_total: sum((input.tenders ?? []).map((t) => t.amount)),
  };
}

/** What can still go back to the customer: never negative. */
export function refundableAmount(paid_total: MinorUnits, refunded_total: MinorUnits): MinorUnits {
  return Math.max(0, subtractMinor(paid_total, refunded_total));
}

/** Change to hand back for cash: never negative (an under-tender gives no change). */
export function cashChange(amountDue: MinorUnits, tendered: MinorUnits): MinorUnits {
  return Math.max(0, subtractMinor(tendered, amountDue));
}

const CHECKED_FIELDS = ['subtotal', 'discount_total', 'tax_total', 'total', 'paid_total'] as const;

/** The order-level figures an order states in its `totals`, as the server checks them. */
export function statedTotals(totals: OrderTotals): OrderTotalsDoc {
  return {
    subtotal: totals.subtotal,
    discount_total: totals.discount_total,
    tax_total: totals.tax_total,
    total: totals.total,
    paid_total: totals.paid_total,
  };
}

/**
 * Why the server must refuse a pushed order's money, or null when it adds up: stated totals must
 * equal what its lines compute to (TOTALS_MISMATCH), its tenders must pay exactly the total and
 * each cash tender's change must be tendered − amount (BUSINESS_RULE). One currency per order.
 */
export function verifyOrderTotals(order: OrderDoc): AppError | null {
  let computed: OrderTotals;
  try {
    computed = computeOrderTotals(order);
  } catch (e) {
    if (e instanceof RangeError) return outOfRangeRefusal('order', e);
    throw e;
  }
  for (const field of CHECKED_FIELDS) {
    const got = order.totals[field];
    const expected = computed[field];
    if (got !== expected) {
      return appError(
        'TOTALS_MISMATCH',
        `totals.${field} is ${got} but the lines and tenders give ${expected}`,
        { [`totals.${field}`]: `expected ${expected}, got ${got}` },
      );
    }
  }
  for (const tender of order.tenders) {
    if (tender.method !== 'cash') continue;
    if (tender.tendered < tender.amount) {
      return appError(
        'BUSINESS_RULE',
        `cash tender ${tender.id} applies ${tender.amount} but only ${tender.tendered} was tendered`,
      );
    }
    const change = tender.tendered - tender.amount;
    if (tender.change !== change) {
      return appError(
        'BUSINESS_RULE',
        `cash tender ${tender.id} gives change ${tender.change}; tendered ${tender.tendered} − amount ${tender.amount} is ${change}`,
      );
    }
  }
  if (computed.paid_total !== computed.total) {
    return appError('BUSINESS_RULE', `tenders pay ${computed.paid_total} of ${computed.total}`);
  }
  return null;
}
