import { createStore } from 'zustand/vanilla';
import { UUID_PATTERN } from '../../domain/ids';
import type { OrderDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { findByCode } from '../db/product-search';
import { ui } from '../app/ui-store';
import { availableHere, noteStockAfterAdd } from '../stock-markers/stock-notice';
import { openReturn } from '../returns/return-store';

/** A scanned code no product has, offered as a search ("Search for <code>") until dismissed. */
export const unknownScanStore = createStore<{ readonly code: string | null }>()(() => ({
  code: null,
}));

export interface LookupContext {
  readonly db: TillDatabase;
  readonly store: StoreDoc | null;
  readonly pending: readonly OrderDoc[];
}

/** A sale receipt's barcode carries the order id: scanning it starts a return of that sale. */
async function isLocalSale(db: TillDatabase, code: string): Promise<boolean> {
  return UUID_PATTERN.test(code) && (await db.orders.findOne(code).exec()) !== null;
}

export type LookupResult = 'sale' | 'product' | 'unknown';

/**
 * The one path a scanned or typed code takes, from the search box or from a scanner with the
 * focus elsewhere. `offerSearch` is for the latter: the code is not in the search box yet.
 */
export async function lookUpCode(
  ctx: LookupContext,
  code: string,
  offerSearch: boolean,
): Promise<LookupResult> {
  if (await isLocalSale(ctx.db, code)) {
    ui.setQuery('');
    openReturn(code);
    return 'sale';
  }
  const product = await findByCode(ctx.db, code);
  if (!product) {
    ui.unknownCode(code);
    unknownScanStore.setState({ code: offerSearch ? code : null });
    return 'unknown';
  }
  ui.scanned(product);
  unknownScanStore.setState({ code: null });
  const available = ctx.store
    ? await availableHere(ctx.db, ctx.store, product.id, ctx.pending)
    : null;
  noteStockAfterAdd(product, available);
  return 'product';
}
