import { addRxPlugin, createRxDatabase } from 'rxdb';
import type { RxCollection, RxDatabase, RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { COLLECTIONS, COLLECTION_NAMES } from '../../domain/schemas';
import type { CollectionName, DocOf } from '../../domain/schemas';
import { MIGRATION_BATCH_SIZE, MIGRATIONS } from './migrations';
import { toRxJsonSchema } from './rx-schema';

addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

export type TillCollections = { [C in CollectionName]: RxCollection<DocOf<C>> };
export type TillDatabase = RxDatabase<TillCollections>;

export interface OpenDatabaseOptions {
  readonly name?: string;
  /** Tests pass a Dexie storage over fake-indexeddb; the app uses the browser's IndexedDB. */
  readonly storage?: RxStorage<unknown, unknown>;
}

/*
 * No validating storage wrapper: server-authored collections (the bulk, e.g. 100,000 products)
 * are validated by the server before they are served, and a per-document validator would
 * dominate the initial pull. Device-authored documents are checked with their zod schema where
 * the register writes them (see cart/cash-sale.ts).
 *
 * multiInstance is off: one register window owns the database and runs the replication, so no
 * leader election is needed.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<TillDatabase> {
  const db = await createRxDatabase<TillCollections>({
    name: options.name ?? 'opentill',
    storage: options.storage ?? getRxStorageDexie(),
    localDocuments: true,
    multiInstance: false,
    eventReduce: true,
  });
  const creators = Object.fromEntries(
    COLLECTION_NAMES.map((name) => [
      name,
      {
        schema: toRxJsonSchema(COLLECTIONS[name]),
        migrationStrategies: MIGRATIONS[name],
        autoMigrate: false,
        localDocuments: false,
      },
    ]),
  );
  await db.addCollections(creators);
  for (const name of COLLECTION_NAMES) {
    const collection = db.collections[name];
    if (await collection.migrationNeeded()) {
      await collection.getMigrationState().migratePromise(MIGRATION_BATCH_SIZE);
    }
  }
  return db;
}
