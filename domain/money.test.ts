import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_AMOUNT } from './schemas/bounds';
import {
  addMinor,
  allocate,
  assertMinorUnits,
  currencyExponent,
  formatMoney,
  multiplyMinor,
  parseMoney,
  percentOf,
  roundHalfAwayFromZero,
  subtractMinor,
} from './money';

/** Intl separates code and amount with a no-break space; tests compare with plain spaces. */
const plain = (s: string) => s.replace(/\u00a0|\u202f/g, ' ');

describe('currencyExponent', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['HUF', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['VND', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['XOF', 0],
    ['XAF', 0],
    ['BHD', 3],
    ['IQD', 3],
    ['JOD', 3],
    ['KWD', 3],
    ['LYD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['jpy', 0],
    ['XYZ', 2],
    ['toString', 2],
  ])('%s has %i decimals', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });
});

describe('integer safety', () => {
  it.each([1.5, Number.NaN, Infinity, 2 ** 53])('assertMinorUnits rejects %s', (n) => {
    expect(() => assertMinorUnits(n)).toThrow(RangeError);
  });

  it('accepts integers, including negatives', () => {
    expect(() => assertMinorUnits(-250)).not.toThrow();
  });

  it('refuses arithmetic that leaves the safe range instead of silently rounding', () => {
    expect(() => addMinor(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
    expect(() => subtractMinor(Number.MIN_SAFE_INTEGER, 1)).toThrow(RangeError);
    expect(() => multiplyMinor(9e15, 2)).toThrow(RangeError);
    expect(() => multiplyMinor(100, 1.5)).toThrow(RangeError);
  });

  it('multiplies a unit price by a quantity', () => {
    expect(multiplyMinor(333, 3)).toBe(999);
  });

  it('addition and subtraction are inverse', () => {
    const amount = fc.integer({ min: -4e15, max: 4e15 });
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(subtractMinor(addMinor(a, b), b)).toBe(a);
        expect(addMinor(subtractMinor(a, b), b)).toBe(a);
      }),
    );
  });
});

describe('roundHalfAwayFromZero', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [7n, -2n, -4n],
    [4n, 3n, 1n],
    [5n, 3n, 2n],
    [-4n, 3n, -1n],
    [0n, 7n, 0n],
    [10n ** 22n + 5n, 10n, 10n ** 21n + 1n],
  ])('%s / %s → %s', (n, d, q) => {
    expect(roundHalfAwayFromZero(n, d)).toBe(q);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
  });
});

describe('percentOf', () => {
  it.each([
    [1999, 1000, 200],
    [25, 1000, 3],
    [-25, 1000, -3],
    [24, 1000, 2],
    [9e15, 10_000, 9e15],
    [9e15, 1, 9e11],
    [1234, 0, 0],
  ])('%i at %i bps is %i', (amount, bps, expected) => {
    expect(percentOf(amount, bps)).toBe(expected);
  });

  it('stays between 0 and the amount and within half a unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9e15 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, bps) => {
          const p = percentOf(amount, bps);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(amount);
          const error = BigInt(p) * 10_000n - BigInt(amount) * BigInt(bps);
          expect(error <= 5000n && error >= -5000n).toBe(true);
        },
      ),
    );
  });
});

describe('allocate', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [183, [1000, 500, 333], [100, 50, 33]],
    [10, [0, 0], [5, 5]],
    [5, [0, 1, 0], [0, 5, 0]],
    [2, [1, 1, 1], [1, 1, 0]],
    [0, [3, 4], [0, 0]],
    [130, [50_000, 100_000], [43, 87]],
  ])('allocate(%i, %j) → %j', (amount, weights, expected) => {
    expect(allocate(amount, weights)).toEqual(expected);
  });

  it('handles no parts only for nothing', () => {
    expect(allocate(0, [])).toEqual([]);
    expect(() => allocate(1, [])).toThrow(RangeError);
  });

  it.each([[[-1, 2]], [[1.5, 2]], [[Number.NaN]]])('rejects weights %j', (weights) => {
    expect(() => allocate(10, weights)).toThrow(RangeError);
  });

  it('sums exactly, stays within 1 of the proportional share, and gives zero weights nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1e9 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (amount, weights) => {
          const parts = allocate(amount, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
          const allZero = weights.every((w) => w === 0);
          const effective = allZero ? weights.map(() => 1) : weights;
          const total = effective.reduce((s, w) => s + BigInt(w), 0n);
          parts.forEach((part, i) => {
            const w = BigInt(effective[i] ?? 0);
            const diff = BigInt(part) * total - BigInt(amount) * w;
            expect(diff < total && diff > -total).toBe(true);
            if (!allZero && weights[i] === 0) expect(part).toBe(0);
          });
        },
      ),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    [123456, 'USD', 'en-US', '$1,234.56'],
    [-500, 'USD', 'en-US', '-$5.00'],
    [1234, 'JPY', 'en-US', '¥1,234'],
    [1234567, 'KWD', 'en-US', 'KWD 1,234.567'],
    [123456, 'EUR', 'de-DE', '1.234,56 €'],
    [5, 'GBP', 'en-GB', '£0.05'],
    [9007199254740991, 'USD', 'en-US', '$90,071,992,547,409.91'],
  ])('%i %s in %s is %s', (amount, currency, locale, text) => {
    expect(plain(formatMoney(amount, currency, locale))).toBe(text);
  });
});

describe('parseMoney', () => {
  it.each([
    ['20', 'USD', 2000],
    ['20.5', 'USD', 2050],
    ['20.50', 'USD', 2050],
    ['1,234.56', 'USD', 123456],
    ['  7 ', 'USD', 700],
    ['.5', 'USD', 50],
    ['20.', 'USD', 2000],
    ['0', 'USD', 0],
    ['$1,234.56', 'USD', 123456],
    ['USD 12', 'USD', 1200],
    ['1500', 'JPY', 1500],
    ['1.500', 'KWD', 1500],
    // MAX_AMOUNT is 10^13 minor units: 100 000 000 000.00 in dollars, no cent more.
    ['100000000000.00', 'USD', 10_000_000_000_000],
    ['100000000000.01', 'USD', null],
    ['abc', 'USD', null],
    ['', 'USD', null],
    ['.', 'USD', null],
    ['-5', 'USD', null],
    ['1.005', 'USD', null],
    ['1.5', 'JPY', null],
    ['1,23.00', 'USD', null],
    ['12,34', 'USD', null],
    ['1.2.3', 'USD', null],
    ['20 EUR', 'USD', null],
    ['EUR 20', 'USD', null],
    ['1e3', 'USD', null],
  ])('%j in %s → %s', (text, currency, expected) => {
    expect(parseMoney(text, currency)).toBe(expected);
  });

  it('reads back what formatMoney shows in en-US', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_AMOUNT }),
        fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'BHD', 'GBP', 'CLP'),
        (amount, currency) => {
          expect(parseMoney(formatMoney(amount, currency, 'en-US'), currency)).toBe(amount);
        },
      ),
    );
  });
});
