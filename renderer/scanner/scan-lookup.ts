import { createStore } from 'zustand/vanilla';
import type { OrderDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { findByCode } from '../db/product-search';
import { ui } from '../app/ui-store';
import { availableHere, noteStockAfterAdd } from '../stock-markers/stock-notice';

/** A scanned code no product has, offered as a search ("Search for <code>") until dismissed. */
export const unknownScanStore = createStore<{ readonly code: string | null }>()(() => ({
  code: null,
}));

export interface LookupContext {
  readonly db: TillDatabase;
  readonly store: StoreDoc | null;
  readonly pending: readonly OrderDoc[];
}

/**
 * The one path a scanned or typed code takes, from the search box or from a scanner with the
 * focus elsewhere. `offerSearch` is for the latter: the code is not in the search box yet.
 */
export async function lookUpCode(
  ctx: LookupContext,
  code: string,
  offerSearch: boolean,
): Promise<void> {
  const product = await findByCode(ctx.db, code);
  if (!product) {
    ui.unknownCode(code);
    unknownScanStore.setState({ code: offerSearch ? code : null });
    return;
  }
  ui.scanned(product);
  unknownScanStore.setState({ code: null });
  const available = ctx.store
    ? await availableHere(ctx.db, ctx.store, product.id, ctx.pending)
    : null;
  noteStockAfterAdd(product, available);
}
