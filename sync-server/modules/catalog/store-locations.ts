import { StoreDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { readDocument } from '../../infra/sync/projection';

/** The ids of the store's stock locations, as its document lists them. */
export async function storeLocationIds(tx: Queryable, storeId: string): Promise<Set<string>> {
  const stored = await readDocument(tx, storeId, 'stores', storeId);
  const locations = StoreDoc.shape.locations.safeParse(
    stored?.deleted ? [] : stored?.doc.locations,
  );
  return new Set(locations.success ? locations.data.map((l) => l.id) : []);
}
