import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { makeOrder } from '../server-support/fixtures';
import {
  localCount,
  ringUpCashSale,
  signIn,
  syncStatus,
  waitForCatalog,
  type SaleItem,
} from './support/cashier';
import { useRegisterRig } from './support/rig';
import { openRegister, pairedRegister } from './support/register';
import type { SyncServerProcess } from '../server-support/sync-server-process';

interface AdminOrder {
  id: string;
  ack_id: number;
  status: string;
  totals: { subtotal: number; tax_total: number; total: number; paid_total: number };
}

const SEEDED = 300;
const p1 = demoProduct(1);
const p2 = demoProduct(2);
const p3 = demoProduct(3);
const p4 = demoProduct(4);

/** The total a correct till charges, computed from the seeded catalog, not read off the register. */
function expectedTotal(items: readonly SaleItem[]): number {
  const numbered = items.map(({ product, quantity }) => ({
    product: [p1, p2, p3, p4].indexOf(product) + 1,
    quantity,
  }));
  return makeOrder({ storeId: DEMO_STORE_ID, deviceId: 'expected', items: numbered }).totals.total;
}

async function serverOrders(server: SyncServerProcess): Promise<AdminOrder[]> {
  const { orders } = await server.admin<{ orders: AdminOrder[] }>(
    'GET',
    `/api/admin/stores/${DEMO_STORE_ID}/orders`,
  );
  return orders;
}

async function waitForText(page: Page, name: string, pattern: RegExp): Promise<void> {
  await page
    .getByRole('status', { name })
    .filter({ hasText: pattern })
    .waitFor({ timeout: 60_000 });
}

describe('offline sales reach the server exactly once', () => {
  const rig = useRegisterRig({
    stores: [
      { id: DEMO_STORE_ID, products: SEEDED },
      { id: 'store-b', products: 20 },
    ],
  });
  const { server } = rig;
  let page: Page;

  beforeAll(async () => {
    page = await pairedRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
    await signIn(page, 'Casey', '1234');
    await waitForText(page, 'Sync status', /Online/);
  });

  const offlineSales: SaleItem[][] = [
    [
      { product: p1, quantity: 1 },
      { product: p2, quantity: 3 },
    ],
    [{ product: p3, quantity: 1 }],
    [
      { product: p4, quantity: 2 },
      { product: p1, quantity: 1 },
    ],
  ];
  /** What the customer hands over: the total rounded up to whole hundreds of dollars. */
  const tenderFor = (items: readonly SaleItem[]) =>
    String(Math.ceil(expectedTotal(items) / 10_000) * 100);

  it('acknowledges a sale made online as soon as it is uploaded', async () => {
    await ringUpCashSale(
      page,
      [{ product: p2, quantity: 2 }],
      tenderFor([{ product: p2, quantity: 2 }]),
    );
    await waitForText(page, 'Sync status', /Pending uploads: 0/);
    const recent = page.getByRole('list', { name: 'Recent sales' }).getByRole('listitem');
    await recent
      .first()
      .filter({ hasText: /Acknowledged #1\b/ })
      .waitFor();
    const orders = await serverOrders(server);
    expect(orders.map((o) => o.totals.total)).toEqual([
      expectedTotal([{ product: p2, quantity: 2 }]),
    ]);
  });

  it('rings up three sales with the server stopped, then uploads exactly those three', async () => {
    await server.stop();
    for (const items of offlineSales) await ringUpCashSale(page, items, tenderFor(items));
    await waitForText(page, 'Sync status', /Offline/);
    await expect.poll(() => syncStatus(page).textContent()).toMatch(/Pending uploads: 3/);

    await server.start();
    await waitForText(page, 'Sync status', /Pending uploads: 0/);

    const orders = (await serverOrders(server)).filter((o) => o.ack_id > 1);
    expect(orders).toHaveLength(3);
    expect(orders.map((o) => o.totals.total).sort((a, b) => a - b)).toEqual(
      offlineSales.map(expectedTotal).sort((a, b) => a - b),
    );
    for (const order of orders) expect(order.totals.paid_total).toBe(order.totals.total);

    const recent = page.getByRole('list', { name: 'Recent sales' }).getByRole('listitem');
    await expect.poll(() => recent.filter({ hasText: /Acknowledged #\d+/ }).count()).toBe(4);
  });

  it('survives the server being killed while a push is in flight: no sale lost, none doubled', async () => {
    await server.stop();
    const more = offlineSales.map((items) =>
      items.map((i) => ({ ...i, quantity: i.quantity + 1 })),
    );
    for (const items of more) await ringUpCashSale(page, items, tenderFor(items));
    await expect.poll(() => syncStatus(page).textContent()).toMatch(/Pending uploads: 3/);

    // The server claims the pushed orders, then is held before writing them, and killed there.
    await server.start({ env: { OPENTILL_FAULT_PUSH_DELAY_MS: '60000' } });
    await server.waitForOutput('fault injection');
    await server.stop('SIGKILL');

    await server.start();
    await waitForText(page, 'Sync status', /Pending uploads: 0/);
    const orders = await serverOrders(server);
    expect(orders).toHaveLength(7);
    expect(new Set(orders.map((o) => o.id)).size).toBe(7);
    expect(new Set(orders.map((o) => o.ack_id)).size).toBe(7);
    const recent = page.getByRole('list', { name: 'Recent sales' }).getByRole('listitem');
    await expect.poll(() => recent.filter({ hasText: /Acknowledged #\d+/ }).count()).toBe(7);
  });

  it('keeps this store’s orders from a register of another store', async () => {
    // A tampered register of store B: its orders pull is redirected to the demo store's path,
    // carrying store B's own device token.
    const statuses: number[] = [];
    const other = await openRegister(
      rig.browser,
      rig.host,
      server.url,
      await server.pairingCode('store-b'),
      async (tampered) => {
        await tampered.route('**/api/stores/store-b/sync/orders/pull**', (route) =>
          route.continue({
            url: route.request().url().replace('/stores/store-b/', `/stores/${DEMO_STORE_ID}/`),
          }),
        );
        tampered.on('response', (r) => {
          if (r.url().includes(`/stores/${DEMO_STORE_ID}/sync/orders/pull`))
            statuses.push(r.status());
        });
      },
    );
    await waitForCatalog(other.page, 20);
    await signIn(other.page, 'Casey', '1234');
    await expect.poll(() => statuses.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([403]));

    // It sells from its own catalog and holds none of the demo store's sales.
    expect(
      await other.page.getByRole('list', { name: 'Recent sales' }).getByRole('listitem').count(),
    ).toBe(0);
    expect(await localCount(other.page, 'orders')).toBe(0);
    await other.context.close();
  });
});
