import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDoc, OrderDoc } from '../../domain/schemas';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { makeOrder } from '../server-support/fixtures';
import { localCount, ringUpCashSale, syncStatus } from './support/cashier';
import { useRegisterRig } from './support/rig';
import { signedInRegister } from './support/register';
import { serverDocs } from '../server-support/server-docs';

const SEEDED = 20;
const tea = demoProduct(1);
/** Whole dollars that cover one of product 1, from the seeded catalog. */
const TENDERED = String(
  Math.ceil(
    makeOrder({
      storeId: DEMO_STORE_ID,
      deviceId: 'expected',
      items: [{ product: 1, quantity: 1 }],
    }).totals.total / 100,
  ),
);

const customerPart = (page: Page) => page.getByRole('region', { name: 'Customer', exact: true });
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Attach customer' });
const receipt = (page: Page) => page.getByRole('region', { name: 'Receipt' });

/** Creates a customer in the attach dialog, as a cashier would, and attaches them to the cart. */
async function createCustomer(page: Page, name: string, email: string): Promise<void> {
  await customerPart(page).getByRole('button', { name: 'Attach customer', exact: true }).click();
  const form = dialog(page).getByRole('form', { name: 'New customer' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await form.getByRole('button', { name: 'Create and attach' }).click();
  await customerPart(page).getByText(`Customer: ${name}`, { exact: false }).waitFor();
}

/** Who the attach dialog offers for a search: merged duplicates never show. */
async function customersFound(page: Page, query: string): Promise<string[]> {
  await customerPart(page).getByRole('button', { name: 'Attach customer', exact: true }).click();
  await dialog(page).getByLabel('Search customers').fill(query);
  const names = await dialog(page)
    .getByRole('list', { name: 'Customers' })
    .getByRole('button')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  return names;
}

describe('customers created offline on two registers', () => {
  const rig = useRegisterRig({
    stores: [{ id: DEMO_STORE_ID, products: SEEDED }],
  });
  const { server } = rig;
  let a: Page;
  let b: Page;

  const open = () => signedInRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);

  beforeAll(async () => {
    a = await open();
    b = await open();
  });

  it('merges the same person entered on both, and each sale leads to the one kept', async () => {
    await server.stop();
    for (const page of [a, b]) {
      await syncStatus(page)
        .filter({ hasText: /Offline/ })
        .waitFor({ timeout: 60_000 });
    }

    await createCustomer(a, 'Dana', 'dana@example.com');
    await ringUpCashSale(a, [{ product: tea, quantity: 1 }], TENDERED);
    await receipt(a).getByText('Customer: Dana', { exact: true }).waitFor();
    // Detached with the completed sale: the next customer starts with nobody attached.
    await customerPart(a).getByRole('button', { name: 'Attach customer', exact: true }).waitFor();

    await createCustomer(b, 'Dana D', 'DANA@example.com');
    await ringUpCashSale(b, [{ product: tea, quantity: 1 }], TENDERED);
    await receipt(b).getByText('Customer: Dana D', { exact: true }).waitFor();

    // Register B's customer reaches the server first, so A's is the one merged: A's sale must
    // then lead to a customer created on another register.
    await a.route('**/sync/customers/push', (route) => route.abort());
    await server.start();
    const arrived = () => serverDocs<CustomerDoc>(server, DEMO_STORE_ID, 'customers');
    await expect.poll(async () => (await arrived()).length, { timeout: 60_000 }).toBe(1);
    await a.unroute('**/sync/customers/push');
    await expect
      .poll(async () => (await arrived()).filter((c) => c.merged_into !== null).length, {
        timeout: 60_000,
      })
      .toBe(1);

    const customers = await arrived();
    expect(customers).toHaveLength(2);
    const kept = customers.find((c) => c.merged_into === null);
    const merged = customers.find((c) => c.merged_into !== null);
    expect(kept).toMatchObject({ name: 'Dana D', email: 'dana@example.com' });
    expect(merged).toMatchObject({ name: 'Dana', merged_into: kept?.id });

    await expect
      .poll(async () => (await serverDocs<OrderDoc>(server, DEMO_STORE_ID, 'orders')).length, {
        timeout: 60_000,
      })
      .toBe(2);
    const orders = await serverDocs<OrderDoc>(server, DEMO_STORE_ID, 'orders');
    expect(orders.map((o) => o.customer_id).sort()).toEqual([kept?.id, merged?.id].sort());

    // Each register pulls the merge: both sales now name Dana D, and only she can be found.
    for (const page of [a, b]) {
      await expect.poll(() => localCount(page, 'customers'), { timeout: 60_000 }).toBe(2);
      await receipt(page)
        .getByText('Customer: Dana D', { exact: true })
        .waitFor({ timeout: 60_000 });
      expect(await customersFound(page, 'dana')).toEqual(['Attach Dana D']);
    }
  });
});
