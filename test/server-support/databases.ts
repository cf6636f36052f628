import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../sync-server/infra/db/db';
import { migrate } from '../../sync-server/infra/db/migrate';
import { openPglite } from '../../sync-server/infra/db/pglite';
import { openPostgres } from '../../sync-server/infra/db/postgres';

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, migrated database that only this caller uses. */
  open(): Promise<TestDatabase>;
}

export interface TestDatabase {
  readonly db: Db;
  /** Set for PostgreSQL so a test can open a second instance on the same database. */
  readonly databaseUrl: string | null;
  dispose(): Promise<void>;
}

const pglite: TestBackend = {
  name: 'pglite',
  async open() {
    const db = await openPglite(null);
    await migrate(db);
    return { db, databaseUrl: null, dispose: () => db.close() };
  },
};

function postgres(adminUrl: string): TestBackend {
  return {
    name: 'postgres',
    async open() {
      // One database per test file, so files running in parallel never see each other's rows.
      const name = `opentill_t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openPostgres(url.toString());
      await migrate(db);
      return {
        db,
        databaseUrl: url.toString(),
        async dispose() {
          await db.close();
          const dropper = new pg.Client({ connectionString: adminUrl });
          await dropper.connect();
          try {
            await dropper.query(`drop database if exists ${name} with (force)`);
          } finally {
            await dropper.end();
          }
        },
      };
    },
  };
}

/** PGlite always; PostgreSQL too when DATABASE_URL names a server the tests may create databases on. */
export function testBackends(env: NodeJS.ProcessEnv = process.env): TestBackend[] {
  const url = env.DATABASE_URL;
  return url ? [pglite, postgres(url)] : [pglite];
}
