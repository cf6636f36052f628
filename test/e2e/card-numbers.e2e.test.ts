import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cardNumberPath, containsCardNumber } from '../../domain/card-numbers';
import { formatMoney } from '../../domain/money';
import type { OrderDoc, OrderStateDoc } from '../../domain/schemas';
import { openPglite } from '../../sync-server/infra/db/pglite';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { everyRow } from '../server-support/every-row';
import { makeOrder } from '../server-support/fixtures';
import { addToCart, approveCard } from './support/cashier';
import { useGatewayRig } from './support/rig';
import { signedInRegister } from './support/register';
import { serverDocsOnce } from './support/server-state';

/*
 * After card sales at the counter (authorized online, and store-and-forward), a cashier typing
 * a card number into the sale search, and a broken register pushing sales whose card reference
 * is a card number, no card number is anywhere: not in any row of the server's database, not in
 * its log, not in the register's IndexedDB (issue 11, item 4).
 */

const SEEDED = 20;
/** A published test card number, and the ways it gets written. */
const CARD = '4242424242424242';
const WRITTEN = [CARD, '4242 4242 4242 4242', '4242-4242-4242-4242'];
const usd = (amount: number) => formatMoney(amount, 'USD', 'en-US');
const totalOf = (product: number) =>
  makeOrder({ storeId: DEMO_STORE_ID, deviceId: 'expected', items: [{ product, quantity: 1 }] })
    .totals.total;

/** Every record of every object store of every IndexedDB database of the page's origin. */
function registerData(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const out: Record<string, unknown[]> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await request(indexedDB.open(info.name));
      for (const store of Array.from(db.objectStoreNames)) {
        const records = await request(db.transaction(store).objectStore(store).getAll());
        out[`${info.name}/${store}`] = records;
      }
      db.close();
    }
    return JSON.stringify(out);
  });
}

/** The planted number however it was written: a dump holding it in any form holds it. */
const digitsOnly = (text: string) => text.replace(/[ -]/g, '');

describe('no card number is kept anywhere', () => {
  const { rig, sandbox } = useGatewayRig({
    stores: [{ id: DEMO_STORE_ID, products: SEEDED }],
    // Request lines are logged at debug: this test reads every line a request can leave.
    env: { OPENTILL_LOG_LEVEL: 'debug' },
  });
  const { server } = rig;
  let page: Page;

  beforeAll(async () => {
    page = await signedInRegister(rig.browser, rig.host, server, DEMO_STORE_ID, SEEDED);
  });

  async function cardSale(product: number): Promise<void> {
    await addToCart(page, product, 1);
    const total = totalOf(product);
    await page.getByLabel('Totals').getByText(usd(total), { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await approveCard(page, (total / 100).toFixed(2), 'Visa');
    await page.getByRole('list', { name: 'Tenders' }).getByRole('listitem').first().waitFor();
    await page.getByRole('button', { name: 'Complete sale' }).click();
    await page.getByText(/Sale complete/).waitFor();
  }

  it('runs card sales, refuses a card number typed or pushed, and keeps none', async () => {
    await cardSale(1);
    // The gateway does not answer: the card is taken store-and-forward and charged later.
    await sandbox.setFaults({ scripts: { 'payment_intents.create': ['error:503'] } });
    await cardSale(2);
    await serverDocsOnce<OrderStateDoc>(
      server,
      DEMO_STORE_ID,
      'order_states',
      (d) => d.filter((s) => s.payment_status === 'captured').length === 2,
    );

    // Typed into the sale search, it is refused on the spot and never sent.
    await page.getByLabel('Find a sale to return').fill(WRITTEN[1] ?? '');
    await page.getByText(/That is a card number/).waitFor();
    await page.getByLabel('Find a sale to return').fill('');

    // A broken register sends sales whose card reference is the number.
    const { deviceId, token } = await server.pairDevice(DEMO_STORE_ID, 'broken till');
    const forged: OrderDoc[] = WRITTEN.map((reference) =>
      makeOrder({
        storeId: DEMO_STORE_ID,
        deviceId,
        tender: 'card_offline',
        cardReference: reference,
      }),
    );
    const pushed = await server.push(token, DEMO_STORE_ID, 'orders', forged);
    expect(pushed.rejected).toEqual(
      forged.map((o) => ({ id: o.id, code: 'CARD_NUMBER_REFUSED', message: expect.any(String) })),
    );
    // And the back office is sent one in a body and in a query.
    const staff = await fetch(`${server.url}/api/admin/stores/${DEMO_STORE_ID}/staff`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: `Pat ${CARD}`, role: 'cashier', pin: '2468' }),
    });
    expect(staff.status).toBe(422);
    const search = await fetch(
      `${server.url}/api/stores/${DEMO_STORE_ID}/sales?q=${encodeURIComponent(CARD)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(search.status).toBe(422);
    await serverDocsOnce<OrderStateDoc>(server, DEMO_STORE_ID, 'order_states', (d) =>
      forged.every((o) => d.some((s) => s.id === o.id && s.status === 'rejected')),
    );

    // The register's own data, as the page holds it.
    const local = await registerData(page);
    expect(local.length).toBeGreaterThan(1000);
    expect(digitsOnly(local)).not.toContain(CARD);
    // RxDB's own bookkeeping (`_meta`: write times in epoch milliseconds) is not the data.
    expect(
      cardNumberPath(JSON.parse(local, (k, v: unknown) => (k === '_meta' ? null : v))),
    ).toBeNull();

    // The server's log: every line it printed, requests included.
    const log = server.log;
    expect(log).toContain('"url":"/api/stores/');
    // The sale search sent with the number was logged, with the number masked.
    expect(log).toContain('q=[card number]');
    expect(digitsOnly(log)).not.toContain(CARD);
    // Each line as pino wrote it, its own clock (`time`, epoch milliseconds) aside.
    const suspect = log.split('\n').filter((line) => {
      try {
        const entry: unknown = JSON.parse(line, (k, v: unknown) => (k === 'time' ? null : v));
        return cardNumberPath(entry) !== null;
      } catch {
        return containsCardNumber(line);
      }
    });
    expect(suspect).toEqual([]);

    // Every row of every table, read once the server has stopped and let go of its files.
    await server.stop();
    const db = await openPglite(path.join(server.dataDir, 'pglite'));
    try {
      const rows = await everyRow(db);
      expect(rows.some((r) => r.table === 'orders')).toBe(true);
      expect(digitsOnly(JSON.stringify(rows))).not.toContain(CARD);
      // Barcodes are kept for what they are: a tenth of them pass the Luhn check too.
      expect(rows.flatMap((r) => (cardNumberPath(r) === null ? [] : [r.table]))).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
