import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import type { StoreDoc } from '../../domain/schemas';
import { setOrderDiscount } from './adjustments';
import { addProduct, EMPTY_CART } from './cart';
import type { Cart } from './cart';
import { buildSaleOrder } from './sale-order';
import { cashSaleInput, product, STORE } from './test-fixtures';
import { approvalDialog, useApprovals } from '../staff/approvals';
import { session } from '../staff/session-store';
import {
  applyWithApproval,
  approveWhatIsMissing,
  removeLineFromCart,
  useCartRefusal,
} from './cart-approvals';
import { ui, useRegisterUi } from '../register/ui-store';
import { staffMember } from '../staff/test-fixtures';

const casey = staffMember('staff-casey', 'cashier');
const morgan = staffMember('staff-morgan', 'manager');

const tea = product({ id: 'tea', name: 'Tea', unit_price: 1000 });
const milk = product({ id: 'milk', name: 'Milk', unit_price: 300 });
const thirtyOff = { type: 'percent', bps: 3000 } as const;

const cart = (): Cart => useRegisterUi.getState().cart;
const pending = () => useApprovals.getState().pending;
const withThreshold = (bps: number): StoreDoc => ({
  ...STORE,
  settings: { ...STORE.settings, discount_approval_bps: bps },
});

/** The sale as the register would place it now, paid in full in cash. */
const place = () => buildSaleOrder(cashSaleInput(cart(), 100_000));

beforeEach(() => {
  useRegisterUi.setState({ cart: addProduct(EMPTY_CART, tea, uuidv7()), paying: false });
  useCartRefusal.setState({ refusal: null });
  session.signedIn(casey);
});
afterEach(() => {
  approvalDialog.cancelled();
  session.switchCashier();
});

const orderDiscount = (store: StoreDoc) =>
  applyWithApproval(store, (c) => setOrderDiscount(c, thirtyOff), {
    action: 'discount',
    subject: (c) => c.order_id,
    detail: 'Order discount of 30%',
  });

describe('an approved change', () => {
  it('names the order the sale is placed under, so the approved order discount sells', async () => {
    const applied = orderDiscount(STORE);
    expect(pending()?.request.subject_id).toBe(cart().order_id);
    approvalDialog.approved(morgan);
    expect(await applied).toBe(true);
    expect(cart().approvals?.map((a) => a.subject_id)).toEqual([cart().order_id]);
    const sale = place();
    expect(sale).toMatchObject({ ok: true, value: { id: cart().order_id, approvals: [{}] } });
  });

  it('still covers the sale when an item is scanned while the manager is asked', async () => {
    const applied = orderDiscount(STORE);
    ui.scanned(milk);
    approvalDialog.approved(morgan);
    expect(await applied).toBe(true);
    expect(cart().lines.map((l) => l.name)).toEqual(['Tea', 'Milk']);
    expect(place()).toMatchObject({ ok: true });
  });

  it('leaves the cart as it was when not approved', async () => {
    const before = cart().lines;
    const applied = orderDiscount(STORE);
    approvalDialog.cancelled();
    expect(await applied).toBe(false);
    expect(cart().order_discount ?? null).toBeNull();
    expect(cart().lines).toBe(before);
  });
});

describe('asking for what a refused sale lacks', () => {
  it('asks for each missing approval, after which the sale is placed', async () => {
    // 30% was the cashier's to give at a 40% limit; the store's limit is 20% by the time of payment.
    expect(await orderDiscount(withThreshold(4000))).toBe(true);
    ui.openPayment();
    expect(place()).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } });

    const asked = approveWhatIsMissing(STORE);
    expect(pending()?.request).toMatchObject({
      action: 'discount',
      subject_id: cart().order_id,
      detail: 'The order discount is above 20%.',
    });
    approvalDialog.approved(morgan);
    expect(await asked).toBe(true);
    expect(place()).toMatchObject({ ok: true });
  });

  it('says so when the manager does not approve, and the sale stays refused', async () => {
    expect(await orderDiscount(withThreshold(4000))).toBe(true);
    const asked = approveWhatIsMissing(STORE);
    approvalDialog.cancelled();
    expect(await asked).toBe(false);
    expect(place()).toMatchObject({ ok: false });
  });
});

describe('removing a line', () => {
  it('needs no manager after payment opened, or a completion was refused, with no money taken', async () => {
    ui.scanned(milk);
    ui.openPayment();
    expect(place()).toMatchObject({ ok: true });
    const [, second] = cart().lines;
    if (!second) throw new Error('two lines expected');
    await removeLineFromCart(second, STORE);
    expect(pending()).toBeNull();
    expect(cart().lines.map((l) => l.name)).toEqual(['Tea']);
  });

  it('is a void once money is taken, and a refused void can be asked for again', async () => {
    ui.scanned(milk);
    ui.openPayment();
    ui.setTenders([{ id: uuidv7(), method: 'cash', tendered: 100 }]);
    const [, second] = cart().lines;
    if (!second) throw new Error('two lines expected');

    const removing = removeLineFromCart(second, STORE);
    expect(pending()?.request).toMatchObject({ action: 'void_line', subject_id: second.line_id });
    approvalDialog.cancelled();
    await removing;
    expect(cart().lines).toHaveLength(2);
    const refusal = useCartRefusal.getState().refusal;
    expect(refusal?.text).toMatch(/Not approved: Milk stays/);

    refusal?.askAgain();
    expect(useCartRefusal.getState().refusal).toBeNull();
    approvalDialog.approved(morgan);
    await expect.poll(() => cart().lines.length).toBe(1);
    expect(cart().approvals?.map((a) => [a.action, a.subject_id])).toEqual([
      ['void_line', second.line_id],
    ]);
  });
});
