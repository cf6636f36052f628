import { allocate, assertMinorUnits, roundHalfAwayFromZero } from './money';
import type { MinorUnits } from './money';

/** Tax rates are parts per million: 20% is 200000, New York's 8.875% is 88750. */
export const PPM = 1_000_000;

function assertRates(ratesPpm: readonly number[]): void {
  for (const rate of ratesPpm) {
    if (!Number.isSafeInteger(rate) || rate < 0) {
      throw new RangeError(`tax rates must be non-negative integers in ppm, got ${rate}`);
    }
  }
}

/**
 * Tax added on top of a net (tax-exclusive) amount, one entry per rate in the order given: each
 * is round(net × rate), halves away from zero. Each rate is rounded on its own because each is
 * remitted to a different authority.
 */
export function taxOnNet(net: MinorUnits, ratesPpm: readonly number[]): MinorUnits[] {
  assertMinorUnits(net);
  assertRates(ratesPpm);
  return ratesPpm.map((rate) =>
    Number(roundHalfAwayFromZero(BigInt(net) * BigInt(rate), BigInt(PPM))),
  );
}

/**
 * Tax contained in a gross (tax-inclusive) amount, one entry per rate in the order given. The
 * line's tax is gross − round(gross / (1 + Σ rates)), and it is split across the rates by
 * largest remainder in proportion to the rates, so the parts add up to exactly that tax.
 */
export function taxInGross(gross: MinorUnits, ratesPpm: readonly number[]): MinorUnits[] {
  assertMinorUnits(gross);
  assertRates(ratesPpm);
  if (ratesPpm.length === 0) return [];
  const combined = ratesPpm.reduce((s, r) => s + BigInt(r), 0n);
  const net = roundHalfAwayFromZero(BigInt(gross) * BigInt(PPM), BigInt(PPM) + combined);
  return allocate(gross - Number(net), ratesPpm);
}
