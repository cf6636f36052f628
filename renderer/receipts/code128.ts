import { appError, err, ok } from '../../domain/errors';
import type { Result } from '../../domain/errors';

/*
 * Code 128, code set B only: order ids are UUIDs (hex digits, letters and hyphens), which set B
 * covers, and one code set keeps the encoder small enough to check by hand. Written here because
 * the register may not pull in a barcode library; the returns flow scans what this draws.
 */

/** Element widths in modules (bar, space, bar, …) of symbol values 0–106; 106 is the stop. */
// prettier-ignore
export const CODE128_PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

const START_B = 104;
const STOP = 106;
/** Printable ASCII: set B value = char code − 32. */
const FIRST = 32;
const LAST = 126;
export const MAX_CODE128_LENGTH = 80;

export interface Code128 {
  /** Symbol values: start, data, check, stop. */
  readonly values: readonly number[];
  /** Element widths in modules, starting with a bar. */
  readonly widths: readonly number[];
  /** Total width in modules, quiet zones excluded. */
  readonly modules: number;
}

export interface Bar {
  /** Offset from the first bar, in modules. */
  readonly x: number;
  readonly width: number;
}

export function encodeCode128B(text: string): Result<Code128> {
  if (text.length === 0 || text.length > MAX_CODE128_LENGTH) {
    return err(appError('INVALID_INPUT', `A barcode holds 1 to ${MAX_CODE128_LENGTH} characters.`));
  }
  const data: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < FIRST || code > LAST) {
      return err(appError('INVALID_INPUT', `"${ch}" cannot be written in a Code 128 barcode.`));
    }
    data.push(code - FIRST);
  }
  const check = data.reduce((sum, v, i) => sum + v * (i + 1), START_B) % 103;
  const values = [START_B, ...data, check, STOP];
  const widths = values.flatMap((v) => [...(CODE128_PATTERNS[v] ?? '')].map(Number));
  return ok({ values, widths, modules: widths.reduce((a, b) => a + b, 0) });
}

/** The dark bars to draw; the gaps between them are the spaces. */
export function barsOf(widths: readonly number[]): Bar[] {
  const bars: Bar[] = [];
  let x = 0;
  widths.forEach((width, i) => {
    if (i % 2 === 0) bars.push({ x, width });
    x += width;
  });
  return bars;
}

/** One character per module, 1 for bar and 0 for space: the form barcode specs print. */
export function moduleString(widths: readonly number[]): string {
  return widths.map((w, i) => (i % 2 === 0 ? '1' : '0').repeat(w)).join('');
}
