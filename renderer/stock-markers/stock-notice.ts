import { createStore } from 'zustand/vanilla';
import type { OrderDoc, ProductDoc, StockLevelDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { localStock } from '../stock/local-stock';

/*
 * Selling below zero is allowed (the shelf may hold what the books do not), so running out is
 * a warning the cashier sees, never a refusal.
 */
export const stockNoticeStore = createStore<{ readonly notice: string | null }>()(() => ({
  notice: null,
}));

export const outOfStockNotice = (name: string) => `${name} is out of stock here — selling anyway`;

export function isLowStock(available: number, threshold: number): boolean {
  return available <= threshold;
}

/** After a product is added: warn when none was left, clear the last warning otherwise. */
export function noteStockAfterAdd(product: ProductDoc, available: number | null): void {
  stockNoticeStore.setState({
    notice: available !== null && available <= 0 ? outOfStockNotice(product.name) : null,
  });
}

export function clearStockNotice(): void {
  stockNoticeStore.setState({ notice: null });
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
