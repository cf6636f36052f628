import { createStore } from 'zustand/vanilla';

/*
 * What the counter shows besides the cart, in one store: which panel or dialog is open and the
 * one-line notices, each until the cashier closes it or the next action replaces it. The cart,
 * payment and search state is the register's own store (register/ui-store.ts).
 */
export interface Screen {
  readonly shortcutsHelpOpen: boolean;
  readonly syncDetailsOpen: boolean;
  /** Which sale's receipt is on screen: the one just completed, or one picked to reprint. */
  readonly receiptOrderId: string | null;
  /** Why the drawer did not open after a cash sale. */
  readonly drawerAlert: string | null;
  /** The sell-past-zero warning of the last product added. */
  readonly stockNotice: string | null;
  /** A scanned code no product has, offered as a search ("Search for <code>"). */
  readonly unknownScan: string | null;
}

export const screenStore = createStore<Screen>()(() => ({
  shortcutsHelpOpen: false,
  syncDetailsOpen: false,
  receiptOrderId: null,
  drawerAlert: null,
  stockNotice: null,
  unknownScan: null,
}));
