import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../sync-server/infra/db/db';
import type { TestBackend, TestDatabase } from './databases';
import { pairTestDevice, seedStore, testApp, uniqueStoreId } from './fixtures';

/*
 * The set-up most server test files share, registered as the describe block's hooks: a fresh
 * database of the backend, and optionally a seeded store with a running app and a paired
 * register. Closed in reverse order after the block's tests.
 */

function opened<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is made in beforeAll; use it inside a test`);
  return value;
}

export interface DatabaseHandle {
  readonly database: TestDatabase;
  readonly db: Db;
}

/** A fresh database for the enclosing describe block. */
export function useTestDatabase(backend: TestBackend): DatabaseHandle {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => {
    await database?.dispose();
  });
  return {
    get database() {
      return opened(database, 'the database');
    },
    get db() {
      return opened(database, 'the database').db;
    },
  };
}

export interface StoreRig extends DatabaseHandle {
  readonly app: FastifyInstance;
  readonly storeId: string;
  readonly device: Awaited<ReturnType<typeof pairTestDevice>>;
}

/** A fresh database with one seeded store, its app and a paired register. */
export function useStoreRig(
  backend: TestBackend,
  store: { readonly label: string; readonly products: number },
): StoreRig {
  const handle = useTestDatabase(backend);
  let rig: Omit<StoreRig, keyof DatabaseHandle> | undefined;
  beforeAll(async () => {
    const app = await testApp(handle.db);
    const storeId = uniqueStoreId(store.label);
    await seedStore(handle.db, storeId, store.products);
    rig = { app, storeId, device: await pairTestDevice(app, storeId) };
  });
  afterAll(async () => {
    await rig?.app.close();
  });
  return {
    get database() {
      return handle.database;
    },
    get db() {
      return handle.db;
    },
    get app() {
      return opened(rig, 'the app').app;
    },
    get storeId() {
      return opened(rig, 'the store').storeId;
    },
    get device() {
      return opened(rig, 'the register').device;
    },
  };
}
