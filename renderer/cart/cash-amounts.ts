/** Note and coin steps, in major units, that customers commonly hand over. */
const STEPS = [1, 5, 10, 20, 50, 100];

/**
 * Suggested tenders above `due`: `due` rounded up to the next 1, 5, 10, 20, 50 and 100 major
 * units, without repeats, at most `count`. `exponent` is the currency's number of decimals.
 */
export function nextRoundAmounts(due: number, exponent: number, count = 3): number[] {
  const unit = 10 ** exponent;
  const out: number[] = [];
  for (const step of STEPS) {
    const size = step * unit;
    const rounded = Math.ceil(due / size) * size;
    const amount = rounded === due ? rounded + size : rounded;
    if (amount > due && !out.includes(amount)) out.push(amount);
  }
  return out.sort((a, b) => a - b).slice(0, count);
}
