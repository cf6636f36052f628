import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { ringUpCashSale, scan, signIn, syncStatus } from './support/cashier';
import { completeReturn, receiptOrderId } from './support/returns';
import { useRegisterRig } from './support/rig';
import { signedInRegister } from './support/register';

/*
 * A sale whose upload the server can never accept (text the database cannot hold, amounts that
 * overflow) is refused for good at once: the register shows it refused with the reason, across a
 * restart, keeps the sale to show a manager, and does not count it as waiting to upload. The
 * uploads are corrupted on the way, as a broken or old register would send them.
 */

const SEEDED = 5;
const p1 = demoProduct(1);
const p2 = demoProduct(2);
const P3 = 3;

type Row = { newDocumentState: Record<string, unknown> & { lines: Record<string, unknown>[] } };

/** Corrupts every order this register uploads from now on. */
async function corruptOrderUploads(page: Page, corrupt: (row: Row) => void): Promise<void> {
  await page.unroute('**/sync/orders/push');
  await page.route('**/sync/orders/push', async (route) => {
    const rows = route.request().postDataJSON() as Row[];
    rows.forEach(corrupt);
    await route.continue({ postData: JSON.stringify(rows) });
  });
}

function recentSale(page: Page, orderId: string) {
  return page
    .getByRole('list', { name: 'Recent sales' })
    .getByRole('listitem')
    .filter({ hasText: `#${orderId.slice(-8)}` });
}

async function stateOf(page: Page, orderId: string): Promise<string> {
  return (await recentSale(page, orderId).locator('.sale-state').textContent()) ?? '';
}

describe('sales the server refuses for good', () => {
  const rig = useRegisterRig({ stores: [{ id: DEMO_STORE_ID, products: SEEDED }] });
  let page: Page;

  beforeAll(async () => {
    page = await signedInRegister(rig.browser, rig.host, rig.server, DEMO_STORE_ID, SEEDED);
  });

  it.each([
    {
      what: 'a note with an unpaired surrogate',
      item: p1,
      corrupt: (row: Row) => {
        row.newDocumentState.note = 'gift \ud83e';
      },
      reason: /^Refused: .*note: must not contain a NUL character or an unpaired surrogate/,
    },
    {
      what: 'a line whose price times quantity overflows',
      item: p2,
      corrupt: (row: Row) => {
        const line = row.newDocumentState.lines[0];
        if (line) Object.assign(line, { unit_price: 9e15, quantity: 1_000_000 });
      },
      reason: /^Refused: .*lines\.0\.unit_price: Too big/,
    },
  ])('shows $what as refused with its reason, after a restart too', async (c) => {
    await corruptOrderUploads(page, c.corrupt);
    await ringUpCashSale(page, [{ product: c.item, quantity: 1 }], '1000');
    const orderId = await receiptOrderId(page);
    await page.getByRole('button', { name: 'Close receipt' }).click();

    await expect.poll(() => stateOf(page, orderId), { timeout: 60_000 }).toMatch(c.reason);
    await syncStatus(page).getByText('Pending uploads: 0').waitFor({ timeout: 60_000 });

    // The refusal is the server's record, not a note in memory: a restart still shows it.
    await page.unroute('**/sync/orders/push');
    await page.reload();
    await signIn(page, 'Casey', '1234');
    await expect.poll(() => stateOf(page, orderId), { timeout: 60_000 }).toMatch(c.reason);
    await syncStatus(page).getByText('Pending uploads: 0').waitFor({ timeout: 60_000 });

    // The sale itself is kept, for a manager to see what was sold and why it was refused.
    await recentSale(page, orderId)
      .getByRole('button', { name: /^Receipt for sale / })
      .click();
    const receipt = page.getByRole('region', { name: 'Receipt', exact: true });
    await receipt.getByText(c.item.name).first().waitFor();
    await receipt.getByText(c.reason).waitFor();
    await receipt.getByRole('button', { name: 'Close receipt' }).click();
  });

  it('shows a return refused for good as refused with its reason, not pending, after a restart too', async () => {
    await page.unroute('**/sync/orders/push');
    await ringUpCashSale(page, [{ product: demoProduct(P3), quantity: 1 }], '1000');
    const orderId = await receiptOrderId(page);
    await page.getByRole('button', { name: 'Close receipt' }).click();
    await expect.poll(() => stateOf(page, orderId), { timeout: 60_000 }).toMatch(/^Acknowledged/);

    await page.route('**/sync/return_requests/push', async (route) => {
      const rows = route.request().postDataJSON() as Row[];
      for (const row of rows) {
        const line = row.newDocumentState.lines[0];
        if (line) line.reason = 'Damaged \ud83e';
      }
      await route.continue({ postData: JSON.stringify(rows) });
    });
    await scan(page, orderId);
    await completeReturn(page, P3, 1, 'All in cash');
    await page.getByRole('button', { name: 'Close return receipt' }).click();

    const reason =
      /^Refused: .*lines\.0\.reason: must not contain a NUL character or an unpaired surrogate/;
    for (const restart of [false, true]) {
      if (restart) {
        await page.unroute('**/sync/return_requests/push');
        await page.reload();
        await signIn(page, 'Casey', '1234');
      }
      await syncStatus(page).getByText('Pending uploads: 0').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Sync details' }).click();
      const details = page.getByRole('dialog', { name: 'Sync details' });
      const returned = details
        .getByRole('list', { name: 'Returns sync state' })
        .getByRole('listitem')
        .filter({ hasText: `of sale #${orderId.slice(-8)}` });
      await returned.getByText(reason).waitFor({ timeout: 60_000 });
      await details.getByRole('button', { name: 'Close' }).click();
    }
  });
});
