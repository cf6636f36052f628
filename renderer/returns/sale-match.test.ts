import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import { parseSaleQuery } from '../../domain/sale-search';
import type { CustomerDoc, OrderDoc } from '../../domain/schemas';
import { buildSaleOrder } from '../cart/sale-order';
import { addProduct, EMPTY_CART } from '../cart/cart';
import { cashSaleInput, product } from '../cart/test-fixtures';
import { matchesSale } from './sale-match';
import type { SaleCandidate } from './sale-match';

function sale(patch: Partial<OrderDoc> = {}): OrderDoc {
  const cart = addProduct(EMPTY_CART, product({ id: 'mug', unit_price: 500 }), uuidv7());
  const built = buildSaleOrder(cashSaleInput(cart, 500));
  if (!built.ok) throw new Error(built.error.message);
  return { ...built.value, ...patch };
}

const robin: CustomerDoc = {
  id: 'cust-robin',
  store_id: 'store-1',
  updated_at: '2026-01-01T00:00:00.000Z',
  name: 'Robin Bellweather',
  email: 'robin@example.com',
  phone: '+44 20 7946 0321',
  merged_into: null,
  created_at: '2026-01-01T00:00:00.000Z',
};

const candidate = (patch: Partial<SaleCandidate> = {}): SaleCandidate => ({
  order: sale({ placed_at: '2026-03-14T23:30:00.000Z' }),
  ackId: 12,
  customer: robin,
  ...patch,
});

function matches(c: SaleCandidate, typed: string): boolean {
  const query = parseSaleQuery(typed);
  if (!query.ok) throw new Error(query.error.message);
  return matchesSale(c, query.value);
}

describe('finding a sale to return on the register', () => {
  it('finds a sale by its number, with or without #, and not by another number', () => {
    const c = candidate();
    expect(matches(c, '#12')).toBe(true);
    expect(matches(c, '# 12')).toBe(true);
    expect(matches(c, '12')).toBe(true);
    expect(matches(c, '#1')).toBe(false);
    expect(matches(candidate({ ackId: null }), '#12')).toBe(false);
  });

  it('finds a sale by its whole id, the end a receipt shows, or its start', () => {
    const c = candidate();
    expect(matches(c, c.order.id)).toBe(true);
    expect(matches(c, c.order.id.slice(-8).toUpperCase())).toBe(true);
    expect(matches(c, c.order.id.slice(0, 13))).toBe(true);
    expect(matches(c, c.order.id.slice(10, 18))).toBe(false);
  });

  it('finds a sale by its customer’s name, email or phone', () => {
    const c = candidate();
    for (const q of ['robin', 'Bellweather robin', 'ROBIN@example.com', '7946 0321']) {
      expect(matches(c, q), q).toBe(true);
    }
    expect(matches(c, 'alex')).toBe(false);
    expect(matches(candidate({ customer: null }), 'robin')).toBe(false);
  });

  it('finds a card sale by the exact card reference, never a cash sale', () => {
    const paid = sale();
    const card = candidate({
      order: {
        ...paid,
        tenders: [
          {
            id: uuidv7(),
            method: 'card',
            amount: paid.totals.total,
            reference: 'term-ref-77231',
            offline: false,
            expires_at: null,
          },
        ],
      },
    });
    expect(matches(card, 'term-ref-77231')).toBe(true);
    expect(matches(card, 'term-ref-7723')).toBe(false);
    expect(matches(candidate(), 'term-ref-77231')).toBe(false);
  });

  it('finds a sale by the UTC day or month it was placed', () => {
    const c = candidate();
    expect(matches(c, '2026-03-14')).toBe(true);
    expect(matches(c, '2026-03')).toBe(true);
    expect(matches(c, '2026-03-15')).toBe(false);
    expect(matches(c, '2026-04')).toBe(false);
  });

  it('refuses what cannot be a search, with a message the cashier can act on', () => {
    expect(parseSaleQuery('  ')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const card = parseSaleQuery('4242 4242 4242 4242');
    expect(card).toMatchObject({ ok: false, error: { code: 'CARD_NUMBER_REFUSED' } });
    expect(card.ok ? '' : card.error.message).not.toMatch(/4242/);
    expect(parseSaleQuery('#twelve')).toMatchObject({
      ok: false,
      error: { message: 'An order number is digits after # (such as #12).' },
    });
    expect(parseSaleQuery('2026-02-30')).toMatchObject({ ok: false });
    expect(parseSaleQuery('2026-13')).toMatchObject({ ok: false });
    expect(parseSaleQuery('2024-02-29')).toMatchObject({
      ok: true,
      value: { from: '2024-02-29T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z' },
    });
    expect(parseSaleQuery('2026-12')).toMatchObject({
      ok: true,
      value: { from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
    });
  });
});
