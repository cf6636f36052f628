import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STORE_SETTINGS, StoreDoc } from '../../../domain/schemas';
import { testBackends } from '../../../test/server-support/databases';
import { seedStore, uniqueStoreId } from '../../../test/server-support/fixtures';

const migration = async (file: string) =>
  readFile(new URL(`./migrations/${file}`, import.meta.url), 'utf8');

describe.each(testBackends())('store settings migrations on $name', (backend) => {
  async function storeAfter(edit: string, files: readonly string[]): Promise<StoreDoc> {
    const { db, dispose } = await backend.open();
    try {
      const storeId = uniqueStoreId('legacy');
      await seedStore(db, storeId, 1);
      await db.query(
        `update sync_documents set doc = ${edit} where collection = 'stores' and id = $1`,
        [storeId],
      );
      for (const file of files) await db.exec(await migration(file));
      const { rows } = await db.query<{ doc: unknown }>(
        `select doc from sync_documents where collection = 'stores' and id = $1`,
        [storeId],
      );
      return StoreDoc.parse(rows[0]?.doc);
    } finally {
      await dispose();
    }
  }

  it('gives a store made before settings existed the default settings', async () => {
    const store = await storeAfter(`doc - 'settings'`, [
      '002-store-settings.sql',
      '015-return-settings.sql',
    ]);
    expect(store.settings).toEqual(DEFAULT_STORE_SETTINGS);
  });

  it('adds the return settings to a store made before them, keeping what it had set', async () => {
    const store = await storeAfter(
      `jsonb_set(doc, '{settings}', (doc -> 'settings')
         - 'return_reasons' - 'return_approval_from' - 'unreceipted_return_limit'
         - 'returns_window_days' || '{"idle_lock_seconds": 60}'::jsonb)`,
      ['015-return-settings.sql'],
    );
    expect(store.settings).toEqual({ ...DEFAULT_STORE_SETTINGS, idle_lock_seconds: 60 });
  });
});
