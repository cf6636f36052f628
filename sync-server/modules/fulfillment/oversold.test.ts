import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../infra/db/db';
import { openExceptions } from '../exceptions/exceptions';
import { demoProduct } from '../../demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID, DEMO_WAREHOUSE_LOCATION_ID } from '../../demo/demo-constants';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  makeOrder,
  orderStateOf,
  pairTestDevice,
  push,
  seedStore,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';
import { levelOf } from '../../../test/server-support/stock';
import { counterShortfalls } from './oversold';

describe('counter shortfalls', () => {
  const sale = (id: string, quantity: number, locationId = DEMO_FLOOR_LOCATION_ID) => {
    const order = { ...makeOrder({ storeId: 's', deviceId: 'd', id }), location_id: locationId };
    const lines = order.lines.map((l) => ({ ...l, quantity }));
    return { order: { ...order, lines }, lines };
  };
  const product = demoProduct(1).id;
  const level = (stocked: number, reserved = 0) => ({
    location_id: DEMO_FLOOR_LOCATION_ID,
    product_id: product,
    stocked_quantity: stocked,
    reserved_quantity: reserved,
  });
  const a = '01900000-0000-7000-8000-00000000000a';
  const b = '01900000-0000-7000-8000-00000000000b';

  it('charges a level below zero to the latest sales of it, each at most what it sold', () => {
    expect(counterShortfalls([sale(a, 4), sale(b, 3)], [level(-5)])).toEqual([
      { order_id: b, product_id: product, location_id: DEMO_FLOOR_LOCATION_ID, quantity: 3 },
      { order_id: a, product_id: product, location_id: DEMO_FLOOR_LOCATION_ID, quantity: 2 },
    ]);
  });

  it('counts reserved stock as gone, and ignores sales elsewhere and levels still covered', () => {
    expect(counterShortfalls([sale(a, 2)], [level(3, 4)])).toMatchObject([{ quantity: 1 }]);
    expect(counterShortfalls([sale(a, 2, DEMO_WAREHOUSE_LOCATION_ID)], [level(-2)])).toEqual([]);
    expect(counterShortfalls([sale(a, 2)], [level(0)])).toEqual([]);
  });
});

/*
 * A sale is never refused for stock: the register sold what the customer handed over. The
 * shortfall goes to the back office, once, with the transfer that would cover it.
 */
describe.each(testBackends())('oversold counter sales on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('accepts a sale beyond the stock and files one exception with a suggested transfer', async () => {
    const storeId = uniqueStoreId('oversold');
    await seedStore(db, storeId, 3);
    const app = await testApp(db);
    const device = await pairTestDevice(app, storeId);
    const tea = demoProduct(1).id;
    // 51 on the shop floor, 117 in the warehouse; the till sells 60.
    const order = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [
        { product: 1, quantity: 60 },
        { product: 2, quantity: 1 },
      ],
    });
    for (let i = 0; i < 3; i++) {
      const pushed = await push(app, device.headers, storeId, 'orders', [order]);
      expect(pushed.rejected).toEqual([]);
    }

    expect(await levelOf(db, storeId, DEMO_FLOOR_LOCATION_ID, tea)).toEqual({
      stocked: -9,
      reserved: 0,
    });
    const exceptions = await openExceptions(db, storeId);
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({
      kind: 'stock_oversold',
      subject_id: order.id,
      detail: {
        product_id: tea,
        location_id: DEMO_FLOOR_LOCATION_ID,
        short_quantity: 9,
        suggested_transfer: {
          from_location_id: DEMO_WAREHOUSE_LOCATION_ID,
          to_location_id: DEMO_FLOOR_LOCATION_ID,
          quantity: 9,
        },
      },
    });
    expect(exceptions[0]?.message).toMatch(/9 × .* Shop floor: move 9 from Warehouse/);
    const state = await orderStateOf(app, device.headers, storeId, order.id);
    expect(state).toMatchObject({ status: 'placed', fulfillment_status: 'fulfilled' });
    expect(state?.exceptions).toEqual([expect.objectContaining({ code: 'stock_oversold' })]);
    const events = await db.query<{ subject_id: string }>(
      `select subject_id from outbox_events where store_id = $1 and type = 'stock.oversold'`,
      [storeId],
    );
    expect(events.rows).toEqual([{ subject_id: `${DEMO_FLOOR_LOCATION_ID}:${tea}` }]);
    await app.close();
  });
});
