import type { RxCollection } from 'rxdb';
import { SaleLookupResponse } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { storeUrl } from '../replication/handlers';
import type { SyncTarget } from '../replication/handlers';
import { requestJson } from '../replication/http';

/*
 * Sales the register does not hold (older than the store's returns window, or from before it
 * was paired) are looked up on the server. One chosen for a return is written into the local
 * collections like a pulled sale, so the return screen, what is left to return and the drawer's
 * cash refund read it as they read any sale here; replication.ts never pushes it back, since
 * this register did not make it.
 */

export type LookedUpSale = SaleLookupResponse['sales'][number];

export async function lookUpServerSales(
  target: SyncTarget,
  query: string,
  signal: AbortSignal,
): Promise<readonly LookedUpSale[]> {
  const params = new URLSearchParams({ q: query });
  const body = await requestJson(`${storeUrl(target)}/sales?${params}`, {
    token: target.token,
    signal,
  });
  return SaleLookupResponse.parse(body).sales;
}

/** Inserts the documents not held yet; one already here (pulled meanwhile) is kept as it is. */
async function insertMissing<T>(collection: RxCollection<T>, docs: readonly T[]): Promise<void> {
  if (docs.length === 0) return;
  const { error } = await collection.bulkInsert([...docs]);
  const failed = error.find((e) => e.status !== 409);
  if (failed) throw new Error(`Could not keep the sale on this register (${failed.status}).`);
}

export async function keepSale(db: TillDatabase, sale: LookedUpSale): Promise<void> {
  await insertMissing(db.orders, [sale.order]);
  await insertMissing(db.order_states, [sale.state]);
  await insertMissing(db.return_requests, sale.returns);
}
