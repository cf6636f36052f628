import { describe, expect, it } from 'vitest';
import {
  addProduct,
  EMPTY_CART,
  removeLine,
  restoreCart,
  setQuantity,
  toOrderLines,
  withEarlyLines,
} from './cart';
import { product, VAT } from './test-fixtures';

const ID1 = '01900000-0000-7000-8000-000000000001';
const ID2 = '01900000-0000-7000-8000-000000000002';

describe('cart', () => {
  it('adds one to the existing line when the same product is scanned again', () => {
    const apple = product({ id: 'apple', unit_price: 50 });
    let cart = addProduct(EMPTY_CART, apple, ID1);
    cart = addProduct(cart, apple, ID2);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({ line_id: ID1, quantity: 2, unit_price: 50 });
  });

  it('ignores quantities that are not whole numbers of at least one', () => {
    const cart = addProduct(EMPTY_CART, product({ id: 'a' }), ID1);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(setQuantity(cart, ID1, bad)).toBe(cart);
    }
    expect(setQuantity(cart, ID1, 7).lines[0]?.quantity).toBe(7);
    expect(setQuantity(cart, ID1, 5_000_000).lines[0]?.quantity).toBe(1_000_000);
  });

  it('removes a line and leaves the others', () => {
    let cart = addProduct(EMPTY_CART, product({ id: 'a' }), ID1);
    cart = addProduct(cart, product({ id: 'b' }), ID2);
    expect(removeLine(cart, ID1).lines.map((l) => l.product_id)).toEqual(['b']);
  });

  it('keeps what was scanned while the stored cart was still being read, on top of it', () => {
    const ID3 = '01900000-0000-7000-8000-000000000003';
    const stored = { ...addProduct(EMPTY_CART, product({ id: 'a' }), ID1), customer_id: 'c1' };
    let early = addProduct(EMPTY_CART, product({ id: 'a' }), ID2);
    early = addProduct(early, product({ id: 'b' }), ID3);
    const cart = withEarlyLines(stored, early);
    expect(cart.customer_id).toBe('c1');
    expect(cart.lines.map((l) => [l.line_id, l.quantity])).toEqual([
      [ID1, 2],
      [ID3, 1],
    ]);
    expect(withEarlyLines(stored, EMPTY_CART)).toBe(stored);
  });

  it('starts empty when the stored cart does not parse', () => {
    expect(restoreCart({ lines: [{ nonsense: true }] })).toEqual(EMPTY_CART);
    expect(restoreCart(undefined)).toEqual(EMPTY_CART);
    const cart = addProduct(EMPTY_CART, product({ id: 'a' }), ID1);
    expect(restoreCart(JSON.parse(JSON.stringify(cart)))).toEqual(cart);
  });

  it('turns lines into order lines with the tax rates it knows', () => {
    const cart = addProduct(EMPTY_CART, product({ id: 'a', tax_rate_ids: ['vat', 'gone'] }), ID1);
    const [line] = toOrderLines(cart, new Map([[VAT.id, VAT]]));
    expect(line).toMatchObject({
      id: ID1,
      product_id: 'a',
      discount: null,
      note: '',
      tax_lines: [{ tax_rate_id: 'vat', code: 'VAT20', rate_ppm: 200_000 }],
    });
  });
});
