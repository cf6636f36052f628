import type { Page } from 'playwright-core';
import { demoProduct } from '../../../sync-server/demo/demo-catalog';
import type { DemoProduct } from '../../../sync-server/demo/demo-catalog';

export interface SaleItem {
  readonly product: DemoProduct;
  readonly quantity: number;
}

/**
 * Scans like a keyboard-wedge scanner into the search box: the barcode typed fast, then Enter.
 * The box gets the focus as the register gives it (a click would put the caret inside any text
 * a missed scan left selected there).
 */
export async function scan(page: Page, barcode: string): Promise<void> {
  const search = page.getByLabel('Search products');
  await search.focus();
  await page.keyboard.type(barcode, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** Rings up one cash sale as a cashier would and waits for the register to confirm it. */
export async function ringUpCashSale(
  page: Page,
  items: readonly SaleItem[],
  tendered: string,
): Promise<void> {
  for (const { product, quantity } of items) {
    await scan(page, product.barcode);
    const qty = page.getByRole('spinbutton', {
      name: `Quantity for ${product.name}`,
      exact: true,
    });
    await qty.waitFor();
    if (quantity !== 1) {
      await qty.fill(String(quantity));
      await qty.press('Tab');
    }
  }
  await page.getByRole('button', { name: 'Pay cash' }).click();
  await page.getByLabel('Amount tendered').fill(tendered);
  await page.getByRole('button', { name: 'Complete sale' }).click();
  await page.getByText(/Sale complete/).waitFor();
}

export function syncStatus(page: Page) {
  return page.getByRole('status', { name: 'Sync status' });
}

/** How many documents the register holds locally in one collection (0 before its database opens). */
export function localCount(page: Page, collection: string): Promise<number> {
  return page.evaluate(async (name) => {
    const hook = window.__opentill;
    if (!hook) return 0;
    await hook.ready;
    return hook.collectionCount(name);
  }, collection);
}

/** Lines of the cart as saved on the device: what the register would restore after a crash. */
export function savedCartLines(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const hook = window.__opentill;
    if (!hook) return 0;
    await hook.ready;
    return hook.savedCartLines();
  });
}

/** Waits until the register has pulled `count` products (the catalog is ready to sell from). */
export async function waitForCatalog(page: Page, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await localCount(page, 'products')) < count) {
    if (Date.now() > deadline)
      throw new Error(`the register did not load ${count} products in time`);
    await page.waitForTimeout(200);
  }
}

/** The float a shift opens with when a test does not care about the drawer. */
export const DEFAULT_FLOAT = '100.00';

/**
 * Signs a staff member in at the register's sign-in screen: their name, then their PIN. When
 * the register has no open session it opens one with `float` (the shift's first sign-in).
 * Fails if the register shows no sign-in screen or does not let them in.
 */
export async function signIn(
  page: Page,
  name: string,
  pin: string,
  float: string = DEFAULT_FLOAT,
): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const search = page.getByLabel('Search products');
  const openHeading = page.getByRole('heading', { name: 'Open the register' });
  await search.or(openHeading).waitFor();
  if (await openHeading.isVisible()) await openShift(page, float);
}

/** Opens the drawer for a shift with a float, at the register's open-register screen. */
export async function openShift(page: Page, float: string): Promise<void> {
  await page.getByLabel('Opening float').fill(float);
  await page.getByRole('button', { name: 'Open register' }).click();
  await page.getByLabel('Search products').waitFor();
}

/** Scans demo product `product` and sets its line's quantity. */
export async function addToCart(page: Page, product: number, quantity: number): Promise<void> {
  const p = demoProduct(product);
  await scan(page, p.barcode);
  const qty = page.getByRole('spinbutton', { name: `Quantity for ${p.name}`, exact: true });
  await qty.waitFor();
  if (quantity !== 1) {
    await qty.fill(String(quantity));
    await qty.press('Tab');
  }
}

/** Opens the card terminal from the payment screen and approves `amount` with `card`. */
export async function approveCard(page: Page, amount: string, card?: string): Promise<void> {
  await page.getByRole('button', { name: 'Pay by card' }).click();
  const terminal = page.getByRole('region', { name: 'Card terminal' });
  if (card) await terminal.getByLabel('Card presented').selectOption({ label: card });
  await terminal.getByLabel('Card amount').fill(amount);
  await terminal.getByRole('button', { name: 'Approve on terminal' }).click();
}
