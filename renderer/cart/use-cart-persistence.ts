import { useEffect } from 'react';
import type { TillDatabase } from '../db/database';
import { EMPTY_CART, restoreCart } from './cart';
import type { Cart } from './cart';
import { ui, useRegisterUi } from '../register/ui-store';
import { recordExchangeReturn } from '../returns/record-return';
import type { OrderDoc } from '../../domain/schemas';

const CART_DOC = 'cart';

export async function saveCart(db: TillDatabase, cart: Cart): Promise<void> {
  await db.upsertLocal(CART_DOC, cart);
}

/** How many lines the saved cart holds (the test hook's view of what survives a crash). */
export async function savedCartLines(db: TillDatabase): Promise<number> {
  return restoreCart((await db.getLocal<Cart>(CART_DOC))?.toJSON().data).lines.length;
}

/**
 * The stored cart, unless its sale was already written: the register can stop between saving
 * the order and clearing the cart, and that sale must not be rung up a second time.
 */
export async function restoreSavedCart(db: TillDatabase): Promise<Cart> {
  const cart = restoreCart((await db.getLocal<Cart>(CART_DOC))?.toJSON().data);
  if (!cart.order_id) return cart;
  const sold = await db.orders.findOne(cart.order_id).exec();
  if (!sold) return cart;
  // An exchange's return is written just after its sale; the register may have stopped between.
  if (cart.exchange) await recordExchangeReturn(db, cart.exchange, sold.toJSON() as OrderDoc);
  return EMPTY_CART;
}

/**
 * Restores the cart from its local document, then writes every change back. Writes are chained
 * so a burst of scans lands in order and the last state always wins.
 */
export function useCartPersistence(db: TillDatabase): void {
  useEffect(() => {
    let cancelled = false;
    let chain: Promise<unknown> = Promise.resolve();
    let unsubscribe = () => {};
    void restoreSavedCart(db).then((cart) => {
      if (cancelled) return;
      ui.cartRestored(cart);
      unsubscribe = useRegisterUi.subscribe((state, previous) => {
        if (state.cart === previous.cart) return;
        chain = chain
          .then(() => saveCart(db, useRegisterUi.getState().cart))
          .catch((e: unknown) => console.error('could not save the cart', e));
      });
    });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [db]);
}
