import { currencyExponent } from './money';
import type { MinorUnits } from './money';
import type { DenominationCount } from './schemas/documents';

/** Notes and coins in circulation, largest first, in minor units. */
const BY_CURRENCY: Readonly<Record<string, readonly number[]>> = {
  USD: [10000, 5000, 2000, 1000, 500, 200, 100, 50, 25, 10, 5, 1],
  CAD: [10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5],
  AUD: [10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5],
  EUR: [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  GBP: [5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  CHF: [100000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5],
  SEK: [100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100],
  JPY: [10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1],
};

/** The 1-2-5 series from 500 major units down to the smallest unit of the currency. */
function generic(exponent: number): number[] {
  const values: number[] = [];
  for (let power = 2 + exponent; power >= 0; power--) {
    for (const step of [5, 2, 1]) values.push(step * 10 ** power);
  }
  return values;
}

/** What the close count lists for a store's currency. */
export function denominationsOf(currency: string): readonly number[] {
  return BY_CURRENCY[currency] ?? generic(currencyExponent(currency));
}

export function countedTotal(counts: readonly DenominationCount[]): MinorUnits {
  return counts.reduce((sum, c) => sum + c.value * c.count, 0);
}
