import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import type { DraftOrderDoc, OrderDoc } from '../../domain/schemas';
import { setOrderDiscount, withSaleId } from '../cart/adjustments';
import type { SaleCart } from '../cart/adjustments';
import { addProduct, EMPTY_CART } from '../cart/cart';
import type { Cart } from '../cart/cart';
import { cashReturn, product, STORE } from '../cart/test-fixtures';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { useDraftUi } from '../drafts/draft-actions';
import { nextRevision, parkDraft } from '../drafts/drafts';
import { useRegisterUi } from '../register/ui-store';
import { completeSale } from './complete-sale';
import type { SaleCounter } from './complete-sale';
import type { TenderEntry } from './tenders';

/*
 * RxDB on fake-indexeddb, as the register's other database tests: Node has no IndexedDB. The
 * drawer is the one part stood in for, since no cash drawer is attached here: it counts kicks.
 */
const NOW = new Date('2025-03-01T10:00:00.000Z');
let db: TillDatabase;
let kicks: number;
let counter: SaleCounter;

beforeEach(async () => {
  db = await openDatabase({ name: `complete-sale-${uuidv7()}` });
  kicks = 0;
  counter = {
    db,
    platform: {
      kickDrawer: async () => {
        kicks += 1;
        return { ok: true, value: null };
      },
    },
    store: STORE,
    taxRates: new Map(),
    deviceId: 'dev-1',
    cashierId: 'staff-casey',
    sessionId: 'session-1',
  };
  useDraftUi.setState({ loaded: true, active: null, notice: null });
});
afterEach(async () => {
  await db.remove();
});

const tea = (): SaleCart =>
  withSaleId(addProduct(EMPTY_CART, product({ id: 'tea', unit_price: 300 }), uuidv7()), uuidv7);

/** The register as the cashier left it on the payment screen. */
function paying(cart: Cart): void {
  useRegisterUi.setState({ cart, paying: true, tenderedText: '3', lastSale: null });
}

const cash = (tendered: number): TenderEntry => ({ id: uuidv7(), method: 'cash', tendered });
const card = (amount: number, expires_at: string | null): TenderEntry => ({
  id: uuidv7(),
  method: 'card',
  amount,
  reference: 'pm_card_visa',
  offline: expires_at !== null,
  expires_at,
});

const orders = async () => (await db.orders.find().exec()).map((d) => d.toJSON() as OrderDoc);

describe('completing a sale', () => {
  it('writes the order, opens the drawer for cash and tells the change due', async () => {
    const cart = tea();
    paying(cart);
    const outcome = await completeSale(counter, [cash(500)], NOW);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.order.id).toBe(cart.order_id);
    expect(await orders()).toMatchObject([
      { id: cart.order_id, tenders: [{ method: 'cash', amount: 300, tendered: 500, change: 200 }] },
    ]);
    // The sold cart was saved first, so a restart recognises it as sold.
    expect((await db.getLocal<Cart>('cart'))?.toJSON().data.order_id).toBe(cart.order_id);
    expect(kicks).toBe(1);
    const screen = useRegisterUi.getState();
    expect(screen).toMatchObject({ cart: EMPTY_CART, paying: false, tenderedText: '' });
    expect(screen.lastSale).toBe('Sale complete — change due €2.00');
  });

  it('leaves the drawer shut for a sale paid by card alone', async () => {
    paying(tea());
    const outcome = await completeSale(counter, [card(300, null)], NOW);
    expect(outcome.ok).toBe(true);
    expect(kicks).toBe(0);
    expect(useRegisterUi.getState().lastSale).toBe('Sale complete — change due €0.00');
  });

  it('refuses an offline card that has expired, and writes nothing', async () => {
    const cart = tea();
    paying(cart);
    const outcome = await completeSale(counter, [card(300, '2025-03-01T09:00:00.000Z')], NOW);
    expect(outcome).toEqual({
      ok: false,
      message: 'An offline card payment has expired: remove it and take payment another way.',
      needsManager: false,
    });
    expect(await orders()).toEqual([]);
    expect(useRegisterUi.getState()).toMatchObject({ cart, paying: true });
    expect(kicks).toBe(0);
  });

  it('refuses a discount no manager approved, and says a manager can approve it', async () => {
    const cart = setOrderDiscount(tea(), { type: 'percent', bps: 5000 });
    paying(cart);
    const outcome = await completeSale(counter, [cash(500)], NOW);
    expect(outcome).toMatchObject({ ok: false, needsManager: true });
    expect(await orders()).toEqual([]);
    expect(useRegisterUi.getState().cart).toEqual(cart);
  });

  it('keeps the cart when the order cannot be written', async () => {
    const cart = tea();
    paying(cart);
    const first = await completeSale(counter, [cash(300)], NOW);
    expect(first.ok).toBe(true);
    // The same sale again (its id taken): the local database refuses the second insert.
    paying(cart);
    const again = await completeSale(counter, [cash(300)], NOW);
    expect(again).toMatchObject({ ok: false, needsManager: false });
    expect(again.ok || again.message).toMatch(/^The sale was not saved: /);
    expect(await orders()).toHaveLength(1);
    expect(useRegisterUi.getState()).toMatchObject({ cart, paying: true, lastSale: null });
  });

  it('records an exchange: the goods pay first, the cash back opens the drawer', async () => {
    const cart = tea();
    const ret = cashReturn(uuidv7(), 450, NOW.toISOString());
    paying({ ...cart, exchange: { return: ret, value: 450 } });
    const credit: TenderEntry = { id: ret.id, method: 'exchange', amount: 300, return_id: ret.id };
    const outcome = await completeSale(counter, [credit], NOW);
    if (!outcome.ok) throw new Error(outcome.message);
    const recorded = (await db.return_requests.findOne(ret.id).exec())?.toJSON();
    expect(recorded).toMatchObject({
      exchange_order_id: cart.order_id,
      exchange_amount: 300,
      refund_amount: 150,
    });
    expect(kicks).toBe(1);
    expect(useRegisterUi.getState().lastSale).toBe('Exchange complete — cash back €1.50');
  });

  it('marks the parked sale it came from completed', async () => {
    const cart = tea();
    const parked = parkDraft({
      cart,
      taxRates: new Map(),
      storeId: 'store-1',
      deviceId: 'dev-1',
      staffId: 'staff-casey',
      label: 'Table 4',
      now: NOW,
      newId: uuidv7,
      resumed: null,
    });
    const resumed = nextRevision(parked, 'resumed', 'dev-1', NOW);
    await db.draft_orders.insert(resumed);
    useDraftUi.setState({
      active: {
        draft_id: resumed.id,
        revision: resumed.revision,
        label: resumed.label,
        line_ids: resumed.lines.map((l) => l.id),
      },
    });
    paying(cart);
    const outcome = await completeSale(counter, [cash(300)], NOW);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.order.draft_id).toBe(resumed.id);
    const draft = (await db.draft_orders.findOne(resumed.id).exec())?.toJSON() as DraftOrderDoc;
    expect(draft.status).toBe('completed');
    expect(useDraftUi.getState().active).toBeNull();
  });
});
