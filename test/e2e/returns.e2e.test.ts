import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMoney } from '../../domain/money';
import { uuidv7 } from '../../domain/ids';
import type {
  OrderDoc,
  OrderStateDoc,
  RegisterSessionDoc,
  ReturnRequestDoc,
  StockLevelDoc,
} from '../../domain/schemas';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID, DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { serverDocs } from '../server-support/server-docs';
import type { SyncServerProcess } from '../server-support/sync-server-process';
import {
  addToCart,
  approveCard,
  ringUpCashSale,
  scan,
  signIn,
  syncStatus,
} from './support/cashier';
import { approveAsMorgan, completeReturn, receiptOrderId } from './support/returns';
import { useGatewayRig, useRegisterRig } from './support/rig';
import { signedInRegister } from './support/register';
import { serverDocsOnce } from './support/server-state';

const SEEDED = 20;

/** Rings up a cash sale and reads the order id off its receipt. */
async function sell(page: Page, product: number, quantity: number): Promise<string> {
  await ringUpCashSale(page, [{ product: demoProduct(product), quantity }], '500.00');
  return receiptOrderId(page);
}

/** Returns `quantity` units of the only line of sale `orderId`, found by scanning its receipt. */
async function returnUnits(
  page: Page,
  orderId: string,
  product: number,
  quantity: number,
  refund: 'To the original payment' | 'All in cash',
): Promise<number> {
  await scan(page, orderId);
  return completeReturn(page, product, quantity, refund);
}

async function stateOnce(
  server: SyncServerProcess,
  orderId: string,
  ready: (state: OrderStateDoc) => boolean,
): Promise<OrderStateDoc> {
  const states = await serverDocsOnce<OrderStateDoc>(server, DEMO_STORE_ID, 'order_states', (d) =>
    d.some((s) => s.id === orderId && ready(s)),
  );
  const state = states.find((s) => s.id === orderId);
  if (!state) throw new Error(`no state for ${orderId}`);
  return state;
}

async function floorStock(server: SyncServerProcess, product: number): Promise<number> {
  const levels = await serverDocs<StockLevelDoc>(server, DEMO_STORE_ID, 'stock_levels');
  const productId = demoProduct(product).id;
  const level = levels.find(
    (l) => l.product_id === productId && l.location_id === DEMO_FLOOR_LOCATION_ID,
  );
  return level?.stocked_quantity ?? Number.NaN;
}

describe('receipted returns at the register', () => {
  const rig = useRegisterRig({
    stores: [{ id: DEMO_STORE_ID, products: SEEDED }],
  });
  const { server } = rig;
  let page: Page;

  beforeAll(async () => {
    page = await signedInRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
  });

  it('returns part of a cash sale for cash, refunded and restocked on the server', async () => {
    const orderId = await sell(page, 1, 3);
    await stateOnce(server, orderId, (s) => s.status !== 'rejected');
    const stockAfterSale = await floorStock(server, 1);

    const refund = await returnUnits(page, orderId, 1, 2, 'All in cash');
    expect(refund).toBeGreaterThan(0);

    const state = await stateOnce(server, orderId, (s) => (s.returned ?? []).length > 0);
    expect(state).toMatchObject({
      refunded_total: refund,
      fulfillment_status: 'partially_returned',
      payment_status: 'partially_refunded',
    });
    expect(state.returned?.[0]?.quantity).toBe(2);
    await expect.poll(() => floorStock(server, 1), { timeout: 60_000 }).toBe(stockAfterSale + 2);

    // The drawer paid it out: the X report counts the refund.
    await page.getByRole('button', { name: 'X report' }).click();
    const xReport = page.getByRole('dialog', { name: 'X report' });
    expect(
      parseMoney(
        (await xReport.locator('[data-figure="cash_refund_total"]').textContent()) ?? '',
        'USD',
      ),
    ).toBe(refund);
    await xReport.getByRole('button', { name: 'Done' }).click();
  });

  it('takes back up to what was sold over two returns and refuses a third', async () => {
    const orderId = await sell(page, 2, 2);
    const first = await returnUnits(page, orderId, 2, 1, 'To the original payment');
    const second = await returnUnits(page, orderId, 2, 1, 'To the original payment');

    // This time a scanner at the counter reads the receipt with no field focused.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.type(orderId);
    await page.keyboard.press('Enter');
    const screen = page.getByRole('dialog', { name: /^Return from sale/ });
    await screen.getByText('Nothing left to return on this sale.').waitFor();
    await expect
      .poll(() => screen.getByLabel(`Return quantity for ${demoProduct(2).name}`).isDisabled())
      .toBe(true);
    expect(await screen.getByRole('button', { name: 'Complete return' }).isDisabled()).toBe(true);
    await screen.getByRole('button', { name: 'Cancel' }).click();

    const state = await stateOnce(server, orderId, (s) => s.fulfillment_status === 'returned');
    expect(state).toMatchObject({
      payment_status: 'refunded',
      refunded_total: first + second,
      total: first + second,
    });

    // Found by its server number instead of its receipt, it has nothing left either.
    await page.getByLabel('Find a sale to return').fill(`#${state.ack_id}`);
    await page.getByRole('button', { name: `Return items from sale ${orderId.slice(-8)}` }).click();
    await screen.getByText('Nothing left to return on this sale.').waitFor();
    await screen.getByRole('button', { name: 'Cancel' }).click();
  });

  it('records a return offline, counts it in the drawer at once and uploads it later', async () => {
    const orderId = await sell(page, 3, 2);
    await stateOnce(server, orderId, (s) => s.status !== 'rejected');
    const stockAfterSale = await floorStock(server, 3);

    await server.stop();
    await syncStatus(page)
      .filter({ hasText: /Offline/ })
      .waitFor();
    const refund = await returnUnits(page, orderId, 3, 1, 'All in cash');
    await page.getByRole('button', { name: 'Sync details' }).click();
    const details = page.getByRole('dialog', { name: 'Sync details' });
    await details.getByText('Pending upload').first().waitFor();
    await details.getByRole('button', { name: 'Close' }).click();

    // Survives a reload before the server is back.
    await page.reload();
    await signIn(page, 'Casey', '1234');
    await server.start();
    const state = await stateOnce(server, orderId, (s) => (s.returned ?? []).length > 0);
    expect(state.refunded_total).toBe(refund);
    await expect.poll(() => floorStock(server, 3), { timeout: 60_000 }).toBe(stockAfterSale + 1);

    await expect
      .poll(
        async () => {
          const { sessions } = await server.admin<{ sessions: RegisterSessionDoc[] }>(
            'GET',
            `/api/admin/stores/${DEMO_STORE_ID}/register-sessions`,
          );
          return sessions[0]?.summary.refund_count;
        },
        { timeout: 60_000 },
      )
      // One return in the first test, two in the second, this one.
      .toBe(4);
    await page.getByRole('button', { name: 'X report' }).click();
    const xReport = page.getByRole('dialog', { name: 'X report' });
    await xReport.getByText("Matches the server's record.").waitFor({ timeout: 60_000 });
    await xReport.getByRole('button', { name: 'Done' }).click();
  });
  it('refunds once when another register returned the same line first, and shows why here', async () => {
    const orderId = await sell(page, 5, 1);
    await stateOnce(server, orderId, (s) => s.status !== 'rejected');
    const order = (await serverDocs<OrderDoc>(server, DEMO_STORE_ID, 'orders')).find(
      (o) => o.id === orderId,
    );
    const lineId = order?.lines[0]?.id ?? '';

    // The network drops with the server still up: the register finds out when its upload fails.
    await page.context().setOffline(true);
    const refund = await returnUnits(page, orderId, 5, 1, 'All in cash');
    const mine = (
      (await page
        .getByRole('region', { name: 'Return receipt' })
        .getByText(/^Return [0-9a-f-]{36}$/)
        .textContent()) ?? ''
    ).replace(/^Return /, '');
    await syncStatus(page)
      .filter({ hasText: /Offline/ })
      .waitFor();

    // Another register, offline at the same time, reaches the server first with the same line.
    const other = await server.pairDevice(DEMO_STORE_ID, 'other till');
    const at = new Date().toISOString();
    const theirs: ReturnRequestDoc = {
      id: uuidv7(),
      store_id: DEMO_STORE_ID,
      device_id: other.deviceId,
      order_id: orderId,
      cashier_id: 'staff-alex',
      approver_id: 'staff-morgan',
      lines: [{ line_id: lineId, quantity: 1, reason: 'Wrong item', restock: true }],
      refund_method: 'cash',
      refund_amount: refund,
      register_session_id: null,
      created_at: at,
      updated_at: at,
    };
    const pushed = await fetch(
      `${server.url}/api/stores/${DEMO_STORE_ID}/sync/return_requests/push`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ assumedMasterState: null, newDocumentState: theirs }]),
      },
    );
    expect(pushed.ok).toBe(true);
    await stateOnce(server, orderId, (s) => (s.return_ids ?? []).includes(theirs.id));

    await page.context().setOffline(false);
    const state = await stateOnce(server, orderId, (s) => (s.return_ids ?? []).length === 2);
    expect(state).toMatchObject({
      returned: [{ line_id: lineId, quantity: 1 }],
      refunded_total: refund,
      payment_status: 'refunded',
    });
    // Ours arrived second: it is the one cut down, and the message names both returns.
    const exceeded = state.exceptions.find((e) => e.code === 'return_exceeds_sold');
    expect(exceeded?.message.startsWith(`Return ${mine} by Casey`)).toBe(true);
    expect(exceeded?.message).toContain(theirs.id);

    await page.getByRole('button', { name: 'Sync details' }).click();
    const details = page.getByRole('dialog', { name: 'Sync details' });
    await details
      .getByRole('alert')
      .filter({ hasText: `Return ${mine} by Casey, approved by Morgan, asked for more` })
      .waitFor({ timeout: 60_000 });
    await details.getByRole('button', { name: 'Close' }).click();
  });

  /** Opens sale `orderId` for a return and takes `product` back in exchange, Morgan approving. */
  async function startExchange(orderId: string, product: number): Promise<void> {
    const name = demoProduct(product).name;
    await scan(page, orderId);
    const screen = page.getByRole('dialog', { name: /^Return from sale/ });
    await screen.getByLabel(`Return quantity for ${name}`).fill('1');
    await screen.getByLabel(`Reason for ${name}`).selectOption('Wrong item');
    await screen.getByRole('radio', { name: 'Exchange for other goods' }).check();
    await screen.getByRole('button', { name: 'Complete return' }).click();
    await approveAsMorgan(page);
    await page.getByRole('region', { name: 'Exchange' }).waitFor();
  }

  async function exchangeOnServer(orderId: string): Promise<ReturnRequestDoc> {
    const returns = await serverDocsOnce<ReturnRequestDoc>(
      server,
      DEMO_STORE_ID,
      'return_requests',
      (d) => d.some((r) => r.order_id === orderId),
    );
    const found = returns.find((r) => r.order_id === orderId);
    if (!found) throw new Error(`no return of ${orderId}`);
    return found;
  }

  it('exchanges for something cheaper and pays the difference back in cash', async () => {
    const orderId = await sell(page, 1, 1);
    await startExchange(orderId, 1);
    await addToCart(page, 3, 1);
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page
      .getByRole('list', { name: 'Tenders' })
      .getByText(/^Exchange credit /)
      .waitFor();
    await page.getByRole('button', { name: 'Complete sale' }).click();
    await page.getByText('Exchange complete — cash back $0.10').waitFor();

    const ret = await exchangeOnServer(orderId);
    expect(ret).toMatchObject({ refund_method: 'cash', refund_amount: 10 });
    const original = await stateOnce(server, orderId, (s) => (s.returned ?? []).length > 0);
    expect(original).toMatchObject({ payment_status: 'refunded', fulfillment_status: 'returned' });
    const exchanged = await stateOnce(
      server,
      ret.exchange_order_id ?? '',
      (s) => s.payment_status === 'captured',
    );
    expect(exchanged.paid_total).toBe(ret.exchange_amount);
  });

  it('exchanges for something dearer and takes the difference in cash', async () => {
    const orderId = await sell(page, 3, 1);
    await startExchange(orderId, 3);
    await addToCart(page, 1, 2);
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('button', { name: 'Exact' }).click();
    await page.getByRole('button', { name: 'Complete sale' }).click();
    await page.getByText('Exchange complete — change due $0.00').waitFor();

    const ret = await exchangeOnServer(orderId);
    expect(ret).toMatchObject({ refund_amount: 0 });
    const exchanged = await stateOnce(
      server,
      ret.exchange_order_id ?? '',
      (s) => s.payment_status === 'captured',
    );
    const orders = await serverDocs<OrderDoc>(server, DEMO_STORE_ID, 'orders');
    const sale = orders.find((o) => o.id === exchanged.id);
    expect(sale?.tenders.map((t) => t.method)).toEqual(['exchange', 'cash']);
    expect(sale?.tenders[0]?.amount).toBe(ret.exchange_amount);
  });

  it('takes goods back without a receipt only with a manager, within the limit, restocked after sync', async () => {
    await server.admin('PATCH', `/api/admin/stores/${DEMO_STORE_ID}/settings`, {
      unreceipted_return_limit: 25_000,
    });
    const product = demoProduct(4);
    const stockBefore = await floorStock(server, 4);
    await page.getByRole('button', { name: 'Return without receipt' }).click();
    const form = page.getByRole('dialog', { name: 'Return without a receipt' });
    await form.getByText(/up to \$250\.00/).waitFor({ timeout: 60_000 });
    const code = form.getByLabel('Product returned');
    await code.fill(product.barcode);
    await code.press('Enter');
    const quantity = form.getByLabel(`Return quantity for ${product.name}`);
    await quantity.fill('3');
    await form.getByRole('button', { name: 'Complete return' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: /may refund at most \$250\.00/ })
      .waitFor();

    await quantity.fill('2');
    await form.getByLabel(`Reason for ${product.name}`).selectOption('Changed mind');
    await form.getByRole('radio', { name: 'Store credit' }).check();
    await form.getByRole('button', { name: 'Complete return' }).click();
    await approveAsMorgan(page);

    const receipt = page.getByRole('region', { name: 'Return receipt' });
    await receipt.getByText('Return without a receipt').waitFor();
    expect(await receipt.textContent()).toContain(product.name);
    await receipt.getByText('Store credit').waitFor();
    const refund = parseMoney(
      (await receipt.getByRole('definition').first().textContent()) ?? '',
      'USD',
    );
    expect(refund).toBeGreaterThan(15_000);

    // Taken in by the server: restocked on the floor, and no longer pending on this register.
    await expect.poll(() => floorStock(server, 4), { timeout: 60_000 }).toBe(stockBefore + 2);
    await syncStatus(page)
      .filter({ hasText: /Pending uploads: 0/ })
      .waitFor({ timeout: 60_000 });
    const returns = await serverDocs<ReturnRequestDoc>(server, DEMO_STORE_ID, 'return_requests');
    expect(returns.find((r) => r.order_id === '')).toMatchObject({
      refund_method: 'store_credit',
      refund_amount: refund,
      approver_id: 'staff-morgan',
      lines: [{ product_id: product.id, quantity: 2, reason: 'Changed mind', restock: true }],
    });
  });
});

describe('a return to the card a sale was paid with', () => {
  const { rig, sandbox } = useGatewayRig({ stores: [{ id: DEMO_STORE_ID, products: SEEDED }] });
  const { server } = rig;
  let page: Page;

  beforeAll(async () => {
    page = await signedInRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
  });

  it('queues the card refund, shows it pending, and shows it done once the server refunded it', async () => {
    await addToCart(page, 4, 2);
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    const due = await page.getByLabel('Totals').getByRole('definition').last().textContent();
    await approveCard(page, ((parseMoney(due ?? '', 'USD') ?? 0) / 100).toFixed(2));
    await page.getByRole('button', { name: 'Complete sale' }).click();
    await page.getByText(/Sale complete/).waitFor();
    const orderId = await receiptOrderId(page);
    await stateOnce(server, orderId, (s) => s.payment_status === 'captured');

    await server.stop();
    await syncStatus(page)
      .filter({ hasText: /Offline/ })
      .waitFor();
    const refund = await returnUnits(page, orderId, 4, 1, 'To the original payment');
    const receipt = page.getByRole('region', { name: 'Return receipt' });
    await receipt.getByText('Card (refund pending)').waitFor();

    await rig.startServer();
    await receipt.getByText('Card (refunded)').waitFor({ timeout: 60_000 });
    const state = await stateOnce(server, orderId, (s) => s.refunded_total > 0);
    expect(state).toMatchObject({ refunded_total: refund, payment_status: 'partially_refunded' });
    const { entries } = await sandbox.ledger();
    expect(entries.filter((e) => e.kind === 'refund').map((e) => e.amount)).toEqual([refund]);
  });
});
