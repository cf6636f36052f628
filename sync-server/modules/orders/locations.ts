import { deliveryOf } from '../../../domain/delivery';
import { appError } from '../../../domain/errors';
import type { AppError } from '../../../domain/errors';
import { StoreDoc } from '../../../domain/schemas';
import type { Location, OrderDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { readDocument } from '../../infra/sync/projection';

/** The locations a store document lists; none when there is no valid document. */
export function locationsIn(doc: Readonly<Record<string, unknown>> | null): Location[] {
  const parsed = StoreDoc.shape.locations.safeParse(doc?.locations);
  return parsed.success ? parsed.data : [];
}

export async function storeLocations(q: Queryable, storeId: string): Promise<Location[]> {
  const stored = await readDocument(q, storeId, 'stores', storeId);
  return locationsIn(stored && !stored.deleted ? stored.doc : null);
}

/**
 * A sale takes its stock at its location, and a pickup is collected at the location it names,
 * so both must be the store's: an unknown one would move stock nobody can see, or another
 * store's.
 */
export function locationProblems(
  locationIds: ReadonlySet<string>,
  orders: readonly OrderDoc[],
): Map<string, AppError> {
  const problems = new Map<string, AppError>();
  for (const order of orders) {
    const pickups = order.lines.flatMap((l) => {
      const delivery = deliveryOf(order, l);
      return delivery?.type === 'pickup' ? [delivery.location_id] : [];
    });
    const unknown = [order.location_id, ...pickups].find((id) => !locationIds.has(id));
    if (unknown !== undefined) {
      problems.set(
        order.id,
        appError('BUSINESS_RULE', `location ${unknown} is not a location of this store`),
      );
    }
  }
  return problems;
}
