import { describe, expect, it } from 'vitest';
import type { OrderDoc, OrderLine, StockLevelDoc } from '../../domain/schemas';
import { localStock, unacknowledged } from './local-stock';

function level(product_id: string, location_id: string, stocked: number, reserved = 0) {
  return {
    id: `${location_id}:${product_id}`,
    store_id: 's',
    updated_at: '2025-01-01T00:00:00.000Z',
    location_id,
    product_id,
    stocked_quantity: stocked,
    reserved_quantity: reserved,
  } satisfies StockLevelDoc;
}

function order(id: string, location_id: string, lines: [string, number][]): OrderDoc {
  return {
    id,
    location_id,
    lines: lines.map(([product_id, quantity]) => ({ product_id, quantity }) as OrderLine),
  } as OrderDoc;
}

describe('local stock', () => {
  const levels = [level('a', 'main', 10, 2), level('a', 'back', 50), level('b', 'main', 1)];

  it('subtracts unacknowledged sales at the same location from the server level', () => {
    const pending = [
      order('o1', 'main', [
        ['a', 3],
        ['b', 1],
      ]),
      order('o2', 'main', [['a', 1]]),
      order('o3', 'back', [['a', 20]]),
    ];
    expect(localStock('a', 'main', levels, pending)).toBe(10 - 2 - 3 - 1);
    expect(localStock('b', 'main', levels, pending)).toBe(0);
  });

  it('goes negative rather than refusing an oversold offline sale', () => {
    expect(localStock('b', 'main', levels, [order('o', 'main', [['b', 3]])])).toBe(-2);
  });

  it('is unknown, not zero, when the server has no level for the product there', () => {
    expect(localStock('c', 'main', levels, [])).toBeNull();
    expect(localStock('b', 'back', levels, [])).toBeNull();
  });

  it('counts only orders the server has not acknowledged', () => {
    const orders = [order('o1', 'main', []), order('o2', 'main', [])];
    expect(unacknowledged(orders, new Set(['o1'])).map((o) => o.id)).toEqual(['o2']);
  });
});
