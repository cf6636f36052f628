import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../domain/money';
import type { DraftOrderDoc, OrderDoc, OrderStateDoc } from '../../domain/schemas';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { makeOrder } from '../server-support/fixtures';
import { addToCart, approveCard, signIn, syncStatus } from './support/cashier';
import { serverDocsOnce } from './support/server-state';
import { useRegisterRig } from './support/rig';
import { serverDocs } from '../server-support/server-docs';
import { signedInRegister } from './support/register';

const SEEDED = 40;
const usd = (amount: number) => formatMoney(amount, 'USD', 'en-US');

/** What a correct till charges for `quantity` of demo product `n`, from the seeded catalog. */
const totalOf = (items: readonly { product: number; quantity: number }[]) =>
  makeOrder({ storeId: DEMO_STORE_ID, deviceId: 'expected', items }).totals.total;

async function payCashAndComplete(page: Page, tendered: string): Promise<void> {
  await page.getByLabel('Amount tendered').fill(tendered);
  await page.getByRole('button', { name: 'Complete sale' }).click();
  await page.getByText(/Sale complete/).waitFor();
}

const cartLines = (page: Page) => page.getByRole('list', { name: 'Cart' }).getByRole('listitem');
const resumeButton = (page: Page, label: string) =>
  page
    .getByRole('list', { name: 'Parked sales' })
    .getByRole('button', { name: `Resume ${label}`, exact: true });

async function park(page: Page, label: string): Promise<void> {
  await page.getByLabel('Parked sale label').fill(label);
  await page.getByRole('button', { name: 'Park sale' }).click();
  await expect.poll(() => cartLines(page).count()).toBe(0);
}

describe('paying with several tenders, and parked sales across registers', () => {
  const rig = useRegisterRig({
    stores: [{ id: DEMO_STORE_ID, products: SEEDED }],
  });
  const { server } = rig;
  let a: Page;
  let b: Page;

  const open = () => signedInRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);

  const uploaded = (page: Page) =>
    syncStatus(page)
      .filter({ hasText: /Pending uploads: 0/ })
      .waitFor({ timeout: 60_000 });

  beforeAll(async () => {
    a = await open();
    b = await open();
  });

  it('splits a sale between a card and cash with change, and the server holds both tenders', async () => {
    await addToCart(a, 1, 2);
    const total = totalOf([{ product: 1, quantity: 2 }]);
    await a.getByRole('button', { name: 'Pay', exact: true }).click();
    await approveCard(a, '50.00');
    const tenders = a.getByRole('list', { name: 'Tenders' });
    await tenders
      .getByRole('listitem')
      .filter({ hasText: /Card \$50\.00 · pm_card_visa/ })
      .waitFor();
    await expect
      .poll(() => a.getByRole('button', { name: 'Complete sale' }).isDisabled())
      .toBe(true);
    await a.getByRole('button', { name: 'Remove tender 1' }).waitFor();

    // The terminal has charged the card: a reload must not lose it, or it would be charged again.
    await a.reload();
    await signIn(a, 'Casey', '1234');
    await a.getByRole('button', { name: 'Pay', exact: true }).click();
    await tenders
      .getByRole('listitem')
      .filter({ hasText: /Card \$50\.00 · pm_card_visa/ })
      .waitFor();

    const cashDue = total - 5000;
    const handed = Math.ceil(cashDue / 10_000) * 10_000;
    await payCashAndComplete(a, String(handed / 100));
    await a.getByText(`Sale complete — change due ${usd(handed - cashDue)}`).waitFor();
    await uploaded(a);

    const orders = await serverDocsOnce<OrderDoc>(
      server,
      DEMO_STORE_ID,
      'orders',
      (d) => d.length > 0,
    );
    expect(orders).toHaveLength(1);
    const order = orders[0];
    expect(order?.tenders).toMatchObject([
      { method: 'card', amount: 5000, offline: false, expires_at: null },
      { method: 'cash', amount: cashDue, tendered: handed, change: handed - cashDue },
    ]);
    // Cash was captured at the counter; the server's pipeline captures the card after it.
    const states = await serverDocsOnce<OrderStateDoc>(server, DEMO_STORE_ID, 'order_states', (d) =>
      d.some((s) => s.id === order?.id && s.payment_status === 'captured'),
    );
    expect(states.find((s) => s.id === order?.id)?.payments).toMatchObject([
      { provider_id: 'terminal', captured_amount: 5000 },
      { provider_id: 'cash', captured_amount: cashDue },
    ]);
  });

  it('refuses an offline card payment above the per-sale limit and stores one below it', async () => {
    await server.stop();
    await syncStatus(a)
      .filter({ hasText: /Offline/ })
      .waitFor({ timeout: 60_000 });
    await addToCart(a, 1, 3);
    const total = totalOf([{ product: 1, quantity: 3 }]);
    expect(total).toBeGreaterThan(20_000);
    // The cart must show the whole sale before paying, or the terminal offers less.
    await a.getByLabel('Totals').getByText(usd(total), { exact: true }).waitFor();
    await a.getByRole('button', { name: 'Pay', exact: true }).click();
    await approveCard(a, usd(total).replace(/[$,]/g, ''));
    await a
      .getByRole('alert')
      .filter({ hasText: /Card refused: offline, one sale may take at most \$200\.00 by card/ })
      .waitFor();
    expect(await a.getByRole('list', { name: 'Tenders' }).count()).toBe(0);

    const terminal = a.getByRole('region', { name: 'Card terminal' });
    await terminal.getByLabel('Card amount').fill('150.00');
    await terminal.getByRole('button', { name: 'Approve on terminal' }).click();
    await a
      .getByRole('list', { name: 'Tenders' })
      .getByRole('listitem')
      .filter({ hasText: /Card \$150\.00 .*offline/ })
      .waitFor();
    await a.getByRole('button', { name: 'Exact' }).click();
    await a.getByRole('button', { name: 'Complete sale' }).click();
    await a.getByText('Sale complete — change due $0.00').waitFor();

    await server.start();
    await uploaded(a);
    const isOffline = (o: OrderDoc) => o.tenders.some((t) => t.method === 'card' && t.offline);
    const orders = await serverDocsOnce<OrderDoc>(server, DEMO_STORE_ID, 'orders', (d) =>
      d.some(isOffline),
    );
    const offline = orders.find(isOffline);
    expect(offline?.totals.total).toBe(total);
    const card = offline?.tenders.find((t) => t.method === 'card');
    expect(card).toMatchObject({ amount: 15_000, offline: true });
    expect(card?.method === 'card' && card.expires_at !== null).toBe(true);
    // Stored and forwarded: authorized and captured once the server had it.
    const states = await serverDocsOnce<OrderStateDoc>(server, DEMO_STORE_ID, 'order_states', (d) =>
      d.some((s) => s.id === offline?.id && s.payment_status === 'captured'),
    );
    const payments = states.find((s) => s.id === offline?.id)?.payments ?? [];
    expect(payments.find((p) => p.tender_id === card?.id)).toMatchObject({
      authorized_amount: 15_000,
      captured_amount: 15_000,
    });
  });

  it('parks a sale on one register and completes it on another', async () => {
    await syncStatus(b)
      .filter({ hasText: /Online/ })
      .waitFor({ timeout: 60_000 });
    await addToCart(a, 2, 2);
    await park(a, 'Table 4');
    await resumeButton(b, 'Table 4').click();
    await b
      .getByRole('spinbutton', { name: `Quantity for ${demoProduct(2).name}`, exact: true })
      .waitFor();
    await expect.poll(() => resumeButton(a, 'Table 4').count(), { timeout: 30_000 }).toBe(0);

    await b.getByRole('button', { name: 'Pay cash' }).click();
    await payCashAndComplete(b, '500');
    await uploaded(b);
    const drafts = await serverDocs<DraftOrderDoc>(server, DEMO_STORE_ID, 'draft_orders');
    const draft = drafts.find((d) => d.label === 'Table 4');
    await expect
      .poll(async () => {
        const now = await serverDocs<DraftOrderDoc>(server, DEMO_STORE_ID, 'draft_orders');
        return now.find((d) => d.id === draft?.id)?.status;
      })
      .toBe('completed');
    const orders = await serverDocsOnce<OrderDoc>(server, DEMO_STORE_ID, 'orders', (d) =>
      d.some((o) => o.draft_id === draft?.id),
    );
    expect(orders.filter((o) => o.draft_id === draft?.id)).toHaveLength(1);
  });

  it('tells the register that lost a resume race, and only that one', async () => {
    await addToCart(a, 3, 1);
    await park(a, 'Race');
    await resumeButton(b, 'Race').waitFor({ timeout: 30_000 });
    // Both take the draft before either reaches the server.
    for (const page of [a, b]) await page.route('**/sync/draft_orders/push', (r) => r.abort());
    await resumeButton(a, 'Race').click();
    await resumeButton(b, 'Race').click();
    for (const page of [a, b]) await cartLines(page).first().waitFor();
    for (const page of [a, b]) await page.unroute('**/sync/draft_orders/push');

    const told = (page: Page) =>
      page
        .getByRole('alert')
        .filter({ hasText: /This sale \(Race\) was resumed on another register/ })
        .count();
    await expect.poll(async () => (await told(a)) + (await told(b)), { timeout: 60_000 }).toBe(1);
    const loser = (await told(a)) === 1 ? a : b;
    const winner = loser === a ? b : a;
    expect(await cartLines(loser).count()).toBe(0);
    expect(await cartLines(winner).count()).toBe(1);
    await winner.getByRole('button', { name: 'Pay cash' }).click();
    await payCashAndComplete(winner, '200');
  });

  it('shows a back-office draft on the register and completes it there', async () => {
    const draft = await server.admin<DraftOrderDoc>(
      'POST',
      `/api/admin/stores/${DEMO_STORE_ID}/draft-orders`,
      { label: 'Phone order', lines: [{ product_id: demoProduct(4).id, quantity: 2 }] },
    );
    await resumeButton(a, 'Phone order').click({ timeout: 30_000 });
    await a
      .getByRole('spinbutton', { name: `Quantity for ${demoProduct(4).name}`, exact: true })
      .waitFor();
    await a.getByRole('button', { name: 'Pay cash' }).click();
    await payCashAndComplete(a, '300');
    await uploaded(a);
    const orders = await serverDocsOnce<OrderDoc>(server, DEMO_STORE_ID, 'orders', (d) =>
      d.some((o) => o.draft_id === draft.id),
    );
    const order = orders.find((o) => o.draft_id === draft.id);
    expect(order?.totals.total).toBe(totalOf([{ product: 4, quantity: 2 }]));
  });

  it('voids with F8, parks with F6 and pays with F4, from the keyboard alone', async () => {
    await addToCart(a, 5, 1);
    await addToCart(a, 6, 2);
    // F8 removes the last line, with the focus still in the search box after the scan.
    await a.keyboard.press('F8');
    await expect.poll(() => cartLines(a).count()).toBe(1);
    expect(await cartLines(a).first().textContent()).toContain(demoProduct(5).name);

    // F6 parks under the label being typed.
    await a.getByLabel('Parked sale label').fill('Keys');
    await a.keyboard.press('F6');
    await expect.poll(() => cartLines(a).count()).toBe(0);
    await resumeButton(a, 'Keys').click();
    await cartLines(a).first().waitFor();

    // F4 opens the payment, which completes as usual.
    await a.getByLabel('Search products').focus();
    await a.keyboard.press('F4');
    await payCashAndComplete(a, '200');
    await uploaded(a);
    const orders = await serverDocsOnce<OrderDoc>(server, DEMO_STORE_ID, 'orders', (d) =>
      d.some((o) => o.lines.some((l) => l.product_id === demoProduct(5).id)),
    );
    const order = orders.find((o) => o.lines.some((l) => l.product_id === demoProduct(5).id));
    expect(order?.lines.map((l) => [l.product_id, l.quantity])).toEqual([[demoProduct(5).id, 1]]);
    expect(order?.totals.total).toBe(totalOf([{ product: 5, quantity: 1 }]));
  });
});
