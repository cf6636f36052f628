import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../domain/money';
import type { OrderDoc } from '../../domain/schemas';
import { computeOrderTotals } from '../../domain/totals';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { makeOrder } from '../server-support/fixtures';
import { addToCart, signIn, syncStatus } from './support/cashier';
import { serverDocsOnce } from './support/server-state';
import { useRegisterRig } from './support/rig';
import { pairedRegister } from './support/register';

const SEEDED = 5;
/** A German store whose prices include tax: its registers write 1.234,56 € and 18:04. */
const BERLIN = 'berlin-store';

/** Hands the register over to another staff member at the sign-in screen. */
async function switchTo(page: Page, name: string, pin: string): Promise<void> {
  await page.getByRole('button', { name: 'Switch cashier', exact: true }).click();
  await signIn(page, name, pin);
}

describe('register settings in a browser', () => {
  const rig = useRegisterRig({
    stores: [
      { id: DEMO_STORE_ID, products: SEEDED },
      {
        id: BERLIN,
        products: SEEDED,
        currency: 'EUR',
        taxInclusive: true,
        locale: 'de-DE',
        timezone: 'Europe/Berlin',
      },
    ],
  });
  let page: Page;

  beforeAll(async () => {
    page = await pairedRegister(rig.browser, rig.host, rig.server, DEMO_STORE_ID, SEEDED);
    await signIn(page, 'Casey', '1234');
  });

  it('are for managers: a cashier has no Settings button', async () => {
    await page.getByLabel('Search products').waitFor();
    expect(await page.getByRole('button', { name: 'Settings', exact: true }).count()).toBe(0);
    await switchTo(page, 'Morgan', '9999');
    await page.getByRole('button', { name: 'Settings', exact: true }).waitFor();
  });

  it('keep the printer and drawer chosen, after a reload too, driven from the keyboard', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Register settings' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Sync server address').inputValue()).toBe(rig.server.url);

    await dialog.getByLabel('Receipt printer', { exact: true }).selectOption({
      label: 'ESC/POS printer on the network',
    });
    await dialog.getByLabel('Printer address (host:port)').fill('192.168.1.50');
    await dialog.getByLabel('Open the cash drawer through the receipt printer').check();
    await dialog.getByLabel('Drawer pin').selectOption('5');
    // Enter in a field submits the form, as everywhere on the register.
    await dialog.getByLabel('Printer address (host:port)').press('Enter');
    await dialog.waitFor({ state: 'detached' });

    await page.reload();
    await signIn(page, 'Morgan', '9999');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('Printer address (host:port)').inputValue()).toBe(
      '192.168.1.50:9100',
    );
    expect(await dialog.getByLabel('Drawer pin').inputValue()).toBe('5');
    expect(
      await dialog.getByLabel('Open the cash drawer through the receipt printer').isChecked(),
    ).toBe(true);
  });

  it('say plainly that a test page and a drawer need the desktop app', async () => {
    const dialog = page.getByRole('dialog', { name: 'Register settings' });
    await dialog.getByRole('button', { name: 'Print test page' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'Test pages need the desktop app' })
      .waitFor();
    await dialog.getByLabel('Printer address (host:port)').fill('');
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Enter the printer’s address' }).waitFor();
    await dialog.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'No sale', exact: true }).click();
    // A signed-in manager approves their own no sale.
    await page
      .getByRole('status', { name: 'No sale' })
      .filter({ hasText: 'a browser register cannot open one' })
      .waitFor();
  });

  it("follow the store: a German tax-inclusive store's cart and receipt include the tax, in its locale", async () => {
    const de = await pairedRegister(rig.browser, rig.host, rig.server, BERLIN, SEEDED);
    await signIn(de, 'Casey', '1234');
    const items = [
      { product: 1, quantity: 2 },
      { product: 2, quantity: 1 },
    ];
    for (const { product, quantity } of items) await addToCart(de, product, quantity);

    const { lines } = makeOrder({ storeId: BERLIN, deviceId: 'expected', items });
    const expected = computeOrderTotals({ lines, order_discount: null, tax_inclusive: true });
    const eur = (amount: number) => formatMoney(amount, 'EUR', 'de-DE');
    // The shelf price is what is paid: the tax is inside it, not added.
    const shelf = items.reduce((n, i) => n + demoProduct(i.product).unit_price * i.quantity, 0);
    expect(expected.total).toBe(shelf);
    expect(expected.tax_total).toBeGreaterThan(0);

    const totals = de.getByLabel('Totals', { exact: true });
    const totalsText = (await totals.textContent()) ?? '';
    expect(totalsText).toContain(`Tax (included)${eur(expected.tax_total)}`);
    expect(totalsText).toContain(`Total${eur(expected.total)}`);

    await de.getByRole('button', { name: 'Pay cash' }).click();
    await de.getByLabel('Amount tendered').fill(String(Math.ceil(shelf / 100) + 10));
    await de.getByRole('button', { name: 'Complete sale' }).click();
    const receipt = de.getByRole('region', { name: 'Receipt' });
    await receipt.waitFor();

    // One "Incl. tax" row per rate, each the sum domain/totals gives for that rate.
    const byCode = new Map<string, number>();
    lines.forEach((line, i) =>
      line.tax_lines.forEach((tax, j) => {
        const amount = expected.lines[i]?.taxes[j]?.amount ?? 0;
        byCode.set(tax.code, (byCode.get(tax.code) ?? 0) + amount);
      }),
    );
    const rows = receipt.getByLabel('Receipt totals');
    const labels = await rows.locator('dt').allTextContents();
    const amounts = await rows.locator('dd').allTextContents();
    const row = (label: RegExp) => amounts[labels.findIndex((l) => label.test(l))];
    for (const [code, amount] of byCode) {
      // de-DE writes 6,25 % with a no-break space before the sign.
      expect(row(new RegExp(`^Incl\\. tax ${code} \\d+(,\\d+)?\u00a0%$`))).toBe(eur(amount));
    }
    expect(labels.filter((l) => l.startsWith('Tax'))).toEqual([]);
    expect(row(/^Total$/)).toBe(eur(expected.total));
    const receiptText = (await receipt.textContent()) ?? '';
    expect(receiptText).toContain(`2 × ${eur(demoProduct(1).unit_price)}`);
    // A German date and a 24-hour time, on the store's clock.
    expect(await receipt.locator('time').textContent()).toMatch(
      /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/,
    );

    // The server, which checks every total against domain/totals, takes the sale as it is.
    await syncStatus(de)
      .filter({ hasText: /Pending uploads: 0/ })
      .waitFor({ timeout: 60_000 });
    const orders = await serverDocsOnce<OrderDoc>(
      rig.server,
      BERLIN,
      'orders',
      (d) => d.length > 0,
    );
    expect(orders.map((o) => [o.tax_inclusive, o.totals.total, o.totals.tax_total])).toEqual([
      [true, expected.total, expected.tax_total],
    ]);
    const placed = new Date(orders[0]?.placed_at ?? '');
    const berlinTime = new Intl.DateTimeFormat('de-DE', {
      timeStyle: 'short',
      timeZone: 'Europe/Berlin',
    }).format(placed);
    // The receipt's own time comes first; the server record's history below it has more.
    expect(await receipt.locator('time').first().textContent()).toContain(berlinTime);
  });
});
