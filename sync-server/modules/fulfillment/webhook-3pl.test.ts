import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDoc } from '../../../domain/schemas';
import type { Config } from '../../infra/config';
import type { Db } from '../../infra/db/db';
import { openExceptions } from '../exceptions/exceptions';
import { demoProduct } from '../../demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID, DEMO_WAREHOUSE_LOCATION_ID } from '../../demo/demo-constants';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import { Fake3pl } from '../../../test/server-support/fake-3pl';
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
} from '../../../test/server-support/fixtures';
import { drainJobs, pipelineWorker } from '../../../test/server-support/jobs';
import { levelOf, levelsAgainstLedger } from '../../../test/server-support/stock';
import { SIGNATURE_HEADER, signBody } from '../../infra/http/signature';

/*
 * Shipping through a 3PL over HTTP, with a real receiver on 127.0.0.1: the fulfillment reaches
 * it once however often the step is retried, every request is signed, and the 3PL's signed
 * callbacks mark the order shipped with its tracking number. A callback that is not signed with
 * the shared secret changes nothing.
 */

const SECRET = 'a-shared-3pl-secret';
const TEA = demoProduct(1).id;

describe.each(testBackends())('webhook 3PL on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  const partner = new Fake3pl(SECRET);

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    await partner.start();
  });
  afterAll(async () => {
    await partner.stop();
    await database?.dispose();
  });

  async function shippedOrder(overrides: Partial<Config> = {}) {
    const config = testConfig({
      fulfillment: { webhook: { url: partner.url, secret: SECRET } },
      ...overrides,
    });
    const storeId = uniqueStoreId('3pl');
    await seedStore(db, storeId, 3);
    const app = await testApp(db, config);
    const device = await pairTestDevice(app, storeId);
    const order: OrderDoc = {
      ...makeOrder({ storeId, deviceId: device.deviceId, items: [{ product: 1, quantity: 2 }] }),
      delivery: { type: 'ship', address: '1 Depot Lane', latitude: 39.8, longitude: -89.6 },
    };
    return { storeId, app, device, order, worker: pipelineWorker(db, config) };
  }

  function callback(app: FastifyInstance, storeId: string, body: object, secret = SECRET) {
    const payload = JSON.stringify(body);
    return app.inject({
      method: 'POST',
      url: `/api/webhooks/fulfillment/${storeId}`,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(secret, payload),
      },
      payload,
    });
  }

  it('hands the fulfillment to the 3PL once though its first answer is lost', async () => {
    const { storeId, app, device, order, worker } = await shippedOrder();
    const before = partner.requests.length;
    partner.failNext();
    await push(app, device.headers, storeId, 'orders', [order]);
    // Pushed again by a register that did not hear back: still one order, one shipment.
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 10);

    const sent = partner.requests.slice(before);
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => r.signatureValid)).toBe(true);
    expect(new Set(sent.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(sent[0]?.body).toMatchObject({
      type: 'fulfillment.create',
      fulfillment: {
        order_id: order.id,
        ship_from: { id: DEMO_WAREHOUSE_LOCATION_ID },
        ship_to: order.delivery,
        items: [expect.objectContaining({ product_id: TEA, quantity: 2 })],
      },
    });
    const key = sent[0]?.idempotencyKey ?? '';
    expect(partner.accepted.has(key)).toBe(true);

    const state = await orderStateOf(app, device.headers, storeId, order.id);
    expect(state).toMatchObject({
      fulfillment_status: 'fulfilled',
      fulfillments: [expect.objectContaining({ provider_id: 'webhook', shipped: false })],
    });
    const events = await db.query<{ type: string }>(
      `select type from outbox_events where store_id = $1 and type = 'order.fulfillment_created'`,
      [storeId],
    );
    expect(events.rows).toHaveLength(1);
    await app.close();
  });

  it('splits a shipment no one location can cover into one 3PL fulfillment per location', async () => {
    const { storeId, app, device, order, worker } = await shippedOrder();
    // 51 on the shop floor and 117 in the warehouse: 130 needs both.
    const big = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [{ product: 1, quantity: 130 }],
    });
    const split: OrderDoc = { ...big, delivery: order.delivery };
    const before = partner.requests.length;
    await push(app, device.headers, storeId, 'orders', [split]);
    await drainJobs(worker, 5);

    const sent = partner.requests.slice(before).map((r) => r.body['fulfillment']);
    // One request per location, in whichever order the fulfillments were made.
    expect(sent).toHaveLength(2);
    expect(sent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ship_from: expect.objectContaining({ id: DEMO_WAREHOUSE_LOCATION_ID }),
          items: [expect.objectContaining({ quantity: 117 })],
        }),
        expect.objectContaining({
          ship_from: expect.objectContaining({ id: DEMO_FLOOR_LOCATION_ID }),
          items: [expect.objectContaining({ quantity: 13 })],
        }),
      ]),
    );
    const state = await orderStateOf(app, device.headers, storeId, split.id);
    expect(state?.fulfillments).toHaveLength(2);
    expect(state?.fulfillment_status).toBe('fulfilled');
    expect(await openExceptions(db, storeId)).toEqual([]);
    await app.close();
  });

  it('releases the reservation and files an exception when the 3PL refuses for good', async () => {
    const { storeId, app, device, order, worker } = await shippedOrder();
    const before = await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA);
    partner.refuseNext();
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 5);
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA)).toEqual(before);
    expect(await openExceptions(db, storeId)).toEqual([
      expect.objectContaining({ kind: 'fulfillment_provider_refused', subject_id: order.id }),
    ]);
    const state = await orderStateOf(app, device.headers, storeId, order.id);
    expect(state?.fulfillment_status).toBe('canceled');
    // The sale itself stands: only its shipment failed.
    expect(state?.status).toBe('placed');
    await app.close();
  });

  it('tells the 3PL of a cancel from the back office, once, and releases the reservation', async () => {
    const { storeId, app, device, order, worker } = await shippedOrder();
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 5);
    const [shipment] =
      (await orderStateOf(app, device.headers, storeId, order.id))?.fulfillments ?? [];
    const before = partner.requests.length;
    partner.failNext();
    const canceled = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/fulfillments/${shipment?.id}/cancel`,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(canceled.statusCode).toBe(202);
    await drainJobs(worker, 10);

    const sent = partner.requests.slice(before);
    expect(sent.map((r) => r.body['type'])).toEqual(['fulfillment.cancel', 'fulfillment.cancel']);
    expect(new Set(sent.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(sent[0]?.body).toMatchObject({
      fulfillment_id: shipment?.id,
      external_id: expect.any(String),
    });
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA)).toMatchObject({
      reserved: 0,
    });
    expect((await orderStateOf(app, device.headers, storeId, order.id))?.fulfillment_status).toBe(
      'canceled',
    );
    await app.close();
  });

  it('marks the order shipped on a signed tracking callback and refuses an unsigned one', async () => {
    const { storeId, app, device, order, worker } = await shippedOrder();
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 5);
    const [shipment] =
      (await orderStateOf(app, device.headers, storeId, order.id))?.fulfillments ?? [];
    const report = { fulfillment_id: shipment?.id, status: 'shipped', tracking_numbers: ['1Z999'] };

    const forged = await callback(app, storeId, report, 'not-the-3pl-secret-at-all');
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA)).toMatchObject({
      reserved: 2,
    });

    const before = await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA);
    for (let i = 0; i < 2; i++) expect((await callback(app, storeId, report)).statusCode).toBe(200);
    const state = await orderStateOf(app, device.headers, storeId, order.id);
    expect(state).toMatchObject({
      fulfillment_status: 'shipped',
      fulfillments: [expect.objectContaining({ shipped: true, tracking_numbers: ['1Z999'] })],
    });
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA)).toEqual({
      stocked: before.stocked - 2,
      reserved: 0,
    });
    for (const l of await levelsAgainstLedger(db, storeId)) {
      expect([l.stocked, l.reserved]).toEqual([l.ledger_stocked, l.ledger_reserved]);
    }
    const shipments = await db.query<{ data: { tracking_numbers: string[] } }>(
      `select data from outbox_events where store_id = $1 and type = 'order.shipment_created'`,
      [storeId],
    );
    expect(shipments.rows.map((r) => r.data.tracking_numbers)).toEqual([['1Z999']]);

    // Once shipped, the 3PL cannot take it back by saying it was canceled.
    expect((await callback(app, storeId, { ...report, status: 'canceled' })).statusCode).toBe(409);
    await app.close();
  });

  it('captures a card that waits for fulfillment once the shipment leaves, and only once', async () => {
    const {
      storeId,
      app,
      device,
      order: shipped,
      worker,
    } = await shippedOrder({
      payments: { ...testConfig().payments, cardCapture: 'on_fulfillment' },
    });
    const paidByCard = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [{ product: 1, quantity: 2 }],
      tender: 'card_offline',
    });
    const order: OrderDoc = { ...paidByCard, delivery: shipped.delivery };
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 5);
    const placed = await orderStateOf(app, device.headers, storeId, order.id);
    expect(placed?.payment_status).toBe('authorized');

    const [shipment] = placed?.fulfillments ?? [];
    const report = { fulfillment_id: shipment?.id, status: 'shipped', tracking_numbers: ['1Z1'] };
    expect((await callback(app, storeId, report)).statusCode).toBe(200);
    const delivered = { ...report, status: 'delivered' };
    expect((await callback(app, storeId, delivered)).statusCode).toBe(200);
    await drainJobs(worker, 5);
    expect(await orderStateOf(app, device.headers, storeId, order.id)).toMatchObject({
      payment_status: 'captured',
      paid_total: order.totals.total,
    });
    const captured = await db.query(
      `select 1 from outbox_events where store_id = $1 and type = 'order.payment_captured'`,
      [storeId],
    );
    expect(captured.rowCount).toBe(1);
    await app.close();
  });
});
