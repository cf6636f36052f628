import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STORE_SETTINGS, StoreDoc } from '../../domain/schemas';
import { testBackends } from '../test-support/databases';
import { seedStore, uniqueStoreId } from '../test-support/fixtures';

describe.each(testBackends())('migration 002 on $name', (backend) => {
  it('gives a store made before settings existed the default settings', async () => {
    const { db, dispose } = await backend.open();
    try {
      const storeId = uniqueStoreId('legacy');
      await seedStore(db, storeId, 1);
      await db.query(
        `update sync_documents set doc = doc - 'settings' where collection = 'stores' and id = $1`,
        [storeId],
      );
      await db.exec(
        await readFile(new URL('./migrations/002-store-settings.sql', import.meta.url), 'utf8'),
      );
      const { rows } = await db.query<{ doc: unknown }>(
        `select doc from sync_documents where collection = 'stores' and id = $1`,
        [storeId],
      );
      const store = StoreDoc.parse(rows[0]?.doc);
      expect(store.settings).toEqual(DEFAULT_STORE_SETTINGS);
    } finally {
      await dispose();
    }
  });
});
