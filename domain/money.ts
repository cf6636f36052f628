import { MAX_AMOUNT } from './schemas/bounds';

/**
 * An amount of money as an integer count of its currency's minor unit: cents for USD, yen for
 * JPY, fils for KWD. The currency travels beside it (one currency per order), never inside it.
 * Always a safe integer; floats never hold money because 0.1 + 0.2 is not 0.3.
 */
export type MinorUnits = number;

/**
 * ISO 4217 exponents (digits after the decimal point) for every currency that does not use two.
 * HUF and TWD stay at 2: ISO keeps two decimals for them even though cash has no minor coins.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
});

const DEFAULT_EXPONENT = 2;

export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  return Object.hasOwn(CURRENCY_EXPONENTS, code)
    ? (CURRENCY_EXPONENTS[code] ?? DEFAULT_EXPONENT)
    : DEFAULT_EXPONENT;
}

export function assertMinorUnits(n: number): asserts n is MinorUnits {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`money must be a safe integer of minor units, got ${String(n)}`);
  }
}

/** -0 is a float artefact; money has one zero. */
function checked(n: number): MinorUnits {
  assertMinorUnits(n);
  return n + 0;
}

function fromBig(n: bigint): MinorUnits {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`money result ${n} is outside the safe integer range`);
  }
  return Number(n) + 0;
}

export function addMinor(a: MinorUnits, b: MinorUnits): MinorUnits {
  assertMinorUnits(a);
  assertMinorUnits(b);
  return checked(a + b);
}

export function subtractMinor(a: MinorUnits, b: MinorUnits): MinorUnits {
  assertMinorUnits(a);
  assertMinorUnits(b);
  return checked(a - b);
}

export function multiplyMinor(amount: MinorUnits, quantity: number): MinorUnits {
  assertMinorUnits(amount);
  if (!Number.isSafeInteger(quantity)) {
    throw new RangeError(`quantity must be a safe integer, got ${String(quantity)}`);
  }
  return fromBig(BigInt(amount) * BigInt(quantity));
}

/** Integer division rounded to nearest, halves away from zero (2.5 → 3, −2.5 → −3). */
export function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** `bps` basis points of `amount` (1000 bps = 10%), rounded half away from zero. */
export function percentOf(amount: MinorUnits, bps: number): MinorUnits {
  assertMinorUnits(amount);
  if (!Number.isSafeInteger(bps)) {
    throw new RangeError(`basis points must be a safe integer, got ${String(bps)}`);
  }
  return fromBig(roundHalfAwayFromZero(BigInt(amount) * BigInt(bps), 10_000n));
}

/**
 * Splits `amount` in proportion to `weights` by largest remainder: every part is the floor or
 * the ceiling of its exact share, the parts sum to exactly `amount`, and leftover units go to
 * the largest remainders, earlier index first on a tie. A zero weight gets 0; if every weight
 * is zero the amount is split evenly. Weights are non-negative safe integers (amounts, rates in
 * ppm, quantities) so the arithmetic is exact.
 */
export function allocate(amount: MinorUnits, weights: readonly number[]): MinorUnits[] {
  assertMinorUnits(amount);
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new RangeError(`allocation weights must be non-negative safe integers, got ${w}`);
    }
  }
  if (weights.length === 0) {
    if (amount === 0) return [];
    throw new RangeError(`cannot allocate ${amount} across no parts`);
  }
  const effective = weights.every((w) => w === 0) ? weights.map(() => 1) : weights;
  const total = effective.reduce((s, w) => s + BigInt(w), 0n);
  const magnitude = BigInt(Math.abs(amount));
  const parts = effective.map((w) => {
    const product = magnitude * BigInt(w);
    return { floor: product / total, remainder: product % total };
  });
  let leftover = magnitude - parts.reduce((s, p) => s + p.floor, 0n);
  const byRemainder = parts
    .map((p, index) => ({ index, remainder: p.remainder }))
    .sort((x, y) =>
      x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1,
    );
  const result = parts.map((p) => p.floor);
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    result[index] = (result[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  const sign = amount < 0 ? -1n : 1n;
  return result.map((r) => fromBig(sign * r));
}

/** Exact decimal text of an amount, e.g. 123456 with exponent 2 → "1234.56". */
function toDecimalString(amount: MinorUnits, exponent: number): `${number}` {
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  const sign = amount < 0 ? '-' : '';
  return (exponent === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`) as `${number}`;
}

/**
 * Formats for display in the store's locale. The number goes to Intl as exact decimal text, so
 * large amounts never pass through a lossy float division.
 */
export function formatMoney(amount: MinorUnits, currency: string, locale: string): string {
  assertMinorUnits(amount);
  const exponent = currencyExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(toDecimalString(amount, exponent));
}

/*
 * What a cashier types or pastes: digits, optional comma thousands groups, a point, and at most
 * the currency's number of decimals. An optional currency symbol or the currency's own code may
 * lead, so a pasted "$1,234.56" or "BHD 1.500" still reads.
 */
const AMOUNT_PATTERN = /^(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d*))?$/;
const LEADING_SYMBOL = /^\p{Sc}\s*/u;

/**
 * Parses a non-negative amount in `currency` typed on an en-style keypad ("20", "20.5",
 * "1,234.56"). Returns null for anything else: empty text, letters, a minus sign, misplaced
 * commas, or more decimals than the currency has ("1.005" in USD, "1.5" in JPY).
 */
export function parseMoney(text: string, currency: string): MinorUnits | null {
  const code = currency.toUpperCase();
  let body = text.trim();
  if (body.toUpperCase().startsWith(code)) body = body.slice(code.length).trimStart();
  else body = body.replace(LEADING_SYMBOL, '');
  const match = AMOUNT_PATTERN.exec(body);
  if (!match || !/\d/.test(body)) return null;
  const exponent = currencyExponent(code);
  const fraction = match[1] ?? '';
  if (fraction.length > exponent) return null;
  const whole = body.split('.')[0]?.replaceAll(',', '') ?? '';
  const minor =
    BigInt(whole || '0') * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(MAX_AMOUNT)) return null;
  return Number(minor);
}
