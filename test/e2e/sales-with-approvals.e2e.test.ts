import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type {
  CashEventDoc,
  Discount,
  OrderDoc,
  OrderLine,
  ReturnRequestDoc,
} from '../../domain/schemas';
import { computeOrderTotals } from '../../domain/totals';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { makeOrder } from '../server-support/fixtures';
import { scan, signIn } from './support/cashier';
import { useRegisterRig } from './support/rig';
import { pairedRegister } from './support/register';
import { serverDocsOnce } from './support/server-state';

/*
 * Every kind of manager approval, each through to a sale the server has accepted: the server
 * checks the approvals again (domain/approval-rules.ts), so a sale it acknowledged carries the
 * approvals it needs under the subjects they name. And every refusal for want of an approval
 * offers "Ask a manager" on the spot, which lets the cashier carry on once a manager agrees.
 */

interface ServerOrder {
  order: OrderDoc;
  state: { status: string };
}

const SEEDED = 20;
const p1 = demoProduct(1);
const p2 = demoProduct(2);
const p3 = demoProduct(3);
const p4 = demoProduct(4);
const SETTINGS = `/api/admin/stores/${DEMO_STORE_ID}/settings`;

/** What a correct till charges for one each of demo products `numbers`, worked out apart from it. */
function expectedTotal(
  numbers: readonly number[],
  change: {
    readonly line?: (line: OrderLine) => OrderLine;
    readonly order_discount?: Discount;
  } = {},
): number {
  const items = numbers.map((product) => ({ product, quantity: 1 }));
  const { lines } = makeOrder({ storeId: DEMO_STORE_ID, deviceId: 'expected', items });
  return computeOrderTotals({
    lines: lines.map(change.line ?? ((l) => l)),
    order_discount: change.order_discount ?? null,
    tax_inclusive: false,
  }).total;
}

/** [action, subject, approver] of each approval, with the subject a line's name or "order". */
function approvalsOf(order: OrderDoc): string[][] {
  const subject = (id: string) =>
    id === order.id ? 'order' : (order.lines.find((l) => l.id === id)?.name ?? id);
  return order.approvals.map((a) => [a.action, subject(a.subject_id), a.approver_id]);
}

describe('sales with manager approvals, through to the server', () => {
  const rig = useRegisterRig({ stores: [{ id: DEMO_STORE_ID, products: SEEDED }] });
  const { server } = rig;

  async function casey(): Promise<Page> {
    const page = await pairedRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
    await signIn(page, 'Casey', '1234');
    return page;
  }

  const approvalDialog = (page: Page) => page.getByRole('dialog', { name: 'Manager approval' });

  async function approveAs(page: Page, name: string, pin: string): Promise<void> {
    const dialog = approvalDialog(page);
    await dialog.getByRole('button', { name, exact: true }).click();
    await dialog.getByLabel('Manager PIN', { exact: true }).fill(pin);
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  async function cancelApproval(page: Page): Promise<void> {
    const dialog = approvalDialog(page);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** The refusal shown in `where`, with its "Ask a manager" button. */
  function refusal(page: Page, where: string, text: RegExp) {
    const alert = page
      .getByRole('region', { name: where })
      .getByRole('alert')
      .filter({ hasText: text });
    return { alert, ask: alert.getByRole('button', { name: 'Ask a manager', exact: true }) };
  }

  async function payExact(page: Page): Promise<void> {
    // F4 on a cart whose scanned line is not painted yet opens nothing.
    await page.getByRole('region', { name: 'Cart' }).getByRole('spinbutton').first().waitFor();
    await page.keyboard.press('F4');
    await page
      .getByRole('region', { name: 'Payment' })
      .getByRole('button', { name: 'Exact' })
      .click();
    await page.getByRole('button', { name: 'Complete sale', exact: true }).click();
  }

  /**
   * The register's latest sale once it shows it acknowledged, as the server holds it: uploaded,
   * re-checked and accepted, not merely queued.
   */
  async function acknowledgedSale(page: Page): Promise<OrderDoc> {
    await page.getByText(/Sale complete/).waitFor();
    const latest = page.getByRole('list', { name: 'Recent sales' }).getByRole('listitem').first();
    await latest.filter({ hasText: /Acknowledged #\d+/ }).waitFor({ timeout: 60_000 });
    const shortId = /#([0-9a-f]{8})/.exec((await latest.textContent()) ?? '')?.[1];
    const { orders } = await server.admin<{ orders: { id: string }[] }>(
      'GET',
      `/api/admin/stores/${DEMO_STORE_ID}/orders`,
    );
    const id = orders.find((o) => shortId !== undefined && o.id.endsWith(shortId))?.id;
    if (!id) throw new Error(`the server has no sale #${shortId}`);
    const { order, state } = await server.admin<ServerOrder>(
      'GET',
      `/api/admin/stores/${DEMO_STORE_ID}/orders/${id}`,
    );
    expect(state.status).toBe('placed');
    expect(order.totals.paid_total).toBe(order.totals.total);
    return order;
  }

  it('sells with an approved order discount (Morgan approves 30 %, F4, Exact, Complete sale)', async () => {
    const page = await casey();
    await scan(page, p1.barcode);
    await page.getByRole('button', { name: 'Order discount', exact: true }).click();
    await page.getByLabel('Discount for the order', { exact: true }).fill('30%');
    await page.getByRole('button', { name: 'Apply discount', exact: true }).click();
    await approveAs(page, 'Morgan', '9999');
    await page.getByText('Order discount 30%').waitFor();

    await payExact(page);
    const order = await acknowledgedSale(page);
    const thirty: Discount = { type: 'percent', bps: 3000 };
    expect(order.totals.total).toBe(expectedTotal([1], { order_discount: thirty }));
    expect(approvalsOf(order)).toEqual([['discount', 'order', 'staff-morgan']]);
    await page.context().close();
  });

  it('sells with a line discount a manager approved when asked again after a cancel', async () => {
    const page = await casey();
    await scan(page, p1.barcode);
    await page.getByRole('button', { name: `Discount ${p1.name}`, exact: true }).click();
    await page.getByLabel(`Discount for ${p1.name}`, { exact: true }).fill('50%');
    await page.getByRole('button', { name: 'Apply discount', exact: true }).click();
    await cancelApproval(page);
    const refused = refusal(page, 'Cart', /Not approved/);
    await refused.ask.click();
    await approveAs(page, 'Morgan', '9999');
    await page.getByText('Discount 50%').waitFor();
    expect(await refused.alert.count()).toBe(0);

    await payExact(page);
    const order = await acknowledgedSale(page);
    const half: Discount = { type: 'percent', bps: 5000 };
    expect(order.totals.total).toBe(
      expectedTotal([1], { line: (l) => ({ ...l, discount: half }) }),
    );
    expect(approvalsOf(order)).toEqual([['discount', p1.name, 'staff-morgan']]);
    await page.context().close();
  });

  it('sells at an overridden price a manager approved when asked again after a cancel', async () => {
    const page = await casey();
    await scan(page, p3.barcode);
    await page.getByRole('button', { name: `Override price ${p3.name}`, exact: true }).click();
    await page.getByLabel(`New price for ${p3.name}`, { exact: true }).fill('0.50');
    await page.getByRole('button', { name: 'Apply price', exact: true }).click();
    await cancelApproval(page);
    await refusal(page, 'Cart', /Not approved/).ask.click();
    await approveAs(page, 'Alex', '4321');
    await page.getByText(/Price \$0\.50 \(was/).waitFor();

    await payExact(page);
    const order = await acknowledgedSale(page);
    expect(order.totals.total).toBe(
      expectedTotal([3], { line: (l) => ({ ...l, unit_price: 50 }) }),
    );
    expect(approvalsOf(order)).toEqual([['price_override', p3.name, 'staff-alex']]);
    await page.context().close();
  });

  it('needs a manager to remove a line once money is taken, not merely for opening payment', async () => {
    const page = await casey();
    await scan(page, p1.barcode);
    await scan(page, p2.barcode);
    await scan(page, p3.barcode);
    const quantity = (name: string) =>
      page.getByRole('spinbutton', { name: `Quantity for ${name}`, exact: true });

    // Opening payment and going back takes no money: the cashier still removes a line freely.
    await page.keyboard.press('F4');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${p3.name}`, exact: true }).click();
    await expect.poll(() => quantity(p3.name).count()).toBe(0);
    expect(await approvalDialog(page).count()).toBe(0);

    // Cash taken: now removing a line is a void, and a cancelled one can be asked for again.
    await page.keyboard.press('F4');
    await page.getByLabel('Amount tendered').fill('1.00');
    await page.getByRole('button', { name: 'Add cash', exact: true }).click();
    await page
      .getByRole('list', { name: 'Tenders' })
      .getByText(/Cash \$1\.00/)
      .waitFor();
    await page.getByRole('button', { name: `Remove ${p2.name}`, exact: true }).click();
    await cancelApproval(page);
    expect(await quantity(p2.name).count()).toBe(1);
    await refusal(page, 'Cart', /Not approved/).ask.click();
    await approveAs(page, 'Morgan', '9999');
    await expect.poll(() => quantity(p2.name).count()).toBe(0);

    await page
      .getByRole('region', { name: 'Payment' })
      .getByRole('button', { name: 'Exact' })
      .click();
    await page.getByRole('button', { name: 'Complete sale', exact: true }).click();
    const order = await acknowledgedSale(page);
    expect(order.totals.total).toBe(expectedTotal([1]));
    // The removed line is no longer in the sale: the void names its id, not a line sold.
    expect(order.lines.map((l) => l.name)).toEqual([p1.name]);
    expect(order.approvals.map((a) => [a.action, a.approver_id])).toEqual([
      ['void_line', 'staff-morgan'],
    ]);
    await page.context().close();
  });

  it('opens the drawer for a no sale a manager approved when asked again, then sells', async () => {
    const page = await casey();
    await page.getByRole('button', { name: 'No sale', exact: true }).click();
    await cancelApproval(page);
    const refused = page.getByRole('alert').filter({ hasText: 'No sale was not approved.' });
    await refused.getByRole('button', { name: 'Ask a manager', exact: true }).click();
    await approveAs(page, 'Morgan', '9999');
    await page.getByRole('status', { name: 'No sale' }).filter({ hasText: 'recorded' }).waitFor();
    expect(await refused.count()).toBe(0);
    const noSales = await serverDocsOnce<CashEventDoc>(
      server,
      DEMO_STORE_ID,
      'cash_events',
      (docs) => docs.some((d) => d.type === 'no_sale'),
    );
    expect(noSales.filter((d) => d.type === 'no_sale').map((d) => d.approver_id)).toEqual([
      'staff-morgan',
    ]);

    await scan(page, p2.barcode);
    // F4 on a cart whose line is not painted yet opens nothing: pay once the line is there.
    await page.getByRole('spinbutton', { name: `Quantity for ${p2.name}` }).waitFor();
    await payExact(page);
    const order = await acknowledgedSale(page);
    expect(order.totals.total).toBe(expectedTotal([2]));
    expect(order.approvals).toEqual([]);
    await page.context().close();
  });

  it('offers "Ask a manager" where a completion is refused, and then completes the sale', async () => {
    const page = await casey();
    await scan(page, p1.barcode);
    await scan(page, p2.barcode);
    // 15% is the cashier's to give under the store's 20% ...
    await page.getByRole('button', { name: 'Order discount', exact: true }).click();
    await page.getByLabel('Discount for the order', { exact: true }).fill('15%');
    await page.getByRole('button', { name: 'Apply discount', exact: true }).click();
    await page.getByText('Order discount 15%').waitFor();
    expect(await approvalDialog(page).count()).toBe(0);
    try {
      // ... until the back office lowers the limit before the sale is paid.
      await server.admin('PATCH', SETTINGS, { discount_approval_bps: 1000 });
      await page.getByRole('button', { name: 'Order discount', exact: true }).click();
      await page.getByText('Up to 10% without a manager.').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();

      await payExact(page);
      const refused = refusal(page, 'Payment', /A manager must approve first: the order discount/);
      await refused.ask.waitFor();

      // A refused completion took no money: going back, a line comes off without a manager.
      await page
        .getByRole('region', { name: 'Payment' })
        .getByRole('button', { name: 'Cancel' })
        .click();
      await page.getByRole('button', { name: `Remove ${p2.name}`, exact: true }).click();
      await expect
        .poll(() => page.getByRole('spinbutton', { name: `Quantity for ${p2.name}` }).count())
        .toBe(0);
      expect(await approvalDialog(page).count()).toBe(0);

      await payExact(page);
      await refused.ask.click();
      await approveAs(page, 'Morgan', '9999');
      const order = await acknowledgedSale(page);
      const fifteen: Discount = { type: 'percent', bps: 1500 };
      expect(order.totals.total).toBe(expectedTotal([1], { order_discount: fifteen }));
      expect(approvalsOf(order)).toEqual([['discount', 'order', 'staff-morgan']]);
    } finally {
      await server.admin('PATCH', SETTINGS, { discount_approval_bps: 2000 });
    }
    await page.context().close();
  });
  it('asks a manager again for a return without a receipt that was not approved', async () => {
    const page = await casey();
    try {
      await server.admin('PATCH', SETTINGS, { unreceipted_return_limit: 25_000 });
      await page.getByRole('button', { name: 'Return without receipt' }).click();
      const form = page.getByRole('dialog', { name: 'Return without a receipt' });
      await form.getByText(/up to \$250\.00/).waitFor({ timeout: 60_000 });
      const code = form.getByLabel('Product returned');
      await code.fill(p4.barcode);
      await code.press('Enter');
      await form.getByLabel(`Reason for ${p4.name}`).selectOption('Changed mind');
      await form.getByRole('button', { name: 'Complete return' }).click();
      await cancelApproval(page);
      const refused = form
        .getByRole('alert')
        .filter({ hasText: 'A return without a receipt needs a manager’s approval.' });
      await refused.getByRole('button', { name: 'Ask a manager', exact: true }).click();
      await approveAs(page, 'Morgan', '9999');
      await page
        .getByRole('region', { name: 'Return receipt' })
        .getByText('Approved by: Morgan')
        .waitFor();
      const returns = await serverDocsOnce<ReturnRequestDoc>(
        server,
        DEMO_STORE_ID,
        'return_requests',
        (docs) => docs.length > 0,
      );
      expect(returns.map((r) => r.approver_id)).toEqual(['staff-morgan']);
    } finally {
      await server.admin('PATCH', SETTINGS, { unreceipted_return_limit: 5_000 });
    }
    await page.context().close();
  });
});
