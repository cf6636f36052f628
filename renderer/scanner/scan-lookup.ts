import { UUID_PATTERN } from '../../domain/ids';
import type { OrderDoc, ProductDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { findByCode } from '../db/product-search';
import { ui, useRegisterUi } from '../register/ui-store';
import { quantityInCart } from '../cart/cart';
import { availableHere, noteStock } from '../stock/stock-notice';
import { openReturn } from '../returns/return-store';
import { screenStore } from '../ui/screen-store';

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

type Found =
  | { readonly kind: 'sale'; readonly orderId: string }
  | { readonly kind: 'product'; readonly product: ProductDoc };

async function find(db: TillDatabase, code: string): Promise<Found | null> {
  if (await isLocalSale(db, code)) return { kind: 'sale', orderId: code };
  const product = await findByCode(db, code);
  return product ? { kind: 'product', product } : null;
}

/**
 * The one path a scanned or typed code takes, from the search box or from a scanner with the
 * focus elsewhere. `codes` are the readings to try, best first (the search box offers the whole
 * field, then the scanned burst alone); the first that names a sale or a product wins, and a
 * miss is reported under the first. `offerSearch` is for a scan with the focus elsewhere: the
 * code is not in the search box yet.
 */
export async function lookUpCode(
  ctx: LookupContext,
  codes: readonly string[],
  offerSearch: boolean,
): Promise<LookupResult> {
  let found: Found | null = null;
  for (const code of new Set(codes)) {
    found = await find(ctx.db, code);
    if (found) break;
  }
  if (found?.kind === 'sale') {
    ui.setQuery('');
    openReturn(found.orderId);
    return 'sale';
  }
  if (!found) {
    const code = codes[0] ?? '';
    ui.unknownCode(code);
    screenStore.setState({ unknownScan: offerSearch ? code : null });
    return 'unknown';
  }
  const { product } = found;
  ui.scanned(product);
  screenStore.setState({ unknownScan: null });
  if (!ctx.store) return 'product';
  const available = await availableHere(ctx.db, ctx.store, product.id, ctx.pending);
  // Read after the lookup: another scan of the same product may have landed meanwhile.
  const inCart = quantityInCart(useRegisterUi.getState().cart, product.id);
  noteStock(product.name, available, inCart, ctx.store);
  return 'product';
}
