import { describe, expect, it } from 'vitest';
import { barsOf, CODE128_PATTERNS, encodeCode128B, moduleString } from './code128';

function encoded(text: string) {
  const result = encodeCode128B(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('Code 128 set B', () => {
  it('has 107 symbols, each 11 modules with an even bar count (the stop is 13)', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    CODE128_PATTERNS.forEach((p, value) => {
      const widths = [...p].map(Number);
      const total = widths.reduce((a, b) => a + b, 0);
      const bars = widths.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0);
      expect(total, `symbol ${value}`).toBe(value === 106 ? 13 : 11);
      expect(bars % 2, `symbol ${value}`).toBe(0);
    });
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
  });

  it('encodes "A" as start B, A, check 34, stop in the published module patterns', () => {
    const { values, widths, modules } = encoded('A');
    expect(values).toEqual([104, 33, 34, 106]);
    expect(moduleString(widths)).toBe(
      ['11010010000', '10100011000', '10001011000', '1100011101011'].join(''),
    );
    expect(modules).toBe(46);
  });

  it('weights the check digit by position (PJJ123C → 55)', () => {
    const { values } = encoded('PJJ123C');
    expect(values).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55, 106]);
  });

  it('encodes a full order id: 36 data symbols between start and check', () => {
    const id = '0190f5c2-7a1b-7cde-8f00-1234567890ab';
    const { values, modules } = encoded(id);
    expect(values).toHaveLength(id.length + 3);
    expect(values.slice(1, -2).map((v) => String.fromCharCode(v + 32))).toEqual([...id]);
    expect(modules).toBe(11 * (id.length + 2) + 13);
  });

  it('refuses text a scanner could not read back', () => {
    expect(encodeCode128B('')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(encodeCode128B('café')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(encodeCode128B('a\nb')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('lays bars out left to right with the spaces between them', () => {
    expect(barsOf([2, 1, 1, 2, 1, 4])).toEqual([
      { x: 0, width: 2 },
      { x: 3, width: 1 },
      { x: 6, width: 1 },
    ]);
  });
});
