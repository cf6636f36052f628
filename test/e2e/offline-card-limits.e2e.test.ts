import type { Page } from 'playwright-core';
import { beforeAll, describe, it } from 'vitest';
import { formatMoney } from '../../domain/money';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { makeOrder } from '../server-support/fixtures';
import { addToCart, approveCard, signIn, syncStatus } from './support/cashier';
import { useRegisterRig } from './support/rig';
import { signedInRegister } from './support/register';

/*
 * Store-and-forward cards at a register whose server is stopped: the register's total of cards
 * not yet authorized refuses a second one, and a card that expired while the sale waited in
 * its cart is flagged and cannot complete the sale.
 */

const SEEDED = 20;
const usd = (amount: number) => formatMoney(amount, 'USD', 'en-US');
const totalOf = (product: number) =>
  makeOrder({ storeId: DEMO_STORE_ID, deviceId: 'expected', items: [{ product, quantity: 1 }] })
    .totals.total;
const amountText = (amount: number) => (amount / 100).toFixed(2);

describe('offline card limits at the counter', () => {
  const rig = useRegisterRig({ stores: [{ id: DEMO_STORE_ID, products: SEEDED }] });
  const { server } = rig;
  let page: Page;

  const tenders = () => page.getByRole('list', { name: 'Tenders' }).getByRole('listitem');
  const offline = () =>
    syncStatus(page)
      .filter({ hasText: /Offline/ })
      .waitFor({ timeout: 60_000 });

  async function payByCardOffline(product: number): Promise<number> {
    await addToCart(page, product, 1);
    const total = totalOf(product);
    await page.getByLabel('Totals').getByText(usd(total), { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await approveCard(page, amountText(total));
    return total;
  }
  async function payCash(total: number): Promise<void> {
    await page.getByLabel('Amount tendered').fill(amountText(total));
    await page.getByRole('button', { name: 'Complete sale' }).click();
    await page.getByText(/Sale complete/).waitFor();
  }

  beforeAll(async () => {
    // Room for one of these sales on unconfirmed cards, not two.
    await server.admin('PATCH', `/api/admin/stores/${DEMO_STORE_ID}/settings`, {
      offline_card_limit_per_device: totalOf(1) + totalOf(2) - 1,
    });
    page = await signedInRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
  });

  it('refuses a second offline card once the register holds its total, and takes cash instead', async () => {
    await server.stop();
    await offline();
    await payByCardOffline(1);
    await tenders()
      .filter({ hasText: /offline, awaiting authorization/ })
      .waitFor();
    await page.getByRole('button', { name: 'Complete sale' }).click();
    await page.getByText(/Sale complete/).waitFor();

    const second = await payByCardOffline(2);
    await page
      .getByRole('region', { name: 'Card terminal' })
      .getByRole('alert')
      .filter({ hasText: /Card refused: this register already holds the most it may/ })
      .waitFor();
    await page.getByRole('button', { name: 'Close terminal' }).click();
    await payCash(second);
    await server.start();
    await syncStatus(page)
      .filter({ hasText: /Pending uploads: 0/ })
      .waitFor({ timeout: 60_000 });
  });

  it('flags a store-and-forward card that expired while its sale waited, until it is removed', async () => {
    await server.stop();
    await offline();
    const total = await payByCardOffline(3);
    await tenders()
      .filter({ hasText: /offline, awaiting authorization/ })
      .waitFor();

    // The register is reopened three days later (the store's 72 hours), the sale still in its cart.
    await page.clock.setFixedTime(Date.now() + 73 * 3_600_000);
    await page.reload();
    await signIn(page, 'Casey', '1234');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page
      .getByRole('alert', { name: 'Expired card payment' })
      .filter({ hasText: /can no longer be charged\. Remove it and take payment another way\./ })
      .waitFor();
    await page.getByRole('button', { name: 'Complete sale', disabled: true }).waitFor();

    await page.getByRole('button', { name: 'Remove tender 1' }).click();
    await page.getByRole('alert', { name: 'Expired card payment' }).waitFor({ state: 'detached' });
    await payCash(total);
  });
});
