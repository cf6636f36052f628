import type { Queryable } from '../../sync-server/infra/db/db';

/**
 * Every row of every table of the database, as JSON objects naming their table: what a dump of
 * it holds, read the same way on PGlite (which has no pg_dump) and PostgreSQL.
 */
export async function everyRow(db: Queryable): Promise<Record<string, unknown>[]> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select quote_ident(table_name) as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const all: Record<string, unknown>[] = [];
  for (const { name } of tables) {
    const { rows } = await db.query<{ row: Record<string, unknown> }>(
      `select to_jsonb(t) as row from ${name} t`,
    );
    all.push(...rows.map((r) => ({ table: name, ...r.row })));
  }
  return all;
}
