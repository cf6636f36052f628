import { createHmac } from 'node:crypto';
import { systemClock } from '../../infra/clock';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { Db } from '../../infra/db/db';
import { openPostgres } from '../../infra/db/postgres';
import { DISPATCH_JOB, emitEvents } from '../../infra/outbox/outbox';
import type { EventType } from '../../infra/outbox/outbox';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  makeOrder,
  pairTestDevice,
  push,
  seedStore,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';
import { freePort } from '../../../test/server-support/free-port';
import { drainJobs } from '../../../test/server-support/jobs';
import { WebhookReceiver } from '../../../test/server-support/webhook-receiver';
import type { ReceivedWebhook } from '../../../test/server-support/webhook-receiver';
import {
  ADMIN,
  createTestEndpoint,
  deliveriesOf,
  TEST_WEBHOOKS,
  webhookWorker,
} from '../../../test/server-support/webhooks';
import { dispatchJobHandler } from './dispatch';
import { sweepOutbox } from './dispatch-sweep';

/*
 * Webhooks as an integrator meets them: a real HTTP receiver on 127.0.0.1 that fails, hangs and
 * recovers, the server's job queue run to completion, and the admin API to look and replay.
 * What counts is what the receiver took in (each event once as a 2xx, signed with its secret)
 * and what the back office sees of each delivery.
 */

describe.each(testBackends())('webhook delivery on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let receiver: WebhookReceiver;
  let storeId: string;

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    app = await testApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });
  beforeEach(async () => {
    storeId = uniqueStoreId('hooks');
    await seedStore(db, storeId, 3);
    receiver = new WebhookReceiver();
    await receiver.start();
  });
  afterEach(() => receiver.stop());

  async function emit(types: readonly EventType[]): Promise<void> {
    await db.transaction((tx) =>
      emitEvents(
        tx,
        types.map((type) => {
          const orderId = uuidv7();
          return {
            storeId,
            type,
            subjectId: orderId,
            dedupeKey: `${type}:${orderId}`,
            data: { order_id: orderId },
          };
        }),
      ),
    );
  }

  const idsOf = (requests: readonly ReceivedWebhook[]) => requests.map((r) => r.eventId).sort();

  it('retries a failing receiver until it takes each event once, signed with the secret', async () => {
    const { endpoint, secret } = await createTestEndpoint(app, storeId, { url: receiver.url() });
    // A 500, then no answer before the timeout, then success.
    receiver.answer = ({ nth }) => (nth === 1 ? 500 : nth === 2 ? null : 200);
    const device = await pairTestDevice(app, storeId);
    const order = makeOrder({ storeId, deviceId: device.deviceId });
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(webhookWorker(db), 40);

    const accepted = receiver.accepted();
    const types = accepted.map((r) => JSON.parse(r.body) as { type: string }).map((b) => b.type);
    expect(types.sort()).toEqual(['order.payment_captured', 'order.placed']);
    expect(new Set(idsOf(accepted)).size).toBe(2);
    for (const request of accepted) {
      const body = JSON.parse(request.body) as Record<string, unknown>;
      expect(body).toMatchObject({
        id: request.eventId,
        type: request.headers['opentill-event-type'],
        store_id: storeId,
        data: expect.objectContaining({ order_id: order.id }),
      });
      expect(Date.parse(String(body.created_at))).not.toBeNaN();
      const timestamp = String(request.headers['opentill-timestamp']);
      const expected = createHmac('sha256', secret)
        .update(`${timestamp}.${request.body}`)
        .digest('hex');
      expect(request.headers['opentill-signature']).toBe(`t=${timestamp},v1=${expected}`);
      expect(request.headers['content-type']).toBe('application/json');
    }
    const deliveries = await deliveriesOf(app, storeId, `?endpoint_id=${endpoint.id}`);
    expect(deliveries).toHaveLength(2);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({
        status: 'delivered',
        attempts: 3,
        last_status_code: 200,
        last_error: null,
        next_attempt_at: null,
      });
      expect(delivery.delivered_at).not.toBeNull();
    }
    // Each event reached the receiver three times and was taken in on the third.
    expect(receiver.received).toHaveLength(6);
  });

  it('sends an endpoint only the event types it subscribed to, and nothing while disabled', async () => {
    await createTestEndpoint(app, storeId, {
      url: receiver.url('/payments'),
      event_types: ['order.payment_captured', 'order.refunded'],
    });
    await createTestEndpoint(app, storeId, { url: receiver.url('/everything') });
    await createTestEndpoint(app, storeId, { url: receiver.url('/off'), enabled: false });
    await emit(['order.placed', 'order.payment_captured', 'stock.oversold', 'order.refunded']);
    await drainJobs(webhookWorker(db), 5);

    const typesAt = (path: string) =>
      receiver
        .accepted(path)
        .map((r) => String(r.headers['opentill-event-type']))
        .sort();
    expect(typesAt('/payments')).toEqual(['order.payment_captured', 'order.refunded']);
    expect(typesAt('/everything')).toEqual([
      'order.payment_captured',
      'order.placed',
      'order.refunded',
      'stock.oversold',
    ]);
    expect(receiver.received.filter((r) => r.path === '/off')).toEqual([]);
  });

  it('dead-letters a delivery after the last attempt, and a replay sends the same event', async () => {
    const { endpoint } = await createTestEndpoint(app, storeId, { url: receiver.url() });
    receiver.answer = () => 503;
    await emit(['order.placed']);
    await drainJobs(webhookWorker(db), 40);

    expect(receiver.received).toHaveLength(TEST_WEBHOOKS.maxAttempts);
    const deadLetters = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/webhook-dead-letters`,
      headers: ADMIN,
    });
    const [dead] = deadLetters.json<{ deliveries: { id: string; event_id: string }[] }>()
      .deliveries;
    expect(deadLetters.json()).toEqual({
      deliveries: [
        expect.objectContaining({
          endpoint_id: endpoint.id,
          event_type: 'order.placed',
          status: 'dead',
          attempts: TEST_WEBHOOKS.maxAttempts,
          last_status_code: 503,
          last_error: 'HTTP 503: receiver failed',
          next_attempt_at: null,
        }),
      ],
    });
    // Dead letters stay put: more passes send nothing.
    await drainJobs(webhookWorker(db), 5);
    expect(receiver.received).toHaveLength(TEST_WEBHOOKS.maxAttempts);

    receiver.answer = () => 204;
    const replayed = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/webhook-deliveries/${dead?.id}/replay`,
      headers: ADMIN,
    });
    expect(replayed.statusCode).toBe(202);
    expect(replayed.json()).toMatchObject({ id: dead?.id, status: 'pending', replays: 1 });
    await drainJobs(webhookWorker(db), 5);

    expect(idsOf(receiver.accepted())).toEqual([dead?.event_id]);
    expect(new Set(idsOf(receiver.received))).toEqual(new Set([dead?.event_id]));
    expect(await deliveriesOf(app, storeId)).toEqual([
      expect.objectContaining({
        id: dead?.id,
        status: 'delivered',
        attempts: TEST_WEBHOOKS.maxAttempts + 1,
        last_status_code: 204,
      }),
    ]);
    const after = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/webhook-dead-letters`,
      headers: ADMIN,
    });
    expect(after.json()).toEqual({ deliveries: [] });
  });

  it('says why a receiver that cannot be reached never took its event', async () => {
    const closedPort = await freePort();
    await createTestEndpoint(app, storeId, { url: `http://127.0.0.1:${closedPort}/hook` });
    await emit(['order.refunded']);
    await drainJobs(webhookWorker(db), 40);
    expect(await deliveriesOf(app, storeId, '?status=dead')).toEqual([
      expect.objectContaining({
        event_type: 'order.refunded',
        attempts: TEST_WEBHOOKS.maxAttempts,
        last_status_code: null,
        last_error: 'could not connect: ECONNREFUSED',
      }),
    ]);
  });

  it('holds back a disabled endpoint’s pending deliveries as dead letters to replay once it is back', async () => {
    const { endpoint } = await createTestEndpoint(app, storeId, { url: receiver.url() });
    await emit(['order.placed']);
    const disable = (enabled: boolean) =>
      app.inject({
        method: 'PATCH',
        url: `/api/admin/stores/${storeId}/webhook-endpoints/${endpoint.id}`,
        headers: ADMIN,
        payload: { enabled },
      });
    // The delivery is made by the dispatch job, then the endpoint is switched off before its send.
    await drainJobs({ ...webhookWorker(db), handlers: { [DISPATCH_JOB]: dispatchJobHandler } }, 1);
    expect((await disable(false)).json()).toMatchObject({ enabled: false });
    await drainJobs(webhookWorker(db), 3);
    expect(receiver.received).toEqual([]);
    const [held] = await deliveriesOf(app, storeId, '?status=dead');
    expect(held).toMatchObject({ attempts: 0, last_error: 'the endpoint is disabled' });

    const refused = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/webhook-deliveries/${held?.id}/replay`,
      headers: ADMIN,
    });
    expect(refused.statusCode).toBe(422);
    await disable(true);
    await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/webhook-deliveries/${held?.id}/replay`,
      headers: ADMIN,
    });
    await drainJobs(webhookWorker(db), 3);
    expect(idsOf(receiver.accepted())).toEqual([held?.event_id]);
  });

  it('delivers events whose dispatch job was lost once the sweep finds them', async () => {
    await createTestEndpoint(app, storeId, { url: receiver.url() });
    await emit(['order.canceled']);
    await db.query(`update jobs set status = 'dead' where store_id = $1 and kind = $2`, [
      storeId,
      DISPATCH_JOB,
    ]);
    await drainJobs(webhookWorker(db), 2);
    expect(receiver.received).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await sweepOutbox(db, 10, systemClock)).toBeGreaterThanOrEqual(1);
    await drainJobs(webhookWorker(db), 3);
    expect(receiver.accepted().map((r) => r.headers['opentill-event-type'])).toEqual([
      'order.canceled',
    ]);
  });

  it('has a running server deliver a pushed sale’s events on its own', async () => {
    const running = await testApp(db, { jobPollMs: 20, webhooks: TEST_WEBHOOKS });
    try {
      await createTestEndpoint(running, storeId, {
        url: receiver.url(),
        event_types: ['order.placed'],
      });
      const device = await pairTestDevice(running, storeId);
      const order = makeOrder({ storeId, deviceId: device.deviceId });
      await push(running, device.headers, storeId, 'orders', [order]);
      for (let i = 0; i < 400 && receiver.accepted().length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const [delivered] = receiver.accepted();
      expect(JSON.parse(delivered?.body ?? '{}')).toMatchObject({
        type: 'order.placed',
        data: { order_id: order.id },
      });
    } finally {
      await running.close();
    }
  });

  it('delivers each delivery once with two server instances working the queue', async () => {
    await createTestEndpoint(app, storeId, { url: receiver.url('/a') });
    await createTestEndpoint(app, storeId, { url: receiver.url('/b') });
    await emit(Array.from({ length: 15 }, () => 'order.placed' as const));
    // On PostgreSQL the second instance has its own pool; PGlite is one embedded connection.
    const other = database.databaseUrl ? await openPostgres(database.databaseUrl) : db;
    // A receiver slower than the timeout is sent the event again, by design; on a loaded machine
    // a local POST can take over the usual test second, so this test waits long enough that
    // only two instances claiming the same delivery could send it twice.
    const patient = { ...TEST_WEBHOOKS, timeoutMs: 30_000 };
    try {
      await Promise.all([
        drainJobs(webhookWorker(db, 'instance-a', patient), 10),
        drainJobs(webhookWorker(other, 'instance-b', patient), 10),
      ]);
    } finally {
      if (other !== db) await other.close();
    }
    for (const path of ['/a', '/b']) {
      const ids = idsOf(receiver.received.filter((r) => r.path === path));
      expect(ids).toHaveLength(15);
      expect(new Set(ids).size).toBe(15);
    }
    const deliveries = await deliveriesOf(app, storeId);
    expect(deliveries).toHaveLength(30);
    expect(deliveries.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });
});
