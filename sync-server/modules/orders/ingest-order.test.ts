import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { claimCommand } from '../../infra/ledger/ledger';
import { fingerprintOf } from '../../infra/ledger/canonical';
import { DEMO_FLOOR_LOCATION_ID, DEMO_PRODUCTS } from '../../demo/demo-constants';
import { demoStock } from '../../demo/demo-catalog';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  makeOrder,
  pairTestDevice,
  pullAll,
  push,
  seedStore,
  TEST_ADMIN_TOKEN,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';

interface AdminOrder {
  id: string;
  ack_id: number;
  status: string;
  payment_status: string;
  fulfillment_status: string;
  totals: { total: number };
}

describe.each(testBackends())('order ingest on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await backend.open();
    app = await testApp(database.db);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function newStore() {
    const storeId = uniqueStoreId('orders');
    await seedStore(database.db, storeId, 5);
    const device = await pairTestDevice(app, storeId);
    return { storeId, device };
  }

  async function adminOrders(storeId: string, server = app): Promise<AdminOrder[]> {
    const response = await server.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/orders`,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    return response.json<{ orders: AdminOrder[] }>().orders;
  }

  async function floorStock(storeId: string, productId: string): Promise<number> {
    const response = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/stock?product_id=${productId}&location_id=${DEMO_FLOOR_LOCATION_ID}`,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const levels = response.json<{ levels: { stocked_quantity: number }[] }>().levels;
    return levels[0]?.stocked_quantity ?? Number.NaN;
  }

  it('places an order: acknowledged, paid in cash, fulfilled, stock taken, all pullable', async () => {
    const { storeId, device } = await newStore();
    const order = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [{ product: 1, quantity: 3 }],
    });
    const result = await push(app, device.headers, storeId, 'orders', [order]);
    expect(result).toMatchObject({ statusCode: 200, conflicts: [], rejected: [] });

    expect(await adminOrders(storeId)).toEqual([
      expect.objectContaining({
        id: order.id,
        ack_id: 1,
        status: 'placed',
        payment_status: 'captured',
        fulfillment_status: 'fulfilled',
        totals: order.totals,
      }),
    ]);
    expect(await floorStock(storeId, DEMO_PRODUCTS[0].id)).toBe(demoStock(1).floor - 3);

    const states = await pullAll(app, device.headers, storeId, 'order_states', { expect: 1 });
    expect(states.documents).toEqual([
      expect.objectContaining({
        id: order.id,
        ack_id: 1,
        status: 'placed',
        paid_total: order.totals.total,
      }),
    ]);
    // Five products, each on the floor and in the warehouse.
    const stock = await pullAll(app, device.headers, storeId, 'stock_levels', { expect: 10 });
    expect(
      stock.documents.filter(
        (d) => d.product_id === DEMO_PRODUCTS[0].id && d.location_id === DEMO_FLOOR_LOCATION_ID,
      ),
    ).toEqual([expect.objectContaining({ stocked_quantity: demoStock(1).floor - 3 })]);
    const orders = await pullAll(app, device.headers, storeId, 'orders', { expect: 1 });
    expect(orders.documents).toEqual([{ ...order, _deleted: false }]);
  });

  it('leaves an offline card payment awaiting authorization and lets stock go negative', async () => {
    const { storeId, device } = await newStore();
    const quantity = demoStock(2).floor + 5;
    const order = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [{ product: 2, quantity }],
      tender: 'card_offline',
    });
    expect((await push(app, device.headers, storeId, 'orders', [order])).rejected).toEqual([]);
    expect(await adminOrders(storeId)).toMatchObject([{ payment_status: 'awaiting' }]);
    expect(await floorStock(storeId, DEMO_PRODUCTS[1].id)).toBe(-5);
  });

  it("refuses a sale at a location that is not one of the store's, and takes no stock", async () => {
    const { storeId, device } = await newStore();
    const order = {
      ...makeOrder({ storeId, deviceId: device.deviceId }),
      location_id: 'elsewhere',
    };
    const result = await push(app, device.headers, storeId, 'orders', [order]);
    expect(result.rejected).toEqual([
      {
        id: order.id,
        code: 'BUSINESS_RULE',
        message: 'location elsewhere is not a location of this store',
      },
    ]);
    expect(await adminOrders(storeId)).toEqual([]);
    expect(await floorStock(storeId, DEMO_PRODUCTS[0].id)).toBe(demoStock(1).floor);
  });

  it('treats the same order pushed again as a replay: one order, the same ack, stock taken once', async () => {
    const { storeId, device } = await newStore();
    const order = makeOrder({ storeId, deviceId: device.deviceId });
    await push(app, device.headers, storeId, 'orders', [order]);
    const again = await push(app, device.headers, storeId, 'orders', [order]);
    expect(again).toMatchObject({ conflicts: [], rejected: [] });
    expect(await adminOrders(storeId)).toMatchObject([{ id: order.id, ack_id: 1 }]);
    expect(await floorStock(storeId, DEMO_PRODUCTS[0].id)).toBe(demoStock(1).floor - 2);
  });

  it('places exactly one order when the same order is pushed twice at once', async () => {
    const { storeId, device } = await newStore();
    const order = makeOrder({ storeId, deviceId: device.deviceId });
    const results = await Promise.all([
      push(app, device.headers, storeId, 'orders', [order]),
      push(app, device.headers, storeId, 'orders', [order]),
    ]);
    // The loser of the race either replays or is told to retry; it is never a second order.
    for (const r of results) {
      expect(r.rejected.every((x) => x.code === 'IN_PROGRESS')).toBe(true);
    }
    expect(await adminOrders(storeId)).toMatchObject([{ id: order.id, ack_id: 1 }]);
    expect(await floorStock(storeId, DEMO_PRODUCTS[0].id)).toBe(demoStock(1).floor - 2);
  });

  it('refuses the same id with altered bytes and leaves the original untouched', async () => {
    const { storeId, device } = await newStore();
    const order = makeOrder({ storeId, deviceId: device.deviceId });
    await push(app, device.headers, storeId, 'orders', [order]);
    const altered = { ...order, cashier_id: 'staff-morgan' };
    const result = await push(app, device.headers, storeId, 'orders', [altered]);
    expect(result.rejected).toEqual([
      { id: order.id, code: 'IDEMPOTENCY_MISMATCH', message: expect.any(String) },
    ]);
    const orders = await pullAll(app, device.headers, storeId, 'orders', { expect: 1 });
    expect(orders.documents).toEqual([{ ...order, _deleted: false }]);
    expect(await adminOrders(storeId)).toMatchObject([{ id: order.id, status: 'placed' }]);
  });

  it('finishes an order whose first attempt died after claiming, once the lease expires', async () => {
    const { storeId, device } = await newStore();
    const order = makeOrder({ storeId, deviceId: device.deviceId });
    // The first server claimed the order and died before its ingest transaction.
    const crashed = await claimCommand(database.db, {
      commandId: order.id,
      storeId,
      kind: 'orders',
      fingerprint: fingerprintOf(order),
      owner: 'crashed-instance',
      leaseMs: 300,
    });
    expect(crashed.kind).toBe('claimed');

    const restarted = await testApp(database.db, { leaseMs: 300 });
    try {
      const early = await push(restarted, device.headers, storeId, 'orders', [order]);
      expect(early.rejected).toMatchObject([{ id: order.id, code: 'IN_PROGRESS' }]);
      expect(await adminOrders(storeId, restarted)).toEqual([]);

      await new Promise((resolve) => setTimeout(resolve, 400));
      const late = await push(restarted, device.headers, storeId, 'orders', [order]);
      expect(late.rejected).toEqual([]);
      const replay = await push(restarted, device.headers, storeId, 'orders', [order]);
      expect(replay.rejected).toEqual([]);
      expect(await adminOrders(storeId, restarted)).toMatchObject([{ id: order.id, ack_id: 1 }]);
      expect(await floorStock(storeId, DEMO_PRODUCTS[0].id)).toBe(demoStock(1).floor - 2);
    } finally {
      await restarted.close();
    }
  });

  it('does not let a refused push under a placed id turn the placed order into a rejected one', async () => {
    const { storeId, device } = await newStore();
    const order = makeOrder({ storeId, deviceId: device.deviceId });
    await push(app, device.headers, storeId, 'orders', [order]);
    await push(app, device.headers, storeId, 'orders', [{ ...order, lines: [] }]);
    const states = await pullAll(app, device.headers, storeId, 'order_states', { expect: 1 });
    expect(states.documents).toMatchObject([{ id: order.id, status: 'placed', ack_id: 1 }]);
  });

  it('answers every row of a mixed batch on its own and places each id exactly once', async () => {
    const { storeId, device } = await newStore();
    const sale = (product = 1, quantity = 1) =>
      makeOrder({ storeId, deviceId: device.deviceId, items: [{ product, quantity }] });
    const earlier = sale(1);
    const altered = sale(1);
    await push(app, device.headers, storeId, 'orders', [earlier, altered]);

    const fresh = sale(2, 2);
    const wrongTotals = sale(3);
    wrongTotals.totals = { ...wrongTotals.totals, total: wrongTotals.totals.total + 1 };
    const busy = sale(3);
    // Another server instance holds this one's lease and is still working on it.
    await claimCommand(database.db, {
      commandId: busy.id,
      storeId,
      kind: 'orders',
      fingerprint: fingerprintOf(busy),
      owner: 'other-instance',
      leaseMs: 60_000,
    });
    const invalid = { ...sale(3), lines: [] };
    // PostgreSQL cannot store a NUL character in text: refused up front, never retried.
    const withNul = { ...sale(3), cashier_id: 'staff-\u0000' };
    // Valid in every way the server checks, but the database refuses the row (a trigger made
    // for this test): it fails, and alone.
    await database.db.exec(`
      create or replace function refuse_marked_order() returns trigger language plpgsql as $$
      begin
        if new.doc ->> 'note' = 'refused by the database' then raise exception 'refused'; end if;
        return new;
      end $$;
      drop trigger if exists refuse_marked_order on orders;
      create trigger refuse_marked_order before insert on orders
        for each row execute function refuse_marked_order();`);
    const unstorable = { ...sale(3), note: 'refused by the database' };
    const another = sale(2, 1);
    const batch = [
      fresh,
      earlier,
      { ...altered, cashier_id: 'staff-morgan' },
      wrongTotals,
      busy,
      invalid,
      withNul,
      unstorable,
      another,
      fresh,
    ];
    const result = await push(app, device.headers, storeId, 'orders', batch);
    expect(result.conflicts).toEqual([]);
    expect(result.rejected.map(({ id, code }) => ({ id, code }))).toEqual([
      { id: altered.id, code: 'IDEMPOTENCY_MISMATCH' },
      { id: wrongTotals.id, code: 'TOTALS_MISMATCH' },
      { id: busy.id, code: 'IN_PROGRESS' },
      { id: invalid.id, code: 'INVALID_INPUT' },
      { id: withNul.id, code: 'INVALID_INPUT' },
      { id: unstorable.id, code: 'INTERNAL' },
    ]);

    const orders = await adminOrders(storeId);
    expect(orders.map((o) => o.id).sort()).toEqual(
      [earlier.id, altered.id, fresh.id, another.id].sort(),
    );
    expect(orders.map((o) => o.ack_id).sort()).toEqual([1, 2, 3, 4]);
    expect(orders.find((o) => o.id === altered.id)).toMatchObject({ status: 'placed' });
    // fresh was in the batch twice; its stock was taken once.
    expect(await floorStock(storeId, DEMO_PRODUCTS[1].id)).toBe(demoStock(2).floor - 3);
    expect(await floorStock(storeId, DEMO_PRODUCTS[2].id)).toBe(demoStock(3).floor);

    const states = await pullAll(app, device.headers, storeId, 'order_states', { expect: 7 });
    const stateOf = (id: string) => states.documents.find((d) => d.id === id);
    expect(stateOf(wrongTotals.id)).toMatchObject({
      status: 'rejected',
      error: { code: 'TOTALS_MISMATCH' },
    });
    expect(stateOf(invalid.id)).toMatchObject({ status: 'rejected' });
    expect(stateOf(withNul.id)).toMatchObject({
      status: 'rejected',
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('cashier_id') },
    });
    expect(stateOf(fresh.id)).toMatchObject({ status: 'placed' });
    expect(stateOf(busy.id)).toBeUndefined();
    expect(stateOf(unstorable.id)).toBeUndefined();

    // A totals refusal gave its id back: the corrected order is placed under it.
    const corrected = {
      ...wrongTotals,
      totals: { ...wrongTotals.totals, total: wrongTotals.totals.total - 1 },
    };
    expect((await push(app, device.headers, storeId, 'orders', [corrected])).rejected).toEqual([]);
    expect(await adminOrders(storeId)).toContainEqual(
      expect.objectContaining({ id: wrongTotals.id, ack_id: 5, status: 'placed' }),
    );
  });

  it('voids the part of a batch whose lease another instance took over, and places the rest', async () => {
    const { storeId, device } = await newStore();
    const taken = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [{ product: 1, quantity: 1 }],
    });
    const kept = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [{ product: 2, quantity: 1 }],
    });
    // This instance claims both, then stalls past its lease before writing them.
    const stalled = await testApp(database.db, { leaseMs: 100, faultPushDelayMs: 2000 });
    try {
      const slow = push(stalled, device.headers, storeId, 'orders', [taken, kept]);
      for (;;) {
        const claimed = await database.db.query(
          'select 1 from command_ledger where command_id = $1',
          [taken.id],
        );
        if (claimed.rowCount > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const takeover = await push(app, device.headers, storeId, 'orders', [taken]);
      expect(takeover.rejected).toEqual([]);

      expect((await slow).rejected).toMatchObject([{ id: taken.id, code: 'IN_PROGRESS' }]);
      expect(await adminOrders(storeId)).toMatchObject([
        { id: taken.id, ack_id: 1 },
        { id: kept.id, ack_id: 2 },
      ]);
      expect(await floorStock(storeId, DEMO_PRODUCTS[0].id)).toBe(demoStock(1).floor - 1);
    } finally {
      await stalled.close();
    }
  });
});
