import { useEffect } from 'react';
import type { TillDatabase } from '../db/database';
import { restoreCart } from '../cart/cart';
import type { Cart } from '../cart/cart';
import { ui, useRegisterUi } from './ui-store';

const CART_DOC = 'cart';

/**
 * Restores the cart from its local document, then writes every change back. Writes are chained
 * so a burst of scans lands in order and the last state always wins.
 */
export function useCartPersistence(db: TillDatabase): void {
  useEffect(() => {
    let cancelled = false;
    let chain: Promise<unknown> = Promise.resolve();
    let unsubscribe = () => {};
    void db.getLocal<Cart>(CART_DOC).then((doc) => {
      if (cancelled) return;
      ui.cartRestored(restoreCart(doc?.toJSON().data));
      unsubscribe = useRegisterUi.subscribe((state, previous) => {
        if (state.cart === previous.cart) return;
        chain = chain
          .then(() => db.upsertLocal(CART_DOC, useRegisterUi.getState().cart))
          .catch((e: unknown) => console.error('could not save the cart', e));
      });
    });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [db]);
}
