import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMoney } from '../../domain/money';
import type { OrderStateDoc } from '../../domain/schemas';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { makeOrder } from '../server-support/fixtures';
import { ringUpCashSale, syncStatus } from './support/cashier';
import { signedInRegister } from './support/register';
import { completeReturn, receiptOrderId } from './support/returns';
import { useRegisterRig } from './support/rig';
import { serverDocsOnce } from './support/server-state';

const SEEDED = 20;
const DAY_MS = 86_400_000;

/** The cash refunds of the open session, as its X report shows them. */
async function cashRefundTotal(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'X report' }).click();
  const report = page.getByRole('dialog', { name: 'X report' });
  const figure = await report.locator('[data-figure="cash_refund_total"]').textContent();
  await report.getByRole('button', { name: 'Done' }).click();
  return parseMoney(figure ?? '', 'USD') ?? Number.NaN;
}

describe('finding a sale to return', () => {
  const rig = useRegisterRig({ stores: [{ id: DEMO_STORE_ID, products: SEEDED }] });
  const { server } = rig;
  let page: Page;

  const find = (text: string) => page.getByLabel('Find a sale to return').fill(text);
  const stateOf = async (orderId: string, ready: (s: OrderStateDoc) => boolean) => {
    const states = await serverDocsOnce<OrderStateDoc>(server, DEMO_STORE_ID, 'order_states', (d) =>
      d.some((s) => s.id === orderId && ready(s)),
    );
    const state = states.find((s) => s.id === orderId);
    if (!state) throw new Error(`no state for ${orderId}`);
    return state;
  };

  beforeAll(async () => {
    page = await signedInRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
  });

  it('returns a sale rung up on another register of the store, paid out of this drawer', async () => {
    const other = await signedInRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
    await ringUpCashSale(other, [{ product: demoProduct(6), quantity: 2 }], '500.00');
    const orderId = await receiptOrderId(other);
    const { ack_id } = await stateOf(orderId, (s) => s.status !== 'rejected');
    await other.context().close();
    const cashBefore = await cashRefundTotal(page);

    await find(`#${ack_id}`);
    await page
      .getByRole('list', { name: 'Sales found' })
      .getByRole('button', { name: `Return items from sale ${orderId.slice(-8)}` })
      .click();
    const refund = await completeReturn(page, 6, 1, 'All in cash');
    expect(refund).toBeGreaterThan(0);

    expect(await cashRefundTotal(page)).toBe(cashBefore + refund);
    const state = await stateOf(orderId, (s) => (s.returned ?? []).length > 0);
    expect(state).toMatchObject({
      refunded_total: refund,
      fulfillment_status: 'partially_returned',
    });
  });

  it('fetches a sale older than the window from the server and returns it like a recent one', async () => {
    // A register sold it 200 days ago and uploaded it: registers no longer receive it.
    const till = await server.pairDevice(DEMO_STORE_ID, 'old till');
    const old = {
      ...makeOrder({
        storeId: DEMO_STORE_ID,
        deviceId: till.deviceId,
        items: [{ product: 7, quantity: 3 }],
      }),
      placed_at: new Date(Date.now() - 200 * DAY_MS).toISOString(),
    };
    expect((await server.push(till.token, DEMO_STORE_ID, 'orders', [old])).rejected).toEqual([]);
    const { ack_id } = await stateOf(old.id, (s) => s.status === 'placed');
    const cashBefore = await cashRefundTotal(page);

    await find(`#${ack_id}`);
    await page.getByText('No sale on this register matches.').waitFor();
    const fromServer = page.getByRole('list', { name: 'Older sales from the server' });
    await fromServer
      .getByRole('button', { name: `Return items from sale ${old.id.slice(-8)}` })
      .click();
    const screen = page.getByRole('dialog', { name: /^Return from sale/ });
    const line = screen.getByRole('row', { name: demoProduct(7).name });
    await expect.poll(() => line.getByRole('cell').nth(2).textContent()).toBe('3');
    const refund = await completeReturn(page, 7, 2, 'To the original payment');

    // Paid in cash, it is cash back from this drawer, counted in its session at once.
    expect(await cashRefundTotal(page)).toBe(cashBefore + refund);
    const state = await stateOf(old.id, (s) => (s.returned ?? []).length > 0);
    expect(state).toMatchObject({ refunded_total: refund, returned: [{ quantity: 2 }] });

    // Now held here, it is found offline too, with what is left of it.
    await server.stop();
    await syncStatus(page)
      .filter({ hasText: /Offline/ })
      .waitFor();
    await find(old.id.slice(-8));
    await page.getByText('Older sales need the server: offline').waitFor();
    await page
      .getByRole('list', { name: 'Sales found' })
      .getByRole('button', { name: `Return items from sale ${old.id.slice(-8)}` })
      .click();
    await expect.poll(() => line.getByRole('cell').nth(2).textContent()).toBe('1');
    await screen.getByRole('button', { name: 'Cancel' }).click();
    await rig.startServer();
  });
});
