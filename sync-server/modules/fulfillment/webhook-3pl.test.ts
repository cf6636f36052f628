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
import { levelOf, levelsAgainstLedger, stockSeen } from '../../../test/server-support/stock';
import { SIGNATURE_HEADER, signBody } from '../../infra/http/signature';

/*
 * Shipping through a 3PL over HTTP, with a real receiver on 127.0.0.1: the fulfillment reaches
 * it once however often the step is retried, every request is signed, and the 3PL's signed
 * callbacks mark the order shipped with its tracking number. A callback that is not signed with
 * the shared secret changes nothing.
 *
 * Status, stock and events follow one rule (docs/fulfillment.md): the 3PL accepting a
 * fulfillment fulfils its items and deducts their reserved stock, shipping moves no stock, and
 * canceling an accepted fulfillment puts its stock back. Each test reads the order as a
 * register pulls it and as the admin API answers it, the stock as both see it, and the events.
 */

const SECRET = 'a-shared-3pl-secret';
const TEA = demoProduct(1).id;
const WAREHOUSE_TEA = { location_id: DEMO_WAREHOUSE_LOCATION_ID, product_id: TEA };
const FLOOR_TEA = { location_id: DEMO_FLOOR_LOCATION_ID, product_id: TEA };
const RESERVED = (q: number) => ({ kind: 'reservation', stocked_delta: 0, reserved_delta: q });
const DEDUCTED = (q: number) => ({ kind: 'fulfillment', stocked_delta: -q, reserved_delta: -q });
const PUT_BACK = (q: number) => ({
  kind: 'fulfillment_cancel',
  stocked_delta: q,
  reserved_delta: 0,
});

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
        [SIGNATURE_HEADER]: signBody(secret, payload, new Date()),
      },
      payload,
    });
  }

  /** The data of the store's events of one type, oldest first. */
  async function eventData(storeId: string, type: string) {
    const { rows } = await db.query<{ data: Record<string, unknown> }>(
      `select data from outbox_events where store_id = $1 and type = $2 order by created_at, id`,
      [storeId, type],
    );
    return rows.map((r) => r.data);
  }

  /** The order's state as the admin API answers it. */
  async function adminState(app: FastifyInstance, storeId: string, orderId: string) {
    const response = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/orders/${orderId}`,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    return response.json<{ state: { fulfillment_status: string } }>().state;
  }

  async function expectLedgerBalanced(storeId: string) {
    for (const l of await levelsAgainstLedger(db, storeId)) {
      expect([l.stocked, l.reserved]).toEqual([l.ledger_stocked, l.ledger_reserved]);
    }
  }

  it('deducts the stock as the 3PL accepts, so fulfilled means gone, and ships without moving it again', async () => {
    const { storeId, app, device, order, worker } = await shippedOrder();
    const before = await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA);
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 5);

    const accepted = await orderStateOf(app, device.headers, storeId, order.id);
    expect(accepted?.fulfillment_status).toBe('fulfilled');
    expect((await adminState(app, storeId, order.id)).fulfillment_status).toBe('fulfilled');
    const [shipment] = accepted?.fulfillments ?? [];
    const gone = { stocked: before.stocked - 2, reserved: 0 };
    const deducted = { admin: gone, pulled: gone, movements: [RESERVED(2), DEDUCTED(2)] };
    expect(
      await stockSeen(app, device.headers, storeId, WAREHOUSE_TEA, [shipment?.id ?? '']),
    ).toEqual(deducted);
    expect(await eventData(storeId, 'order.fulfillment_created')).toEqual([
      expect.objectContaining({
        fulfillment_id: shipment?.id,
        status: 'created',
        stock: [{ ...WAREHOUSE_TEA, ...DEDUCTED(2) }],
      }),
    ]);

    // The 3PL reports it shipped, and again: the goods were already deducted.
    const report = { fulfillment_id: shipment?.id, status: 'shipped', tracking_numbers: ['1Z7'] };
    for (let i = 0; i < 2; i++) expect((await callback(app, storeId, report)).statusCode).toBe(200);
    expect((await orderStateOf(app, device.headers, storeId, order.id))?.fulfillment_status).toBe(
      'shipped',
    );
    expect((await adminState(app, storeId, order.id)).fulfillment_status).toBe('shipped');
    expect(
      await stockSeen(app, device.headers, storeId, WAREHOUSE_TEA, [shipment?.id ?? '']),
    ).toEqual(deducted);
    expect(await eventData(storeId, 'order.shipment_created')).toEqual([
      expect.objectContaining({ fulfillment_id: shipment?.id, status: 'shipped', stock: [] }),
    ]);
    await expectLedgerBalanced(storeId);
    await app.close();
  });

  it.each(['the back office', 'the 3PL'])(
    'puts the stock back when %s cancels a fulfillment the 3PL accepted',
    async (who) => {
      const { storeId, app, device, order, worker } = await shippedOrder();
      const before = await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA);
      await push(app, device.headers, storeId, 'orders', [order]);
      await drainJobs(worker, 5);
      const [shipment] =
        (await orderStateOf(app, device.headers, storeId, order.id))?.fulfillments ?? [];
      const id = shipment?.id ?? '';

      if (who === 'the back office') {
        const canceled = await app.inject({
          method: 'POST',
          url: `/api/admin/stores/${storeId}/fulfillments/${id}/cancel`,
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        });
        expect(canceled.statusCode).toBe(202);
        await drainJobs(worker, 5);
      } else {
        const canceled = await callback(app, storeId, { fulfillment_id: id, status: 'canceled' });
        expect(canceled.statusCode).toBe(200);
      }

      const back = { stocked: before.stocked, reserved: 0 };
      const putBack = {
        admin: back,
        pulled: back,
        movements: [RESERVED(2), DEDUCTED(2), PUT_BACK(2)],
      };
      expect(await stockSeen(app, device.headers, storeId, WAREHOUSE_TEA, [id])).toEqual(putBack);
      expect((await orderStateOf(app, device.headers, storeId, order.id))?.fulfillment_status).toBe(
        'canceled',
      );
      expect((await adminState(app, storeId, order.id)).fulfillment_status).toBe('canceled');
      expect(await eventData(storeId, 'order.fulfillment_canceled')).toEqual([
        expect.objectContaining({
          fulfillment_id: id,
          stock: [{ ...WAREHOUSE_TEA, ...PUT_BACK(2) }],
        }),
      ]);

      // Canceled goods cannot ship afterwards, and nothing moves.
      const late = await callback(app, storeId, { fulfillment_id: id, status: 'shipped' });
      expect(late.statusCode).toBe(409);
      expect(await stockSeen(app, device.headers, storeId, WAREHOUSE_TEA, [id])).toEqual(putBack);
      await expectLedgerBalanced(storeId);
      await app.close();
    },
  );

  it('moves each part of a split shipment once: deducted when accepted, put back when canceled', async () => {
    const { storeId, app, device, order, worker } = await shippedOrder();
    // 51 on the shop floor and 117 in the warehouse: 130 needs both.
    const big = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [{ product: 1, quantity: 130 }],
    });
    const split: OrderDoc = { ...big, delivery: order.delivery };
    await push(app, device.headers, storeId, 'orders', [split]);
    await drainJobs(worker, 5);
    const accepted = await orderStateOf(app, device.headers, storeId, split.id);
    expect(accepted?.fulfillment_status).toBe('fulfilled');
    const part = (location: string) =>
      accepted?.fulfillments.find((f) => f.location_id === location)?.id ?? '';
    const fromWarehouse = part(DEMO_WAREHOUSE_LOCATION_ID);
    const fromFloor = part(DEMO_FLOOR_LOCATION_ID);
    const warehouseGone = { stocked: 0, reserved: 0 };
    const warehouseSeen = {
      admin: warehouseGone,
      pulled: warehouseGone,
      movements: [RESERVED(117), DEDUCTED(117)],
    };
    expect(await stockSeen(app, device.headers, storeId, WAREHOUSE_TEA, [fromWarehouse])).toEqual(
      warehouseSeen,
    );
    expect(await stockSeen(app, device.headers, storeId, FLOOR_TEA, [fromFloor])).toEqual({
      admin: { stocked: 38, reserved: 0 },
      pulled: { stocked: 38, reserved: 0 },
      movements: [RESERVED(13), DEDUCTED(13)],
    });

    // The warehouse's part ships; the shop floor's is canceled before it leaves.
    const shipped = { fulfillment_id: fromWarehouse, status: 'shipped' };
    expect((await callback(app, storeId, shipped)).statusCode).toBe(200);
    expect((await orderStateOf(app, device.headers, storeId, split.id))?.fulfillment_status).toBe(
      'partially_shipped',
    );
    const canceled = { fulfillment_id: fromFloor, status: 'canceled' };
    expect((await callback(app, storeId, canceled)).statusCode).toBe(200);
    expect((await orderStateOf(app, device.headers, storeId, split.id))?.fulfillment_status).toBe(
      'partially_shipped',
    );
    expect((await adminState(app, storeId, split.id)).fulfillment_status).toBe('partially_shipped');
    expect(await stockSeen(app, device.headers, storeId, WAREHOUSE_TEA, [fromWarehouse])).toEqual(
      warehouseSeen,
    );
    expect(await stockSeen(app, device.headers, storeId, FLOOR_TEA, [fromFloor])).toEqual({
      admin: { stocked: 51, reserved: 0 },
      pulled: { stocked: 51, reserved: 0 },
      movements: [RESERVED(13), DEDUCTED(13), PUT_BACK(13)],
    });
    await expectLedgerBalanced(storeId);
    await app.close();
  });

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

  it('tells the 3PL of a cancel from the back office, once, and puts the stock back', async () => {
    const { storeId, app, device, order, worker } = await shippedOrder();
    const stock = await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA);
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
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA)).toEqual(stock);
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

    const accepted = await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA);
    const forged = await callback(app, storeId, report, 'not-the-3pl-secret-at-all');
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await orderStateOf(app, device.headers, storeId, order.id))?.fulfillment_status).toBe(
      'fulfilled',
    );

    for (let i = 0; i < 2; i++) expect((await callback(app, storeId, report)).statusCode).toBe(200);
    const state = await orderStateOf(app, device.headers, storeId, order.id);
    expect(state).toMatchObject({
      fulfillment_status: 'shipped',
      fulfillments: [expect.objectContaining({ shipped: true, tracking_numbers: ['1Z999'] })],
    });
    // Deducted when the 3PL accepted it: shipping moves nothing.
    expect(await levelOf(db, storeId, DEMO_WAREHOUSE_LOCATION_ID, TEA)).toEqual(accepted);
    await expectLedgerBalanced(storeId);
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
