import { uuidv7 } from '../../domain/ids';
import { addMinor, formatMoney } from '../../domain/money';
import type { OrderDoc, StoreDoc, TaxRateDoc } from '../../domain/schemas';
import { missingCartApprovals } from '../cart/adjustments';
import { buildSaleOrder } from '../cart/sale-order';
import { saveCart } from '../cart/use-cart-persistence';
import type { TillDatabase } from '../db/database';
import { completeActiveDraft, useDraftUi } from '../drafts/draft-actions';
import { openDrawerForSale } from '../platform/drawer';
import type { Platform } from '../platform/platform';
import { ui, useRegisterUi } from '../register/ui-store';
import { recordExchangeReturn } from '../returns/record-return';
import { expiredCards } from './tenders';
import type { TenderEntry } from './tenders';

/** Where and by whom the sale is taken. */
export interface SaleCounter {
  readonly db: TillDatabase;
  /** Only the drawer: a sale with cash in or out opens it. */
  readonly platform: Pick<Platform, 'kickDrawer'>;
  readonly store: StoreDoc;
  readonly taxRates: ReadonlyMap<string, TaxRateDoc>;
  readonly deviceId: string;
  readonly cashierId: string;
  /** The open register session the sale is taken in. */
  readonly sessionId: string;
}

export type SaleOutcome =
  | { readonly ok: true; readonly order: OrderDoc }
  | {
      readonly ok: false;
      readonly message: string;
      /** Refused for want of a manager's approval, which the cashier may ask for now. */
      readonly needsManager: boolean;
    };

const refused = (message: string, needsManager = false): SaleOutcome => ({
  ok: false,
  message,
  needsManager,
});

/**
 * Completes the sale in the cart with the tenders taken (an exchange's credit first): writes
 * the order, records the exchange's return, opens the drawer for cash, empties the cart with
 * what the cashier is told, and marks the parked sale it came from completed. A refusal leaves
 * the cart and its tenders as they were, to fix or to ask a manager.
 */
export async function completeSale(
  counter: SaleCounter,
  payments: readonly TenderEntry[],
  now: Date,
): Promise<SaleOutcome> {
  const { db, store } = counter;
  if (expiredCards(payments, now).length > 0) {
    return refused('An offline card payment has expired: remove it and take payment another way.');
  }
  const { cart } = useRegisterUi.getState();
  const result = buildSaleOrder({
    cart,
    store,
    taxRates: counter.taxRates,
    deviceId: counter.deviceId,
    cashierId: counter.cashierId,
    registerSessionId: counter.sessionId,
    payments,
    draftId: useDraftUi.getState().active?.draft_id ?? null,
    now,
    newId: uuidv7,
  });
  if (!result.ok) {
    const threshold = store.settings.discount_approval_bps;
    return refused(
      result.error.message,
      missingCartApprovals(ui.fixSaleId(), threshold).length > 0,
    );
  }
  const order = result.value;
  const money = (amount: number) => formatMoney(amount, store.currency, store.locale);
  try {
    // The cart naming this order id is saved first: should the register die after the order
    // is written, the cart it restores is recognised as sold, never sold again.
    await saveCart(db, cart);
    // One insert: the order is the whole sale, written locally whether or not the server is up.
    await db.orders.insert(order);
    const returned = cart.exchange ? await recordExchangeReturn(db, cart.exchange, order) : null;
    const cashBack = returned?.refund_amount ?? 0;
    if (order.tenders.some((t) => t.method === 'cash') || cashBack > 0) {
      void openDrawerForSale(counter.platform);
    }
    const change = order.tenders.reduce(
      (sum, t) => (t.method === 'cash' ? addMinor(sum, t.change) : sum),
      0,
    );
    ui.saleCompleted(
      returned
        ? `Exchange complete — ${cashBack > 0 ? `cash back ${money(cashBack)}` : `change due ${money(change)}`}`
        : `Sale complete — change due ${money(change)}`,
    );
    if (order.draft_id) {
      // The sale stands either way; the draft only stops showing as resumed.
      await completeActiveDraft(db, counter.deviceId).catch((e: unknown) =>
        console.error('could not mark the parked sale completed', e),
      );
    }
    return { ok: true, order };
  } catch (e) {
    return refused(`The sale was not saved: ${(e as Error).message}`);
  }
}
