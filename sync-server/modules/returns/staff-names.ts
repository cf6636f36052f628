import type { Queryable } from '../../infra/db/db';

/** Names for the staff ids an exception about a return mentions; "nobody" for none. */
export async function staffNames(q: Queryable, storeId: string, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const { rows } = await q.query<{ id: string; name: string }>(
    'select id, name from staff where store_id = $1 and id = any($2::text[])',
    [storeId, wanted],
  );
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return (id: string | null) => (id === null ? 'nobody' : (names.get(id) ?? id));
}
