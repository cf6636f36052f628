import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Approval, OrderLine } from '../../domain/schemas';
import { computeOrderTotals } from '../../domain/totals';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { makeOrder } from '../server-support/fixtures';
import {
  addToCart,
  ringUpCashSale,
  savedCartLines,
  scan,
  signIn,
  syncStatus,
} from './support/cashier';
import { useRegisterRig } from './support/rig';
import { pairedRegister } from './support/register';

interface AdminOrder {
  id: string;
  status: string;
  approvals: Approval[];
  totals: { discount_total: number; total: number };
}

const SEEDED = 20;
const p1 = demoProduct(1);
const p2 = demoProduct(2);
const p3 = demoProduct(3);

/** What the till must charge for p1 at 50% off and p2 at 10% off, worked out independently. */
function expectedTotal(): number {
  const order = makeOrder({
    storeId: DEMO_STORE_ID,
    deviceId: 'expected',
    items: [
      { product: 1, quantity: 1 },
      { product: 2, quantity: 1 },
    ],
  });
  const [first, second] = order.lines as [OrderLine, OrderLine];
  const lines = [
    { ...first, discount: { type: 'percent' as const, bps: 5000 } },
    { ...second, discount: { type: 'percent' as const, bps: 1000 } },
  ];
  return computeOrderTotals({ lines, order_discount: null, tax_inclusive: false }).total;
}

describe('staff sign-in and manager approvals', () => {
  const rig = useRegisterRig({
    stores: [{ id: DEMO_STORE_ID, products: SEEDED }],
  });
  const { server } = rig;

  beforeAll(async () => {});

  /**
   * The server's orders once it holds `count` of them. The register's "Pending uploads: 0" can
   * still be showing from before a sale just completed, so it is no sign that the sale arrived.
   */
  async function serverOrdersOnceThereAre(count: number): Promise<AdminOrder[]> {
    const list = async () =>
      (
        await server.admin<{ orders: AdminOrder[] }>(
          'GET',
          `/api/admin/stores/${DEMO_STORE_ID}/orders`,
        )
      ).orders;
    await expect
      .poll(async () => (await list()).length, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(count);
    return list();
  }

  async function newRegister(): Promise<Page> {
    const page = await pairedRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    return page;
  }

  async function tryPin(page: Page, name: string, pin: string): Promise<void> {
    await page.getByRole('button', { name, exact: true }).click();
    await page.getByLabel('PIN', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('locks a cashier out after five wrong PINs, even across a reload', async () => {
    const page = await newRegister();
    const alert = page.getByRole('alert');
    for (let i = 1; i <= 4; i++) {
      await tryPin(page, 'Casey', '0000');
      await alert.filter({ hasText: `Wrong PIN for Casey. ${5 - i}` }).waitFor();
    }
    await tryPin(page, 'Casey', '0000');
    await alert.filter({ hasText: /Casey is locked on this register until \d/ }).waitFor();

    await tryPin(page, 'Casey', '1234');
    await alert.filter({ hasText: /locked on this register/ }).waitFor();
    expect(await page.getByLabel('Search products').count()).toBe(0);

    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await tryPin(page, 'Casey', '1234');
    await alert.filter({ hasText: /locked on this register/ }).waitFor();
    expect(await page.getByLabel('Search products').count()).toBe(0);

    // The lockout is Casey's alone: the manager still signs in here.
    await signIn(page, 'Morgan', '9999');
    await page.getByRole('banner').getByText('Cashier: Morgan').waitFor();
    await page.context().close();
  });

  it('holds an over-threshold discount until a manager approves it; the server keeps the approval', async () => {
    const page = await newRegister();
    await signIn(page, 'Casey', '1234');
    await page.getByRole('banner').getByText('Cashier: Casey').waitFor();

    await scan(page, p1.barcode);
    await page.getByRole('button', { name: `Discount ${p1.name}`, exact: true }).click();
    await page.getByLabel(`Discount for ${p1.name}`, { exact: true }).fill('50%');
    await page.getByRole('button', { name: 'Apply discount', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'Manager approval' });
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toMatch(/50%/);
    // The cashier's own PIN approves nothing.
    await dialog.getByRole('button', { name: 'Morgan', exact: true }).click();
    await dialog.getByLabel('Manager PIN', { exact: true }).fill('1234');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Wrong PIN for Morgan' }).waitFor();
    expect(await page.getByText('Discount 50%').count()).toBe(0);

    await dialog.getByLabel('Manager PIN', { exact: true }).fill('9999');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Discount 50%').waitFor();

    // Within the threshold a cashier just applies it.
    await scan(page, p2.barcode);
    await page.getByRole('button', { name: `Discount ${p2.name}`, exact: true }).click();
    await page.getByLabel(`Discount for ${p2.name}`, { exact: true }).fill('10%');
    await page.getByRole('button', { name: 'Apply discount', exact: true }).click();
    await page.getByText('Discount 10%').waitFor();
    expect(await dialog.count()).toBe(0);

    // Locking keeps the cart and its approval.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await signIn(page, 'Casey', '1234');
    await page.getByText('Discount 50%').waitFor();

    await ringUpCashSale(page, [], '1000');
    const orders = await serverOrdersOnceThereAre(1);
    await expect
      .poll(() => syncStatus(page).textContent(), { timeout: 60_000 })
      .toMatch(/Pending uploads: 0/);
    expect(orders).toHaveLength(1);
    const [order] = orders;
    expect(order?.status).toBe('placed');
    expect(order?.totals.total).toBe(expectedTotal());
    expect(order?.approvals).toEqual([
      expect.objectContaining({
        action: 'discount',
        approver_id: 'staff-morgan',
        requested_by: 'staff-casey',
      }),
    ]);
    await page.context().close();
  });

  it('asks a manager for a price override, a void after payment started, and a no sale', async () => {
    const page = await newRegister();
    await signIn(page, 'Casey', '1234');
    const dialog = page.getByRole('dialog', { name: 'Manager approval' });
    const approveAs = async (name: string, pin: string) => {
      await dialog.getByRole('button', { name, exact: true }).click();
      await dialog.getByLabel('Manager PIN', { exact: true }).fill(pin);
      await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
    };

    await scan(page, p3.barcode);
    await scan(page, p1.barcode);
    await page.getByRole('button', { name: `Override price ${p3.name}`, exact: true }).click();
    await page.getByLabel(`New price for ${p3.name}`, { exact: true }).fill('0.50');
    await page.getByRole('button', { name: 'Apply price', exact: true }).click();
    await approveAs('Alex', '4321');
    await page.getByText(/Price \$0\.50 \(was/).waitFor();

    // Before payment a cashier removes a line freely; once money is taken, a manager must agree.
    await page.getByRole('button', { name: 'Pay cash', exact: true }).click();
    await page.getByLabel('Amount tendered').fill('0.10');
    await page.getByRole('button', { name: 'Add cash', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${p1.name}`, exact: true }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    const p1Quantity = page.getByRole('spinbutton', { name: `Quantity for ${p1.name}` });
    expect(await p1Quantity.count()).toBe(1);
    await page.getByRole('button', { name: `Remove ${p1.name}`, exact: true }).click();
    await approveAs('Morgan', '9999');
    await expect.poll(() => p1Quantity.count()).toBe(0);

    await page.getByRole('button', { name: 'No sale', exact: true }).click();
    await approveAs('Morgan', '9999');
    await page.getByRole('status', { name: 'No sale' }).filter({ hasText: 'recorded' }).waitFor();

    await ringUpCashSale(page, [], '100');
    const orders = await serverOrdersOnceThereAre(2);
    await expect
      .poll(() => syncStatus(page).textContent(), { timeout: 60_000 })
      .toMatch(/Pending uploads: 0/);
    expect(orders).toHaveLength(2);
    const last = orders.at(-1);
    expect(last?.status).toBe('placed');
    expect(last?.approvals.map((a) => [a.action, a.approver_id])).toEqual([
      ['price_override', 'staff-alex'],
      ['void_line', 'staff-morgan'],
    ]);
    await page.context().close();
  });

  it('locks itself when left idle, keeping the cart, and lets a locked-out cashier back in after the lockout', async () => {
    const page = await newRegister();
    await signIn(page, 'Casey', '1234');
    await addToCart(page, 3, 2);
    const p3Quantity = page.getByRole('spinbutton', { name: `Quantity for ${p3.name}` });
    const settings = `/api/admin/stores/${DEMO_STORE_ID}/settings`;
    try {
      // The back office shortens both; the register pulls them and enforces them on its own.
      await server.admin('PATCH', settings, { idle_lock_seconds: 5, pin_lockout_seconds: 3 });
      // Nobody touches the register: it locks itself once it has the new setting.
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 60_000 });
      expect(await page.getByLabel('Search products').count()).toBe(0);
      expect(await savedCartLines(page)).toBe(1);

      // Five wrong PINs lock Casey, for the store's short lockout only.
      const alert = page.getByRole('alert');
      for (let i = 1; i <= 5; i++) await tryPin(page, 'Casey', '0000');
      await alert.filter({ hasText: /Casey is locked on this register until \d/ }).waitFor();
      await tryPin(page, 'Casey', '1234');
      await alert.filter({ hasText: /locked on this register/ }).waitFor();
      await expect
        .poll(
          async () => {
            if ((await page.getByLabel('PIN', { exact: true }).count()) > 0) {
              await tryPin(page, 'Casey', '1234');
            }
            return page.getByLabel('Search products').count();
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBe(1);
      // The sale waiting behind the lock is there, as it was left.
      expect(await p3Quantity.inputValue()).toBe('2');
    } finally {
      await server.admin('PATCH', settings, { idle_lock_seconds: 300, pin_lockout_seconds: 300 });
    }
    await page.context().close();
  });
});
