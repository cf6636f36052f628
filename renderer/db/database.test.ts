import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES } from '../../domain/schemas';
import type { ProductDoc } from '../../domain/schemas';
import { openDatabase } from './database';
import type { TillDatabase } from './database';
import { findByCode, searchProducts, warmProductSearch } from './product-search';

let db: TillDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

function product(id: string, name: string, barcode: string, active = true): ProductDoc {
  return {
    id,
    store_id: 'store-1',
    updated_at: '2025-01-01T00:00:00.000Z',
    sku: `SKU-${id}`,
    barcode,
    name,
    search_name: name.toLowerCase(),
    category: '',
    unit_price: 250,
    currency: 'EUR',
    tax_rate_ids: [],
    active,
  };
}

describe('local database', () => {
  it('opens every collection, keeps local documents, and finds products by code and prefix', async () => {
    db = await openDatabase({ name: `t${Date.now()}` });
    expect(Object.keys(db.collections).sort()).toEqual([...COLLECTION_NAMES].sort());

    await db.upsertLocal('cart', { lines: [{ product_id: 'p1', quantity: 2 }] });
    const cart = await db.getLocal<{ lines: unknown[] }>('cart');
    expect(cart?.toJSON().data).toEqual({ lines: [{ product_id: 'p1', quantity: 2 }] });

    await db.products.bulkInsert([
      product('p1', 'Oat Milk', '4000000000011'),
      product('p2', 'Oatcakes', '4000000000028'),
      product('p3', 'Olive Oil', '4000000000035'),
      product('p4', 'Oats (old)', '4000000000042', false),
    ]);
    expect((await findByCode(db, '4000000000028'))?.name).toBe('Oatcakes');
    expect((await findByCode(db, 'SKU-p3'))?.name).toBe('Olive Oil');
    expect(await findByCode(db, '4000000000042')).toBeNull();
    expect(await findByCode(db, '')).toBeNull();
    expect((await searchProducts(db, 'OAT')).map((p) => p.name)).toEqual(['Oat Milk', 'Oatcakes']);
    expect(await searchProducts(db, 'zz')).toEqual([]);
  });

  it('finds products by a word inside the name or a SKU prefix once the word index is built', async () => {
    db = await openDatabase({ name: `w${Date.now()}` });
    await db.products.bulkInsert([
      product('p1', 'Green Tea', '4000000000011'),
      product('p2', 'Oat Milk', '4000000000028'),
    ]);
    await warmProductSearch(db);
    expect((await searchProducts(db, 'tea')).map((p) => p.name)).toEqual(['Green Tea']);
    expect((await searchProducts(db, 'SKU-p')).map((p) => p.name)).toEqual([
      'Green Tea',
      'Oat Milk',
    ]);
    // Pulled after the index was built: found through the change stream.
    await db.products.insert(product('p3', 'Mint Tea', '4000000000035'));
    await expect
      .poll(async () => (await searchProducts(db as TillDatabase, 'tea')).map((p) => p.name))
      .toEqual(['Green Tea', 'Mint Tea']);
    // An exact code still wins alone.
    expect((await searchProducts(db, '4000000000028')).map((p) => p.name)).toEqual(['Oat Milk']);
  });
});
