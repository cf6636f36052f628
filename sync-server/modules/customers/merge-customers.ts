import { normaliseEmail, normalisePhone } from '../../../domain/customers';
import type { Queryable } from '../../infra/db/db';
import type { Clock } from '../../infra/clock';

/*
 * Registers create customers offline, so the same person can arrive twice, once from each
 * register. The server keeps the one it stored first and marks the later arrival
 * `merged_into` it, in the same transaction as the write, so every register pulls the merge.
 */

type CustomerRow = Record<string, unknown> & { id: string; updated_at?: unknown };

/** Two int4 keys, apart from the migration lock's single bigint key: one lock per store. */
const MERGE_LOCK_CLASS = 7_240_532;

/**
 * The customer as the server stores it: email and phone normalised (so the lookup below is an
 * index equality), and `merged_into` decided by the server alone. A new customer whose
 * normalised email or phone is that of an existing, unmerged, undeleted customer of the store is
 * merged into the oldest such one (by `created_at`, then id); an existing customer keeps the
 * `merged_into` it has, whatever a device sends. When the stored document differs from the
 * pushed one, `updated_at` moves on: a device still holding its own version then gets a
 * conflict, and the server's copy, instead of overwriting the merge.
 *
 * Runs inside the push's transaction. Creations are serialised per store by a transaction
 * advisory lock: two registers pushing the same person at once must not both find nobody.
 */
export async function settleCustomer(
  tx: Queryable,
  storeId: string,
  pushed: CustomerRow,
  current: Readonly<Record<string, unknown>> | null,
  clock: Clock,
): Promise<CustomerRow> {
  const email = normaliseEmail(String(pushed.email ?? ''));
  const phone = normalisePhone(String(pushed.phone ?? ''));
  const mergedInto = current
    ? (current.merged_into ?? null)
    : await survivorOf(tx, storeId, pushed.id, email, phone);
  if (email === pushed.email && phone === pushed.phone && mergedInto === pushed.merged_into) {
    return pushed;
  }
  const pushedAt = Date.parse(String(pushed.updated_at));
  const updatedAt = new Date(Math.max(clock.now().getTime(), pushedAt + 1)).toISOString();
  return { ...pushed, email, phone, merged_into: mergedInto, updated_at: updatedAt };
}

async function survivorOf(
  tx: Queryable,
  storeId: string,
  id: string,
  email: string,
  phone: string,
): Promise<string | null> {
  if (email === '' && phone === '') return null;
  await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [MERGE_LOCK_CLASS, storeId]);
  // After the lock, under READ COMMITTED, this statement sees every customer committed so far.
  const { rows } = await tx.query<{ id: string }>(
    `select id from sync_documents
     where store_id = $1 and collection = 'customers' and not deleted and id <> $2
       and doc ->> 'merged_into' is null
       and (doc ->> 'email' = $3 or doc ->> 'phone' = $4)
     order by (doc ->> 'created_at')::timestamptz, id
     limit 1`,
    [storeId, id, email === '' ? null : email, phone === '' ? null : phone],
  );
  return rows[0]?.id ?? null;
}
