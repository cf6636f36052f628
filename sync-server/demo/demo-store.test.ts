import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPin } from '../../domain/pin';
import { COLLECTIONS } from '../../domain/schemas';
import type { CollectionName } from '../../domain/schemas';
import { testBackends } from '../../test/server-support/databases';
import type { TestDatabase } from '../../test/server-support/databases';
import { uniqueStoreId } from '../../test/server-support/fixtures';
import { DEMO_STAFF } from './demo-constants';
import { SeedError, seedDemoStore } from './demo-store';

describe.each(testBackends())('demo store seed on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.dispose());

  async function docs(storeId: string, collection: CollectionName) {
    const { rows } = await database.db.query<{ doc: Record<string, unknown> }>(
      'select doc from sync_documents where store_id = $1 and collection = $2',
      [storeId, collection],
    );
    return rows.map((r) => r.doc);
  }

  it('creates a complete store whose documents all satisfy the wire schemas', async () => {
    const storeId = uniqueStoreId('seed');
    await seedDemoStore(database.db, { storeId, name: 'Seeded', products: 1500 });
    const counts: Partial<Record<CollectionName, number>> = {};
    for (const collection of [
      'stores',
      'tax_rates',
      'staff',
      'products',
      'stock_levels',
    ] as const) {
      const list = await docs(storeId, collection);
      counts[collection] = list.length;
      for (const doc of list)
        expect(COLLECTIONS[collection].schema.safeParse(doc).success).toBe(true);
    }
    expect(counts).toEqual({
      stores: 1,
      tax_rates: 3,
      staff: 3,
      products: 1500,
      stock_levels: 3000,
    });
    const [store] = await docs(storeId, 'stores');
    expect(store).toMatchObject({
      currency: 'USD',
      locale: 'en-US',
      tax_inclusive: false,
      default_location_id: 'loc-floor',
    });
  });

  it('hashes the staff PINs so each signs in with its own PIN only', async () => {
    const storeId = uniqueStoreId('pins');
    await seedDemoStore(database.db, { storeId, name: 'Pins', products: 1 });
    const staff = await docs(storeId, 'staff');
    for (const person of DEMO_STAFF) {
      const doc = staff.find((s) => s.id === person.id) as Parameters<typeof verifyPin>[1] & {
        role: string;
      };
      expect(doc.role).toBe(person.role);
      expect(await verifyPin(person.pin, doc)).toBe(true);
      expect(await verifyPin('0000', doc)).toBe(false);
    }
  });

  it('refuses to seed a store id that exists', async () => {
    const storeId = uniqueStoreId('twice');
    await seedDemoStore(database.db, { storeId, name: 'Once', products: 1 });
    await expect(
      seedDemoStore(database.db, { storeId, name: 'Twice', products: 1 }),
    ).rejects.toThrow(SeedError);
  });
});
