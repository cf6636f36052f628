import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, OrderDoc } from '../../domain/schemas';
import type { Config } from '../infra/config';
import type { Db } from '../infra/db/db';
import { openExceptions } from '../modules/exceptions/exceptions';
import { demoProduct } from '../demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID, DEMO_WAREHOUSE_LOCATION_ID } from '../demo/demo-constants';
import { testBackends } from '../../test/server-support/databases';
import type { TestDatabase } from '../../test/server-support/databases';
import {
  makeOrder,
  orderStateOf,
  pairTestDevice,
  push,
  seedStore,
  TEST_ADMIN_TOKEN,
  testApp,
  testConfig,
  uniqueStoreId,
} from '../../test/server-support/fixtures';
import { drainJobs, pipelineWorker } from '../../test/server-support/jobs';
import { levelOf, levelsAgainstLedger } from '../../test/server-support/stock';

/*
 * Lines not taken at the counter, through the whole pipeline inside one server: pushed by a
 * register, routed and reserved by the order-fulfillment workflow, set aside for pickup (which
 * fulfils them and deducts their stock), collected or canceled from the back office. What is asserted is what the store sees: where the goods are held, the
 * order's fulfillment state, the stock levels and that they always equal their movements.
 */

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
// Demo stock of product 1: 51 on the shop floor, 117 in the warehouse.
const TEA = demoProduct(1).id;
const NEAR_WAREHOUSE = { type: 'ship', address: '1 Depot Lane', latitude: 39.8, longitude: -89.6 };

describe.each(testBackends())('order-fulfillment workflow on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  const config: Config = testConfig({
    // Ship lines need a 3PL; none answers here, so these tests only route pickups and settings.
    fulfillment: { webhook: { url: 'http://127.0.0.1:9/never', secret: 'a-shared-3pl-secret' } },
  });

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  async function till() {
    const storeId = uniqueStoreId('ful');
    await seedStore(db, storeId, 3);
    const app = await testApp(db, config);
    const device = await pairTestDevice(app, storeId);
    return { storeId, app, device, worker: pipelineWorker(db, config) };
  }

  const withDelivery = (order: OrderDoc, delivery: Delivery): OrderDoc => ({ ...order, delivery });

  async function expectLedgerBalanced(storeId: string) {
    for (const l of await levelsAgainstLedger(db, storeId)) {
      expect(l.stocked).toBe(l.ledger_stocked);
      expect(l.reserved).toBe(l.ledger_reserved);
    }
  }

  async function fulfillmentsOf(
    app: FastifyInstance,
    headers: { authorization: string },
    storeId: string,
    orderId: string,
  ) {
    return (await orderStateOf(app, headers, storeId, orderId))?.fulfillments ?? [];
  }

  it('deducts a pickup at its location as it is set aside, not again when collected, and balances the ledger throughout', async () => {
    const { storeId, app, device, worker } = await till();
    const before = await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA);
    const order = withDelivery(
      makeOrder({ storeId, deviceId: device.deviceId, items: [{ product: 1, quantity: 3 }] }),
      { type: 'pickup', location_id: DEMO_WAREHOUSE_LOCATION_ID },
    );
    await push(app, device.headers, storeId, 'orders', [order]);
    // Not taken at the counter: nothing sold from the register's location.
    expect(await levelOf(db, storeId, DEMO_FLOOR_LOCATION_ID, TEA)).toEqual({
      stocked: 51,
      reserved: 0,
    });
    await drainJobs(worker, 5);

    // Ready for pickup: fulfilled, so its stock is no longer on the shelf for sale.
    const setAside = { stocked: before.stocked - 3, reserved: 0 };
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA)).toEqual(setAside);
    await expectLedgerBalanced(storeId);
    const state = await orderStateOf(app, device.headers, storeId, order.id);
    expect(state?.fulfillment_status).toBe('fulfilled');
    const [pickup] = state?.fulfillments ?? [];
    expect(pickup).toMatchObject({
      provider_id: 'pickup',
      location_id: DEMO_WAREHOUSE_LOCATION_ID,
      shipped: false,
      items: [{ line_id: order.lines[0]?.id, quantity: 3 }],
    });

    const collected = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/fulfillments/${pickup?.id}/picked-up`,
      headers: admin,
    });
    expect(collected.statusCode).toBe(200);
    // Collected twice by mistake: the stock went when it was set aside, and moves no more.
    await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/fulfillments/${pickup?.id}/picked-up`,
      headers: admin,
    });
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA)).toEqual(setAside);
    await expectLedgerBalanced(storeId);
    expect(await orderStateOf(app, device.headers, storeId, order.id)).toMatchObject({
      fulfillment_status: 'shipped',
      fulfillments: [expect.objectContaining({ delivered: true })],
    });
    await app.close();
  });

  it('puts a pickup’s stock back when the back office cancels, and the order shows canceled', async () => {
    const { storeId, app, device, worker } = await till();
    const order = withDelivery(
      makeOrder({ storeId, deviceId: device.deviceId, items: [{ product: 1, quantity: 4 }] }),
      { type: 'pickup', location_id: DEMO_FLOOR_LOCATION_ID },
    );
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 5);
    expect(await levelOf(db, storeId, DEMO_FLOOR_LOCATION_ID, TEA)).toEqual({
      stocked: 47,
      reserved: 0,
    });
    const [pickup] = await fulfillmentsOf(app, device.headers, storeId, order.id);

    for (let i = 0; i < 2; i++) {
      const canceled = await app.inject({
        method: 'POST',
        url: `/api/admin/stores/${storeId}/fulfillments/${pickup?.id}/cancel`,
        headers: admin,
      });
      expect(canceled.statusCode).toBe(202);
    }
    await drainJobs(worker, 5);
    expect(await levelOf(db, storeId, DEMO_FLOOR_LOCATION_ID, TEA)).toEqual({
      stocked: 51,
      reserved: 0,
    });
    await expectLedgerBalanced(storeId);
    expect((await orderStateOf(app, device.headers, storeId, order.id))?.fulfillment_status).toBe(
      'canceled',
    );
    const refused = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/fulfillments/${pickup?.id}/picked-up`,
      headers: admin,
    });
    expect(refused.statusCode).toBe(409);
    await app.close();
  });

  it('sells the counter lines at once and fulfils the others once routed', async () => {
    const { storeId, app, device, worker } = await till();
    const base = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [
        { product: 1, quantity: 1 },
        { product: 2, quantity: 2 },
      ],
    });
    const [taken, collect] = base.lines;
    if (!taken || !collect) throw new Error('two lines expected');
    const order: OrderDoc = {
      ...base,
      lines: [
        taken,
        { ...collect, delivery: { type: 'pickup', location_id: DEMO_WAREHOUSE_LOCATION_ID } },
      ],
    };
    const coffee = await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, demoProduct(2).id);
    await push(app, device.headers, storeId, 'orders', [order]);
    expect((await orderStateOf(app, device.headers, storeId, order.id))?.fulfillment_status).toBe(
      'partially_fulfilled',
    );
    await drainJobs(worker, 5);
    const state = await orderStateOf(app, device.headers, storeId, order.id);
    expect(state?.fulfillment_status).toBe('fulfilled');
    expect(state?.fulfillments.map((f) => [f.provider_id, f.items[0]?.line_id])).toEqual([
      ['in-store', taken.id],
      ['pickup', collect.id],
    ]);
    expect(await levelOf(db, storeId, DEMO_FLOOR_LOCATION_ID, TEA)).toEqual({
      stocked: 50,
      reserved: 0,
    });
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, demoProduct(2).id)).toEqual({
      stocked: coffee.stocked - 2,
      reserved: 0,
    });
    await app.close();
  });

  it('routes by the store’s strategy and ranking as the back office sets them', async () => {
    const { storeId, app, device, worker } = await till();
    const settings = {
      strategy: 'no_split',
      ranking: 'cost',
      locations: [
        { location_id: DEMO_FLOOR_LOCATION_ID, shipping_cost: 400, lead_time_hours: 24 },
        { location_id: DEMO_WAREHOUSE_LOCATION_ID, shipping_cost: 900, lead_time_hours: 48 },
      ],
    };
    const put = await app.inject({
      method: 'PUT',
      url: `/api/admin/stores/${storeId}/fulfillment-settings`,
      headers: admin,
      payload: settings,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual(settings);

    // The customer lives by the warehouse, but the shop floor ships cheaper.
    const order = withDelivery(
      makeOrder({ storeId, deviceId: device.deviceId, items: [{ product: 1, quantity: 2 }] }),
      NEAR_WAREHOUSE as Delivery,
    );
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 2);
    expect(await levelOf(db, storeId, DEMO_FLOOR_LOCATION_ID, TEA)).toEqual({
      stocked: 51,
      reserved: 2,
    });

    const unknown = await app.inject({
      method: 'PUT',
      url: `/api/admin/stores/${storeId}/fulfillment-settings`,
      headers: admin,
      payload: {
        ...settings,
        locations: [{ location_id: 'loc-moon', shipping_cost: 1, lead_time_hours: 1 }],
      },
    });
    expect(unknown.statusCode).toBe(422);
    await app.close();
  });

  it('files lines to ship as an exception when no 3PL is configured, reserving nothing', async () => {
    const storeId = uniqueStoreId('ful');
    await seedStore(db, storeId, 3);
    const bare = testConfig();
    const app = await testApp(db, bare);
    const device = await pairTestDevice(app, storeId);
    const order = withDelivery(
      makeOrder({ storeId, deviceId: device.deviceId, items: [{ product: 1, quantity: 2 }] }),
      NEAR_WAREHOUSE as Delivery,
    );
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(pipelineWorker(db, bare), 5);
    expect(await openExceptions(db, storeId)).toEqual([
      expect.objectContaining({ kind: 'fulfillment_provider_unconfigured', subject_id: order.id }),
    ]);
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA)).toMatchObject({
      reserved: 0,
    });
    expect((await orderStateOf(app, device.headers, storeId, order.id))?.fulfillment_status).toBe(
      'not_fulfilled',
    );
    await app.close();
  });

  it('sets aside a pickup its location cannot cover, below zero, and files the shortfall with a transfer', async () => {
    const { storeId, app, device, worker } = await till();
    const order = withDelivery(
      makeOrder({ storeId, deviceId: device.deviceId, items: [{ product: 1, quantity: 55 }] }),
      { type: 'pickup', location_id: DEMO_FLOOR_LOCATION_ID },
    );
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 5);
    expect(await levelOf(db, storeId, DEMO_FLOOR_LOCATION_ID, TEA)).toEqual({
      stocked: -4,
      reserved: 0,
    });
    const exceptions = await openExceptions(db, storeId);
    expect(exceptions).toEqual([
      expect.objectContaining({
        kind: 'stock_oversold',
        subject_id: order.id,
        detail: expect.objectContaining({
          short_quantity: 4,
          suggested_transfer: {
            product_id: TEA,
            from_location_id: DEMO_WAREHOUSE_LOCATION_ID,
            to_location_id: DEMO_FLOOR_LOCATION_ID,
            quantity: 4,
          },
        }),
      }),
    ]);
    await app.close();
  });
});
