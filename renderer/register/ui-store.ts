import { create } from 'zustand';
import type { ProductDoc, ReturnRequestDoc } from '../../domain/schemas';
import { uuidv7 } from '../../domain/ids';
import { addProduct, EMPTY_CART, removeLine, setQuantity, withEarlyLines } from '../cart/cart';
import type { Cart } from '../cart/cart';
import { withSaleId } from '../cart/adjustments';
import type { SaleCart } from '../cart/adjustments';
import type { TenderEntry } from '../payment/tenders';

/*
 * Screen state. The cart lives here for rendering and is mirrored to a local document by
 * use-cart-persistence so it survives a reload; everything else is throwaway UI state.
 */
export interface RegisterUi {
  readonly cart: Cart;
  /** False until the stored cart has been read, so an empty cart never overwrites it. */
  readonly cartLoaded: boolean;
  readonly query: string;
  readonly alert: string | null;
  readonly paying: boolean;
  readonly tenderedText: string;
  /** "Sale complete — change due …" after the last sale, until the next scan. */
  readonly lastSale: string | null;
}

export const useRegisterUi = create<RegisterUi>()(() => ({
  cart: EMPTY_CART,
  cartLoaded: false,
  query: '',
  alert: null,
  paying: false,
  tenderedText: '',
  lastSale: null,
}));

const set = useRegisterUi.setState;

export const ui = {
  cartRestored(stored: Cart) {
    set((s) => ({ cart: withEarlyLines(stored, s.cart), cartLoaded: true }));
  },
  setQuery(query: string) {
    set({ query, alert: null });
  },
  add(product: ProductDoc) {
    set((s) => ({ cart: addProduct(s.cart, product, uuidv7()), lastSale: null, alert: null }));
  },
  scanned(product: ProductDoc) {
    set((s) => ({
      cart: addProduct(s.cart, product, uuidv7()),
      query: '',
      lastSale: null,
      alert: null,
    }));
  },
  unknownCode(code: string) {
    set({ alert: `No product with barcode ${code}` });
  },
  /** Goods of an earlier sale come back in exchange: their value pays toward this cart. */
  startExchange(ret: ReturnRequestDoc, value: number) {
    set((s) => ({ cart: { ...s.cart, exchange: { return: ret, value } }, lastSale: null }));
  },
  cancelExchange() {
    set((s) => ({ cart: { ...s.cart, exchange: undefined } }));
  },
  setQuantity(lineId: string, quantity: number) {
    set((s) => ({ cart: setQuantity(s.cart, lineId, quantity) }));
  },
  remove(lineId: string) {
    set((s) => {
      const cart = removeLine(s.cart, lineId);
      return { cart, paying: s.paying && cart.lines.length > 0 };
    });
  },
  /**
   * The cart with its sale id fixed, before anything names the order: an approval, a card
   * authorization, or the order itself.
   */
  fixSaleId(): SaleCart {
    const cart = withSaleId(useRegisterUi.getState().cart, uuidv7);
    set({ cart });
    return cart;
  },
  /**
   * Opening payment takes no money, so it starts no payment (adjustments.ts paymentStarted);
   * it fixes the sale's id: should the register die between writing the order and clearing
   * the cart, the restored cart names an order that exists and is never sold twice.
   */
  openPayment() {
    set((s) => ({
      cart: withSaleId(s.cart, uuidv7),
      paying: true,
      tenderedText: '',
      lastSale: null,
    }));
  },
  closePayment() {
    set({ paying: false, tenderedText: '' });
  },
  setTenders(tenders: readonly TenderEntry[]) {
    set((s) => ({ cart: { ...s.cart, tenders: [...tenders] } }));
  },
  setTendered(tenderedText: string) {
    set({ tenderedText });
  },
  saleCompleted(message: string) {
    set({ cart: EMPTY_CART, paying: false, tenderedText: '', lastSale: message });
  },
};
