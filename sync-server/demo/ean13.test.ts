import { describe, expect, it } from 'vitest';
import { ean13, isValidEan13 } from './ean13';
import { demoProduct } from './demo-catalog';

describe('EAN-13', () => {
  it('computes the check digit of known barcodes', () => {
    expect(ean13('400638133393')).toBe('4006381333931');
    expect(ean13('978030640615')).toBe('9780306406157');
    expect(isValidEan13('4006381333932')).toBe(false);
  });

  it('gives every demo product a valid, distinct barcode and a searchable name', () => {
    const products = Array.from({ length: 3000 }, (_, i) => demoProduct(i + 1));
    expect(products.every((p) => isValidEan13(p.barcode))).toBe(true);
    expect(new Set(products.map((p) => p.barcode)).size).toBe(3000);
    expect(demoProduct(1)).toMatchObject({ name: 'Apple Juice 1L', barcode: '2000000000015' });
    expect(products.every((p) => p.unit_price > 0 && Number.isInteger(p.unit_price))).toBe(true);
  });
});
