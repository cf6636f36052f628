import { appError } from '../../domain/errors';
import type { AppError } from '../../domain/errors';
import type { OrderDoc } from '../../domain/schemas';
import type { Queryable } from '../db/db';

/**
 * A sale takes its stock at its location, so the location must be one of the store's: an
 * unknown one would take stock nobody can see, or another store's.
 */
export async function locationProblems(
  tx: Queryable,
  storeId: string,
  orders: readonly OrderDoc[],
): Promise<Map<string, AppError>> {
  const problems = new Map<string, AppError>();
  if (orders.length === 0) return problems;
  const { rows } = await tx.query<{ id: string }>(
    `select l ->> 'id' as id
     from sync_documents d, jsonb_array_elements(d.doc -> 'locations') as l
     where d.store_id = $1 and d.collection = 'stores' and d.id = $1 and not d.deleted`,
    [storeId],
  );
  const known = new Set(rows.map((r) => r.id));
  for (const order of orders) {
    if (!known.has(order.location_id)) {
      problems.set(
        order.id,
        appError('BUSINESS_RULE', `location ${order.location_id} is not a location of this store`),
      );
    }
  }
  return problems;
}
