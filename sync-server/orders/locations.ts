import { appError } from '../../domain/errors';
import type { AppError } from '../../domain/errors';
import type { OrderDoc } from '../../domain/schemas';

/**
 * A sale takes its stock at its location, so the location must be one of the store's: an
 * unknown one would take stock nobody can see, or another store's.
 */
export function locationProblems(
  locationIds: ReadonlySet<string>,
  orders: readonly OrderDoc[],
): Map<string, AppError> {
  const problems = new Map<string, AppError>();
  for (const order of orders) {
    if (!locationIds.has(order.location_id)) {
      problems.set(
        order.id,
        appError('BUSINESS_RULE', `location ${order.location_id} is not a location of this store`),
      );
    }
  }
  return problems;
}
