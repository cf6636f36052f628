import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID, DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { uuidv7 } from '../../domain/ids';
import { addToCart, ringUpCashSale, signIn } from './support/cashier';
import { useRegisterRig } from './support/rig';
import { pairedRegister } from './support/register';

const SEEDED = 40;
const p1 = demoProduct(1);
const p2 = demoProduct(2);
const p3 = demoProduct(3);
const p5 = demoProduct(5);

/** Takes the focus off every field, as when the cashier last touched the screen elsewhere. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** A keyboard-wedge scanner: the code at machine speed, then Enter, wherever the focus is. */
async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

describe('receipts, scanner, shortcuts and sync details', () => {
  const rig = useRegisterRig({
    stores: [{ id: DEMO_STORE_ID, products: SEEDED }],
  });
  const { server } = rig;
  let page: Page;

  beforeAll(async () => {
    page = await pairedRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
    await signIn(page, 'Casey', '1234');
  });

  it('shows a receipt with the order barcode after a sale, and downloads it as a PDF', async () => {
    await ringUpCashSale(page, [{ product: p1, quantity: 2 }], '1000');
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain(p1.name);
    expect(await receipt.textContent()).toContain('Cashier: Casey');
    const barcode = receipt.getByRole('img', { name: /^Barcode of order / });
    const label = (await barcode.getAttribute('aria-label')) ?? '';
    const orderId = label.replace('Barcode of order ', '');
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await barcode.locator('rect').count()).toBeGreaterThan(50);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      receipt.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    const file = readFileSync(await download.path()).toString('latin1');
    expect(file.startsWith('%PDF-')).toBe(true);
    expect(file).toContain(`(${orderId}) Tj`);
    expect(file.trimEnd().endsWith('%%EOF')).toBe(true);

    // Reprint: close it, then open it again from the recent sales list.
    await receipt.getByRole('button', { name: 'Close receipt' }).click();
    await receipt.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: `Receipt for sale ${orderId.slice(-8)}` }).click();
    await receipt.getByRole('img', { name: `Barcode of order ${orderId}` }).waitFor();
  });

  it('adds a product scanned while a button has the focus, without pressing that button', async () => {
    const reprint = page.getByRole('button', { name: /^Receipt for sale / }).first();
    await reprint.focus();
    await wedgeScan(page, p2.barcode);
    await page.getByRole('spinbutton', { name: `Quantity for ${p2.name}`, exact: true }).waitFor();
    // The receipt was cleared by the scan, not reopened by the Enter.
    expect(await page.getByRole('region', { name: 'Receipt' }).count()).toBe(0);
  });

  it('says an unknown scanned code is unknown and offers to search for it', async () => {
    await blur(page);
    await wedgeScan(page, 'NOPE-424242');
    await page
      .getByRole('alert')
      .filter({ hasText: 'No product with barcode NOPE-424242' })
      .waitFor();
    await page.getByRole('button', { name: 'Search for NOPE-424242' }).click();
    expect(await page.getByLabel('Search products').inputValue()).toBe('NOPE-424242');
  });

  it('reads a scan into a search box that already holds text as the scanned code alone', async () => {
    const search = page.getByLabel('Search products');
    await search.fill('');
    await search.pressSequentially('NOPE-1', { delay: 80 });
    await wedgeScan(page, p3.barcode);
    await page.getByRole('spinbutton', { name: `Quantity for ${p3.name}`, exact: true }).waitFor();
    expect(await search.inputValue()).toBe('');

    // A typed code nothing matches is selected, so what is typed next replaces it.
    await search.pressSequentially('NOPE-2', { delay: 80 });
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'No product with barcode NOPE-2' }).waitFor();
    await search.pressSequentially(p1.sku, { delay: 80 });
    await page.keyboard.press('Enter');
    await page.getByRole('spinbutton', { name: `Quantity for ${p1.name}`, exact: true }).waitFor();
  });

  it('focuses the search with F2 and lists the shortcuts on "?"', async () => {
    const search = page.getByLabel('Search products');
    await search.fill('');
    await blur(page);
    await page.keyboard.press('F2');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);

    await blur(page);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const text = (await help.textContent()) ?? '';
    for (const key of ['F2', 'F4', 'F6', 'F8', 'Esc', '? or F1']) expect(text).toContain(key);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  it('warns when the cart sells past the stock left, marks the line, and never blocks', async () => {
    // The back office counts a single one on the shelf; the register pulls the new level.
    await server.admin('POST', `/api/admin/stores/${DEMO_STORE_ID}/stock/adjustments`, {
      request_id: uuidv7(),
      location_id: DEMO_FLOOR_LOCATION_ID,
      product_id: p5.id,
      counted_quantity: 1,
      reason: 'Shelf count',
    });
    const search = page.getByLabel('Search products');
    await search.fill(p5.name);
    // The stock count and the marker are in the name a screen reader announces.
    const result = page.getByRole('button', {
      name: new RegExp(`^Add ${p5.name}, .*, In stock: 1, Low stock$`),
    });
    await result.waitFor({ timeout: 30_000 });
    await search.fill('');

    await addToCart(page, 5, 1);
    const line = page
      .getByRole('list', { name: 'Cart' })
      .getByRole('listitem')
      .filter({ hasText: p5.name });
    // Selling the last one is not selling past zero: the line is low, with no warning.
    await line.getByText('Low stock').waitFor();
    expect(await page.getByText(/selling anyway/).count()).toBe(0);

    // Raising the quantity past the one in stock warns and marks the line, and the sale goes on.
    const qty = page.getByRole('spinbutton', { name: `Quantity for ${p5.name}`, exact: true });
    await qty.fill('3');
    await qty.press('Tab');
    await page
      .getByRole('status')
      .filter({ hasText: `${p5.name}: 3 in this sale but only 1 in stock here — selling anyway` })
      .waitFor();
    await line.getByText('Out of stock').waitFor();
    expect(await page.getByRole('button', { name: 'Pay cash' }).isEnabled()).toBe(true);

    // Back to what is there: the warning and the out-of-stock marker go.
    await qty.fill('1');
    await qty.press('Tab');
    await expect.poll(() => page.getByText(/selling anyway/).count()).toBe(0);
    await line.getByText('Low stock').waitFor();
  });

  it('shows a sale the server refused with its reason, and retries it', async () => {
    // Finish the cart from the scan test first, so only the tampered sale is in the next push.
    // "Pending uploads: 0" may still be showing from before this sale, so wait for its ack.
    await ringUpCashSale(page, [], '1000');
    const acknowledged = page
      .getByRole('list', { name: 'Recent sales' })
      .getByRole('listitem')
      .filter({ hasText: /Acknowledged #\d+/ });
    await expect.poll(() => acknowledged.count(), { timeout: 60_000 }).toBe(2);

    // A corrupted upload: the total the server receives is a cent off what the lines add up to.
    await page.route('**/sync/orders/push', async (route) => {
      const rows = route.request().postDataJSON() as {
        newDocumentState: { totals: { total: number } };
      }[];
      for (const row of rows) row.newDocumentState.totals.total += 1;
      await route.continue({ postData: JSON.stringify(rows) });
    });
    await ringUpCashSale(page, [{ product: p3, quantity: 1 }], '1000');

    await page.getByRole('button', { name: 'Sync details' }).click();
    const panel = page.getByRole('dialog', { name: 'Sync details' });
    const refused = panel.getByRole('listitem').filter({ hasText: /Refused: / });
    await refused.waitFor({ timeout: 60_000 });
    expect(await panel.textContent()).toMatch(/Last successful sync/);
    expect(
      await panel
        .getByRole('listitem')
        .filter({ hasText: /Acknowledged #\d+/ })
        .count(),
    ).toBe(2);

    // The register's own copy was never wrong: sent again untouched, the server accepts it.
    await page.unroute('**/sync/orders/push');
    await refused.getByRole('button', { name: /^Retry sale / }).click();
    await expect
      .poll(
        () =>
          panel
            .getByRole('listitem')
            .filter({ hasText: /Acknowledged #\d+/ })
            .count(),
        {
          timeout: 60_000,
        },
      )
      .toBe(3);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });
});
