import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { denominationsOf } from '../../domain/denominations';
import { parseMoney } from '../../domain/money';
import type { RegisterSessionDoc } from '../../domain/schemas';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import {
  localCount,
  ringUpCashSale,
  savedCartLines,
  scan,
  signIn,
  syncStatus,
} from './support/cashier';
import { useRegisterRig } from './support/rig';
import { pairedRegister } from './support/register';
import type { SyncServerProcess } from '../server-support/sync-server-process';

const SEEDED = 50;

async function serverSessions(server: SyncServerProcess): Promise<RegisterSessionDoc[]> {
  const { sessions } = await server.admin<{ sessions: RegisterSessionDoc[] }>(
    'GET',
    `/api/admin/stores/${DEMO_STORE_ID}/register-sessions`,
  );
  return sessions;
}

/** A figure of the report on screen, by its data-figure name, as minor units. */
async function figure(page: Page, name: string): Promise<number | null> {
  const text = await page.locator(`[data-figure="${name}"]`).first().textContent();
  return text === null ? null : parseMoney(text, 'USD');
}

/** Counts `amount` into the close dialog as notes and coins, largest first. */
async function countDrawer(page: Page, amount: number): Promise<void> {
  let left = amount;
  for (const value of denominationsOf('USD')) {
    const count = Math.floor(left / value);
    if (count === 0) continue;
    left -= count * value;
    const label = (value / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
    await page.getByLabel(`Count of ${label}`).fill(String(count));
  }
}

describe('a register session from float to Z report', () => {
  const rig = useRegisterRig({
    stores: [{ id: DEMO_STORE_ID, products: SEEDED }],
  });
  const { server } = rig;
  let page: Page;

  beforeAll(async () => {
    page = await pairedRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
  });

  it('runs a shift online and offline, and closes with a Z report the server agrees with', async () => {
    await signIn(page, 'Casey', '1234', '150.00');
    await syncStatus(page)
      .filter({ hasText: /Online/ })
      .waitFor();
    await ringUpCashSale(page, [{ product: demoProduct(1), quantity: 2 }], '300.00');

    await server.stop();
    await syncStatus(page)
      .filter({ hasText: /Offline/ })
      .waitFor();
    await ringUpCashSale(page, [{ product: demoProduct(2), quantity: 1 }], '200.00');
    await page.getByRole('button', { name: 'Paid in/out' }).click();
    await page.getByRole('radio', { name: 'Paid out' }).check();
    await page.getByLabel('Amount', { exact: true }).fill('12.50');
    await page.getByLabel('Reason', { exact: true }).fill('Milk for the staff room');
    await page.getByRole('button', { name: 'Record' }).click();

    await page.getByRole('button', { name: 'X report' }).click();
    const xReport = page.getByRole('dialog', { name: 'X report' });
    await xReport.waitFor();
    expect(await page.locator('[data-figure="sale_count"]').textContent()).toBe('2');
    const expected = await figure(page, 'expected_cash');
    const netSales = await figure(page, 'net_sales');
    // 150.00 float + both cash sales − 12.50 paid out
    expect(expected).toBe(15_000 + (netSales ?? 0) - 1_250);
    await xReport.getByRole('button', { name: 'Done' }).click();

    // The drawer comes up a quarter short.
    await page.getByRole('button', { name: 'Close register' }).click();
    await countDrawer(page, (expected ?? 0) - 25);
    await expect.poll(() => page.getByLabel('Over or short').textContent()).toBe('$0.25');
    await page.getByRole('button', { name: 'Close register', exact: true }).last().click();
    const zReport = page.getByRole('dialog', { name: 'Z report' });
    await zReport.getByText('number assigned when this register syncs').waitFor();
    // The server saw the shift open and the first sale before the connection dropped.
    await zReport.getByText('The server has not received all of this session yet.').waitFor();

    await server.start();
    await zReport.getByRole('heading', { name: 'Z report #1' }).waitFor({ timeout: 60_000 });
    await zReport.getByText("Matches the server's record.").waitFor({ timeout: 60_000 });

    const [record] = await serverSessions(server);
    expect(record).toMatchObject({
      status: 'closed',
      z_number: 1,
      counted_cash: (expected ?? 0) - 25,
      over_short: -25,
    });
    expect(record?.summary).toMatchObject({
      opening_float: 15_000,
      sale_count: 2,
      net_sales: netSales,
      paid_out_count: 1,
      paid_out_total: 1_250,
      expected_cash: expected,
    });

    await zReport.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Open the register' }).waitFor();
    await page.getByRole('button', { name: 'Last Z report' }).waitFor();
  });

  it('keeps the whole sale or none when the register dies while completing it', async () => {
    const context = page.context();
    // Starts from a fresh page: signing in opens a new shift when none is open.
    await page.goto(rig.host.url);
    await signIn(page, 'Casey', '1234');
    for (const delayMs of [0, 5, 20, 60, 150]) {
      const before = await localCount(page, 'orders');
      await page.getByLabel('Search products').waitFor();
      await scan(page, demoProduct(3).barcode);
      await scan(page, demoProduct(4).barcode);
      await page.getByRole('button', { name: 'Pay cash' }).click();
      await page.getByLabel('Amount tendered').fill('500.00');
      // Both lines are on disk before the crash: the test is about completing, not scanning.
      await expect.poll(() => savedCartLines(page)).toBe(2);
      await page.getByRole('button', { name: 'Complete sale' }).click({ noWaitAfter: true });
      await page.waitForTimeout(delayMs);
      await page.close({ runBeforeUnload: false });

      page = await context.newPage();
      await page.goto(rig.host.url);
      await signIn(page, 'Casey', '1234');
      const lines = page.getByRole('spinbutton', { name: /^Quantity for / });
      const sold = (await localCount(page, 'orders')) - before;
      // Whole or none: a written sale leaves no cart behind to sell again; an unwritten one
      // leaves the cart as it was, to complete now.
      if (sold === 1) expect(await lines.count()).toBe(0);
      else {
        expect(sold).toBe(0);
        await lines.nth(1).waitFor();
        await page.getByRole('button', { name: 'Pay cash' }).click();
        await page.getByLabel('Amount tendered').fill('500.00');
        await page.getByRole('button', { name: 'Complete sale' }).click();
        await page.getByText(/Sale complete/).waitFor();
        expect((await localCount(page, 'orders')) - before).toBe(1);
      }
    }
    // Every sale reaches the server once: five sales after the closed shift's two.
    await expect
      .poll(async () => (await serverSessions(server)).find((s) => s.status === 'open')?.summary, {
        timeout: 60_000,
      })
      .toMatchObject({ sale_count: 5 });
  });
});
