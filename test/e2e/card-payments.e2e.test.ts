import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatMoney } from '../../domain/money';
import type { OrderDoc, OrderStateDoc, StoreDoc } from '../../domain/schemas';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { makeOrder } from '../server-support/fixtures';
import { serverDocs } from '../server-support/server-docs';
import { addToCart, approveCard } from './support/cashier';
import { useGatewayRig } from './support/rig';
import { signedInRegister } from './support/register';
import { serverDocsOnce } from './support/server-state';

/*
 * Card payments at the counter with the stripe provider behind the server, and the gateway
 * sandbox as Stripe: the register asks the server to authorize the card while the customer is
 * there, a decline is told to the cashier at once, and when the gateway cannot be reached the
 * card is taken store-and-forward and authorized once it can — charged once in every case.
 */

const SEEDED = 20;
const usd = (amount: number) => formatMoney(amount, 'USD', 'en-US');
const totalOf = (items: readonly { product: number; quantity: number }[]) =>
  makeOrder({ storeId: DEMO_STORE_ID, deviceId: 'expected', items }).totals.total;

describe('card payments through the gateway', () => {
  const { rig, sandbox } = useGatewayRig({ stores: [{ id: DEMO_STORE_ID, products: SEEDED }] });
  const { server } = rig;
  let page: Page;

  beforeAll(async () => {
    page = await signedInRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
  });
  beforeEach(() => sandbox.reset());

  const tenders = () => page.getByRole('list', { name: 'Tenders' }).getByRole('listitem');
  const terminal = () => page.getByRole('region', { name: 'Card terminal' });

  /** Completes the sale and returns it as the server received it. */
  async function completeAndFindOrder(): Promise<OrderDoc> {
    const before = new Set(
      (await serverDocs<OrderDoc>(server, DEMO_STORE_ID, 'orders')).map((o) => o.id),
    );
    await page.getByRole('button', { name: 'Complete sale' }).click();
    await page.getByText(/Sale complete/).waitFor();
    const orders = await serverDocsOnce<OrderDoc>(server, DEMO_STORE_ID, 'orders', (docs) =>
      docs.some((d) => !before.has(d.id)),
    );
    const added = orders.filter((o) => !before.has(o.id));
    expect(added).toHaveLength(1);
    return added[0] as OrderDoc;
  }

  it('tells the cashier at once that a card was declined, then takes another card', async () => {
    await addToCart(page, 1, 1);
    const total = totalOf([{ product: 1, quantity: 1 }]);
    await page.getByLabel('Totals').getByText(usd(total), { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();

    await approveCard(page, (total / 100).toFixed(2), 'Visa (insufficient funds)');
    await terminal()
      .getByRole('alert')
      .filter({ hasText: /Card refused.*insufficient_funds/ })
      .waitFor();
    expect(await tenders().count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Complete sale' }).isDisabled()).toBe(true);

    await terminal().getByLabel('Card presented').selectOption({ label: 'Mastercard' });
    await terminal().getByRole('button', { name: 'Approve on terminal' }).click();
    await tenders()
      .filter({ hasText: /pm_card_mastercard/ })
      .waitFor();
    expect(
      await tenders()
        .filter({ hasText: /offline/ })
        .count(),
    ).toBe(0);
    const order = await completeAndFindOrder();
    expect(order.tenders).toMatchObject([{ method: 'card', amount: total, offline: false }]);

    const states = await serverDocsOnce<OrderStateDoc>(server, DEMO_STORE_ID, 'order_states', (d) =>
      d.some((s) => s.id === order.id && s.payment_status === 'captured'),
    );
    expect(states.find((s) => s.id === order.id)?.payments).toMatchObject([
      { provider_id: 'stripe', captured_amount: total },
    ]);
    const { entries } = await sandbox.ledger();
    expect(entries.map((e) => [e.kind, e.amount])).toEqual([
      ['authorization', total],
      ['capture', total],
    ]);

    // The receipt on screen carries what the server recorded, pulled with the sale's state.
    const history = page.getByRole('list', { name: 'History' }).getByRole('listitem');
    await history.filter({ hasText: `Card (stripe) captured: ${usd(total)}` }).waitFor();
    // Authorized at the counter while the customer waited, so before the sale was placed.
    expect(await history.allTextContents()).toEqual([
      expect.stringContaining(`Card (stripe) authorized: ${usd(total)}`),
      expect.stringContaining(`Sale placed: ${usd(total)}`),
      expect.stringContaining('Fulfilled (in store)'),
      expect.stringContaining(`Card (stripe) captured: ${usd(total)}`),
      expect.stringContaining('Server finished: order placed'),
    ]);
    const [store] = await serverDocs<StoreDoc>(server, DEMO_STORE_ID, 'stores');
    const placed = history.filter({ hasText: 'Sale placed' }).locator('time');
    const at = new Date((await placed.getAttribute('datetime')) ?? '');
    expect(await placed.textContent()).toBe(
      new Intl.DateTimeFormat(store?.locale, {
        dateStyle: 'short',
        timeStyle: 'medium',
        timeZone: store?.timezone,
      }).format(at),
    );
    await page
      .getByRole('list', { name: 'Captures' })
      .getByText(`Card (stripe) ${usd(total)}`)
      .waitFor();
  });

  it('takes the card store-and-forward when the gateway does not answer, and charges it once later', async () => {
    await sandbox.setFaults({ scripts: { 'payment_intents.create': ['error:503'] } });
    await addToCart(page, 2, 1);
    const total = totalOf([{ product: 2, quantity: 1 }]);
    await page.getByLabel('Totals').getByText(usd(total), { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await approveCard(page, (total / 100).toFixed(2), 'Visa');
    await tenders()
      .filter({ hasText: /pm_card_visa · offline, awaiting authorization/ })
      .waitFor();
    const order = await completeAndFindOrder();
    expect(order.tenders).toMatchObject([{ method: 'card', amount: total, offline: true }]);

    await serverDocsOnce<OrderStateDoc>(server, DEMO_STORE_ID, 'order_states', (d) =>
      d.some((s) => s.id === order.id && s.payment_status === 'captured'),
    );
    const { entries } = await sandbox.ledger();
    expect(entries.map((e) => e.kind)).toEqual(['authorization', 'capture']);
  });

  it('releases the hold when the cashier removes an approved card, then takes cash instead', async () => {
    await addToCart(page, 3, 1);
    const total = totalOf([{ product: 3, quantity: 1 }]);
    await page.getByLabel('Totals').getByText(usd(total), { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await approveCard(page, (total / 100).toFixed(2), 'Visa');
    await tenders()
      .filter({ hasText: /pm_card_visa/ })
      .waitFor();

    await page.getByRole('button', { name: 'Remove tender 1' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Card removed and its hold released.' })
      .waitFor();
    expect(await tenders().count()).toBe(0);
    const held = await sandbox.ledger();
    expect(held.entries.map((e) => [e.kind, e.amount])).toEqual([
      ['authorization', total],
      ['cancel', total],
    ]);

    await page.getByLabel('Amount tendered').fill((total / 100).toFixed(2));
    const order = await completeAndFindOrder();
    expect(order.tenders).toMatchObject([{ method: 'cash', amount: total }]);
    // The released card is not charged later either: the ledger stays as it was.
    const { entries } = await sandbox.ledger();
    expect(entries.map((e) => e.kind)).toEqual(['authorization', 'cancel']);
  });
});
