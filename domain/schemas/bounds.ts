/*
 * The limits every quantity and amount in a document stays within, chosen so that no sum or
 * product the register or the server computes from one document can leave JavaScript's safe
 * integers (±9 007 199 254 740 991), and so that no shop could ever reach them:
 *
 * - MAX_AMOUNT, 10^13 minor units, bounds every amount a document states and every sum its
 *   lines imply (Σ unit_price × quantity of an order or a draft, Σ unit_refund × quantity of a
 *   return). That is 100 000 000 000.00 in a two-decimal currency and, in the weakest currency
 *   with minor units in use, still more than any till takes in one sale.
 * - MAX_QUANTITY, 10^6 units of one line.
 * - MAX_DENOMINATION_COUNT, 10^5 notes or coins of one face value in a drawer count; with face
 *   values up to 10^9, a count of 40 denominations stays below 4·10^15.
 *
 * With these, the worst an order computes is tax of up to 10 rates of 100 % on MAX_AMOUNT
 * (11 × 10^13), and 20 tenders of MAX_AMOUNT (2·10^14): all far inside the safe range. Sums over
 * many documents (a register session's sales) are only bounded by the safe range (MinorSum).
 */

export const MAX_AMOUNT = 10_000_000_000_000;
export const MAX_QUANTITY = 1_000_000;
export const MAX_DENOMINATION_COUNT = 100_000;

/** True when Σ amount × quantity of `items` is at most MAX_AMOUNT: exact, in BigInt. */
export function sumFitsMaxAmount(
  items: readonly { readonly amount: number; readonly quantity: number }[],
): boolean {
  let sum = 0n;
  for (const { amount, quantity } of items) {
    // Not integers: the fields' own checks refuse them.
    if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(quantity)) return true;
    sum += BigInt(amount) * BigInt(quantity);
  }
  return sum <= BigInt(MAX_AMOUNT);
}
