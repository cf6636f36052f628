import type { Page } from 'playwright-core';
import { parseMoney } from '../../../domain/money';
import { demoProduct } from '../../../sync-server/demo/demo-catalog';

/** The order id the sale receipt on screen carries in its barcode. */
export async function receiptOrderId(page: Page): Promise<string> {
  const text = await page
    .getByRole('region', { name: 'Receipt', exact: true })
    .getByText(/^Order /)
    .textContent();
  return (text ?? '').replace(/^Order /, '');
}

/** Morgan, a manager, approves at the register with her PIN. */
export async function approveAsMorgan(page: Page): Promise<void> {
  const approval = page.getByRole('dialog', { name: 'Manager approval' });
  await approval.getByRole('button', { name: 'Morgan', exact: true }).click();
  await approval.getByLabel('Manager PIN', { exact: true }).fill('9999');
  await approval.getByRole('button', { name: 'Approve', exact: true }).click();
}

/**
 * Completes the return screen that is open: `quantity` units of the sale's line of demo product
 * `product`, refunded as `refund`, with Morgan approving; reads the refund off the return
 * receipt, which stays on screen.
 */
export async function completeReturn(
  page: Page,
  product: number,
  quantity: number,
  refund: 'To the original payment' | 'All in cash',
): Promise<number> {
  const name = demoProduct(product).name;
  const screen = page.getByRole('dialog', { name: /^Return from sale/ });
  await screen.getByLabel(`Return quantity for ${name}`).fill(String(quantity));
  await screen.getByLabel(`Reason for ${name}`).selectOption('Damaged');
  await screen.getByRole('radio', { name: refund }).check();
  await screen.getByRole('button', { name: 'Complete return' }).click();

  await approveAsMorgan(page);

  const receipt = page.getByRole('region', { name: 'Return receipt' });
  await receipt.getByText('Approved by: Morgan').waitFor();
  const amount = await receipt.getByRole('definition').first().textContent();
  return parseMoney(amount ?? '', 'USD') ?? 0;
}
