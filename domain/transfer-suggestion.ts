import type { AvailableStock } from './fulfillment-routing';
import { stockKey } from './fulfillment-routing';

export interface TransferSuggestion {
  readonly product_id: string;
  readonly from_location_id: string;
  readonly to_location_id: string;
  readonly quantity: number;
}

/**
 * What to move to cover a shortfall: from the other location with the most spare stock, as many
 * units as it can give up to the shortfall; null when no other location has any to spare.
 */
export function suggestTransfer(
  productId: string,
  toLocationId: string,
  short: number,
  locationIds: readonly string[],
  available: AvailableStock,
): TransferSuggestion | null {
  let from: string | null = null;
  let spare = 0;
  for (const id of [...locationIds].sort()) {
    if (id === toLocationId) continue;
    const units = available.get(stockKey(id, productId)) ?? 0;
    if (units > spare) [from, spare] = [id, units];
  }
  if (from === null || short <= 0) return null;
  return {
    product_id: productId,
    from_location_id: from,
    to_location_id: toLocationId,
    quantity: Math.min(short, spare),
  };
}
