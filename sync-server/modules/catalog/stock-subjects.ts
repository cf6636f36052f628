import type { Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { storeLocationIds } from './store-locations';

/** Refuses a location the store's document does not list, naming the field that gave it. */
export async function requireStoreLocations(
  tx: Queryable,
  storeId: string,
  locations: Readonly<Record<string, string>>,
): Promise<void> {
  const known = await storeLocationIds(tx, storeId);
  for (const [field, id] of Object.entries(locations)) {
    if (!known.has(id)) {
      throw new HttpError('BUSINESS_RULE', `location ${id} is not a location of this store`, {
        [field]: 'not a location of this store',
      });
    }
  }
}

/** Refuses a product the store does not have, naming the field that gave it. */
export async function requireStoreProducts(
  tx: Queryable,
  storeId: string,
  products: Readonly<Record<string, string>>,
): Promise<void> {
  const { rows } = await tx.query<{ id: string }>(
    'select id from products where store_id = $1 and id = any($2::text[])',
    [storeId, Object.values(products)],
  );
  const known = new Set(rows.map((r) => r.id));
  for (const [field, id] of Object.entries(products)) {
    if (!known.has(id)) {
      throw new HttpError('BUSINESS_RULE', `no product ${id} in this store`, {
        [field]: 'no such product in this store',
      });
    }
  }
}
