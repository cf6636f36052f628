import type { OrderDoc, StockLevelDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { formatNumber } from '../format/store-format';
import { localStock } from './local-stock';
import { screenStore } from '../ui/screen-store';

/*
 * Selling below zero is allowed (the shelf may hold what the books do not), so running out is
 * a warning the cashier sees, never a refusal. What counts is what this sale leaves: the local
 * stock (already less the register's unsynced sales) minus the cart's own quantity.
 */

export type StockMarker = 'out' | 'low';

/**
 * Out of stock when none is here or the cart takes more than is; low when what the cart leaves
 * is at or below the store's threshold. A search result passes a cart quantity of 0.
 */
export function stockMarker(
  available: number | null,
  inCart: number,
  threshold: number,
): StockMarker | null {
  if (available === null) return null;
  if (available <= 0 || available < inCart) return 'out';
  return available - inCart <= threshold ? 'low' : null;
}

export const STOCK_MARKER_TEXT: Readonly<Record<StockMarker, string>> = {
  out: 'Out of stock',
  low: 'Low stock',
};

/** The warning for a cart that sells more of a product than is here, or null when it does not. */
export function oversoldNotice(
  name: string,
  available: number | null,
  inCart: number,
  store: Pick<StoreDoc, 'locale'>,
): string | null {
  if (available === null || available >= inCart) return null;
  if (available <= 0) return `${name} is out of stock here — selling anyway`;
  const count = (n: number) => formatNumber(n, store);
  return `${name}: ${count(inCart)} in this sale but only ${count(available)} in stock here — selling anyway`;
}

/**
 * After the cart's quantity of a product changed (a scan, a tap, a typed quantity): warn when
 * the sale now takes more than is here, clear the last warning otherwise.
 */
export function noteStock(
  name: string,
  available: number | null,
  inCart: number,
  store: Pick<StoreDoc, 'locale'>,
): void {
  screenStore.setState({ stockNotice: oversoldNotice(name, available, inCart, store) });
}

/** Available stock at the store's selling location, or null when no level was pulled. */
export async function availableHere(
  db: TillDatabase,
  store: StoreDoc,
  productId: string,
  pending: readonly OrderDoc[],
): Promise<number | null> {
  const docs = await db.stock_levels.find({ selector: { product_id: productId } }).exec();
  const levels = docs.map((d) => d.toJSON() as StockLevelDoc);
  return localStock(productId, store.default_location_id, levels, pending);
}
