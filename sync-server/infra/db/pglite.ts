import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(sql, [...params]);
      // A statement that returns rows counts them; one that does not reports what it changed.
      const rowCount = result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0);
      return { rows: result.rows, rowCount };
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

/** Embedded PostgreSQL: a data folder, or memory only when `dataDir` is null (tests). */
export async function openPglite(dataDir: string | null): Promise<Db> {
  if (dataDir !== null) await mkdir(dataDir, { recursive: true });
  const pg = dataDir === null ? await PGlite.create() : await PGlite.create({ dataDir });
  const root = wrap(pg);
  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    // Server instances sharing one embedded database (tests) hear each other's changes too.
    async listen(channel, onMessage) {
      const unlisten = await pg.listen(channel, onMessage);
      return () => unlisten();
    },
    close: () => pg.close(),
  };
}
