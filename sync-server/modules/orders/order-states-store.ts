import type { OrderStateDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { writeDocuments } from '../../infra/sync/projection';

/**
 * Writes order states and their projections; returns the ids written. A 'rejected' state never
 * replaces another state: a refused push must not undo an order placed under the same id.
 */
export async function writeOrderStates(
  tx: Queryable,
  storeId: string,
  states: readonly OrderStateDoc[],
): Promise<ReadonlySet<string>> {
  if (states.length === 0) return new Set();
  const { rows } = await tx.query<{ order_id: string }>(
    `insert into order_states (order_id, store_id, status, payment_status, fulfillment_status, doc, updated_at)
     select u.order_id, $1, u.status, u.payment_status, u.fulfillment_status, u.doc::jsonb, u.updated_at
     from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       as u(order_id, status, payment_status, fulfillment_status, doc, updated_at)
     on conflict (order_id) do update
       set status = excluded.status, payment_status = excluded.payment_status,
           fulfillment_status = excluded.fulfillment_status, doc = excluded.doc,
           updated_at = excluded.updated_at
       where excluded.status <> 'rejected' or order_states.status = 'rejected'
     returning order_id::text as order_id`,
    [
      storeId,
      states.map((s) => s.id),
      states.map((s) => s.status),
      states.map((s) => s.payment_status),
      states.map((s) => s.fulfillment_status),
      states.map((s) => JSON.stringify(s)),
      states.map((s) => s.updated_at),
    ],
  );
  const written = new Set(rows.map((r) => r.order_id));
  await writeDocuments(
    tx,
    storeId,
    'order_states',
    states.filter((s) => written.has(s.id)).map((s) => ({ id: s.id, doc: s })),
  );
  return written;
}
