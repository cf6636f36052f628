import path from 'node:path';
import { systemClock } from './infra/clock';
import type { Clock } from './infra/clock';
import { resolveAdminToken } from './api/admin/admin-token';
import { buildServer } from './app';
import type { Config } from './infra/config';
import type { Db } from './infra/db/db';
import { migrate } from './infra/db/migrate';
import { openDb } from './infra/db/open';
import { failLostImports } from './modules/imports/import-jobs';
import { DEMO_STORE_ID, DEMO_STORE_NAME } from './demo/demo-constants';
import { seedDemoStore } from './demo/demo-store';
import { DEMO_OWNER, seedDemoOwner } from './demo/demo-owner';

export interface RunningServer {
  readonly url: string;
  readonly adminToken: string;
  /** Where the generated admin token is kept; null when it came from the environment. */
  readonly adminTokenFile: string | null;
  /** The demo owner's back-office sign-in, while that account exists. */
  readonly demoOwner: { readonly email: string; readonly password: string } | null;
  readonly db: Db;
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds the demo store into an empty database, and listens. */
export async function startServer(
  config: Config,
  clock: Clock = systemClock,
): Promise<RunningServer> {
  const dataDir = path.resolve(config.dataDir);
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? null : path.join(dataDir, 'pglite'),
  });
  try {
    await migrate(db);
    // Imports are read from their upload by the process that took it: a restart lost them.
    await failLostImports(db, null);
    const stores = await db.query('select 1 from stores limit 1');
    if (stores.rowCount === 0) {
      await seedDemoStore(db, {
        storeId: DEMO_STORE_ID,
        name: DEMO_STORE_NAME,
        products: config.seedProducts,
        clock,
      });
    }
    const demoOwner = (await seedDemoOwner(db))
      ? { email: DEMO_OWNER.email, password: DEMO_OWNER.password }
      : null;
    const admin = await resolveAdminToken(config.adminToken, dataDir);
    const app = await buildServer({ db, config: { ...config, adminToken: admin.token }, clock });
    const address = await app.listen({ host: config.host, port: config.port });
    return {
      url: address,
      adminToken: admin.token,
      adminTokenFile: admin.file,
      demoOwner,
      db,
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
