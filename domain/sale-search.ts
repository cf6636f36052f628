import { containsCardNumber } from './card-numbers';
import { appError, err, ok } from './errors';
import type { Result } from './errors';

/*
 * What a cashier types to find a sale to return, read the same way by the register (its own
 * copy of the store's recent sales) and by the server (the store's whole history):
 * - `#12`: the server's number for the sale;
 * - `2026-12-01` or `2026-12`: the day or month it was placed (UTC, as placed_at is stored);
 * - anything else: the order id, whole or its first or last characters (a receipt shows the
 *   last eight), the customer's name, email or phone, or a card tender's reference; plain
 *   digits are also tried as the sale's number.
 */

export type SaleQuery =
  | { readonly kind: 'number'; readonly ack_id: number }
  | { readonly kind: 'placed'; readonly from: string; readonly to: string }
  | { readonly kind: 'text'; readonly text: string };

export const SALE_QUERY_MAX = 200;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

function placedRange(year: number, month: number, day: number | null): SaleQuery | null {
  const from = new Date(Date.UTC(year, month - 1, day ?? 1));
  // Date.UTC rolls 2026-02-30 over into March: such a day does not exist.
  if (from.getUTCMonth() !== month - 1 || (day !== null && from.getUTCDate() !== day)) return null;
  const to =
    day === null
      ? new Date(Date.UTC(year, month, 1))
      : new Date(Date.UTC(year, month - 1, day + 1));
  return { kind: 'placed', from: from.toISOString(), to: to.toISOString() };
}

export function parseSaleQuery(raw: string): Result<SaleQuery> {
  const q = raw.trim();
  if (q === '') {
    return err(
      appError('INVALID_INPUT', 'Type an order number, id, customer, date or card reference.'),
    );
  }
  if (q.length > SALE_QUERY_MAX) {
    return err(appError('INVALID_INPUT', `A search is at most ${SALE_QUERY_MAX} characters.`));
  }
  // Never searched for, nor sent to the server to search: a card is found by its reference.
  if (containsCardNumber(q)) {
    return err(
      appError(
        'CARD_NUMBER_REFUSED',
        'That is a card number, which is never searched or kept: type the card reference on the receipt.',
      ),
    );
  }
  if (q.startsWith('#')) {
    const digits = q.slice(1).trim();
    if (!/^\d{1,15}$/.test(digits)) {
      return err(appError('INVALID_INPUT', 'An order number is digits after # (such as #12).'));
    }
    return ok({ kind: 'number', ack_id: Number(digits) });
  }
  const day = DAY.exec(q);
  const month = day ? null : MONTH.exec(q);
  const parts = day ?? month;
  if (parts) {
    const range = placedRange(Number(parts[1]), Number(parts[2]), day ? Number(parts[3]) : null);
    if (!range) return err(appError('INVALID_INPUT', `${q} is not a date (year-month-day).`));
    return ok(range);
  }
  return ok({ kind: 'text', text: q });
}
