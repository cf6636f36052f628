import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../../domain/back-office';
import { testBackends } from '../../../test/server-support/databases';
import {
  makeOrder,
  orderStateOf,
  push,
  seedStore,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';
import { officeUser } from '../../../test/server-support/office';
import { useStoreRig } from '../../../test/server-support/rigs';

/*
 * The dashboard adds up what the registers sold: the figures a store owner reads must be the
 * sums of the orders themselves, for the stores they may see and the range they chose.
 */

for (const backend of testBackends()) {
  describe(`back-office dashboard (${backend.name})`, () => {
    const rig = useStoreRig(backend, { label: 'dash', products: 3 });

    it("adds up the range's orders by tender, register, staff, product and hour", async () => {
      const cash = makeOrder({
        storeId: rig.storeId,
        deviceId: rig.device.deviceId,
        items: [{ product: 1, quantity: 2 }],
      });
      const split = makeOrder({
        storeId: rig.storeId,
        deviceId: rig.device.deviceId,
        items: [
          { product: 2, quantity: 1 },
          { product: 1, quantity: 1 },
        ],
        tender: 'split',
        cardAmount: 300,
      });
      const pushed = await push(rig.app, rig.device.headers, rig.storeId, 'orders', [cash, split]);
      expect(pushed.statusCode).toBe(200);
      for (const order of [cash, split]) {
        expect(
          (await orderStateOf(rig.app, rig.device.headers, rig.storeId, order.id))?.status,
        ).toBe('placed');
      }
      const other = uniqueStoreId('dash-other');
      await seedStore(rig.db, other, 1);
      const manager = await officeUser(rig.app, rig.db, {
        email: `manager-${rig.storeId}@example.test`,
        role: 'manager',
        stores: [rig.storeId],
      });
      const now = Date.now();
      const ask = async (store: string, from: number, to: number) => {
        const response = await rig.app.inject({
          method: 'GET',
          url: `/api/office/dashboard?${new URLSearchParams({ store, from: new Date(from).toISOString(), to: new Date(to).toISOString() })}`,
          headers: { cookie: manager },
        });
        expect(response.statusCode, response.body).toBe(200);
        return response.json<Dashboard>();
      };
      const today = await ask('all', now - 3_600_000, now + 3_600_000);
      const gross = cash.totals.total + split.totals.total;
      expect(today).toMatchObject({
        currency: 'USD',
        order_count: 2,
        gross_sales: gross,
        net_sales: gross,
        refunds: 0,
        tax: cash.totals.tax_total + split.totals.tax_total,
        average_basket: Math.round(gross / 2),
      });
      expect(Object.fromEntries(today.by_tender.map((t) => [t.key, t.amount]))).toEqual({
        cash: gross - 300,
        card: 300,
      });
      expect(today.by_register).toEqual([
        { key: rig.device.deviceId, label: expect.any(String), count: 2, amount: gross },
      ]);
      expect(today.by_staff).toEqual([
        { key: 'staff-casey', label: 'Casey', count: 2, amount: gross },
      ]);
      expect(today.top_products[0]).toMatchObject({
        product_id: cash.lines[0]?.product_id,
        quantity: 3,
      });
      // Hours are the store's own (the seeded store keeps America/Chicago time).
      const localHour = (iso: string) =>
        Number(
          new Intl.DateTimeFormat('en-US', {
            hour: 'numeric',
            hourCycle: 'h23',
            timeZone: 'America/Chicago',
          }).format(new Date(iso)),
        );
      const expectedHours = new Array<number>(24).fill(0);
      for (const order of [cash, split]) {
        const hour = localHour(order.placed_at);
        expectedHours[hour] = (expectedHours[hour] ?? 0) + order.totals.total;
      }
      expect(today.by_hour.map((h) => h.amount)).toEqual(expectedHours);

      const yesterday = await ask(rig.storeId, now - 2 * 86_400_000, now - 86_400_000);
      expect(yesterday).toMatchObject({ order_count: 0, gross_sales: 0, average_basket: 0 });

      // The order page names the register and cashier behind the ids.
      const people = await rig.app.inject({
        method: 'GET',
        url: `/api/office/stores/${rig.storeId}/orders/${cash.id}/people`,
        headers: { cookie: manager },
      });
      expect(people.json()).toEqual({
        register: 'Till 1',
        cashier: 'Casey',
        customer: null,
      });
      const elsewhere = await rig.app.inject({
        method: 'GET',
        url: `/api/office/stores/${other}/orders/${cash.id}/people`,
        headers: { cookie: manager },
      });
      expect(elsewhere.statusCode).toBe(403);
    });
  });
}
