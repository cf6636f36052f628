import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuidv7 } from '../../../domain/ids';
import type { Db } from '../../infra/db/db';
import { emitEvents } from '../../infra/outbox/outbox';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import { seedStore, testApp, uniqueStoreId } from '../../../test/server-support/fixtures';
import { ADMIN, createTestEndpoint } from '../../../test/server-support/webhooks';
import { OutboxEvent, WebhookEndpoint } from '../../modules/webhooks/schemas';

/*
 * The back office's webhook API: what it answers for good and bad input. Delivery itself is in
 * delivery.test.ts.
 */

describe.each(testBackends())('webhook admin API on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let app: FastifyInstance;
  let storeId: string;

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    app = await testApp(db);
    storeId = uniqueStoreId('hook-admin');
    await seedStore(db, storeId, 3);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) =>
    app.inject({
      method,
      url: `/api/admin/stores/${storeId}${path}`,
      headers: ADMIN,
      ...(payload ? { payload } : {}),
    });

  it('shows the signing secret once, when the endpoint is made', async () => {
    const created = await call('POST', '/webhook-endpoints', {
      url: 'https://erp.example/hooks/opentill',
      event_types: ['order.placed'],
      description: 'ERP',
    });
    expect(created.statusCode).toBe(201);
    const { endpoint, secret } = created.json<{ endpoint: { id: string }; secret: string }>();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint).toMatchObject({
      store_id: storeId,
      url: 'https://erp.example/hooks/opentill',
      event_types: ['order.placed'],
      description: 'ERP',
      enabled: true,
    });

    const listed = await call('GET', '/webhook-endpoints');
    expect(z.object({ endpoints: z.array(WebhookEndpoint) }).parse(listed.json())).toEqual({
      endpoints: [expect.objectContaining({ id: endpoint.id })],
    });
    expect(listed.body).not.toContain(secret);
    const updated = await call('PATCH', `/webhook-endpoints/${endpoint.id}`, {
      event_types: ['*'],
      enabled: false,
    });
    expect(updated.json()).toMatchObject({ event_types: ['*'], enabled: false });
    expect(updated.body).not.toContain(secret);
  });

  it('subscribes a new endpoint to every event type unless told otherwise', async () => {
    const { endpoint } = await createTestEndpoint(app, storeId, { url: 'http://127.0.0.1:9/x' });
    expect(endpoint).toMatchObject({ event_types: ['*'], enabled: true, description: '' });
  });

  it('refuses bad input with INVALID_INPUT naming the field', async () => {
    const cases: [Promise<{ statusCode: number; json: () => unknown }>, string][] = [
      [call('POST', '/webhook-endpoints', { url: 'ftp://files.example/x' }), 'body.url'],
      [call('POST', '/webhook-endpoints', {}), 'body.url'],
      [
        call('POST', '/webhook-endpoints', {
          url: 'https://a.example',
          event_types: ['order.lost'],
        }),
        'body.event_types.0',
      ],
      [
        call('POST', '/webhook-endpoints', {
          url: 'https://a.example',
          event_types: ['*', 'order.placed'],
        }),
        'body.event_types',
      ],
      [call('PATCH', `/webhook-endpoints/${uuidv7()}`, { enabled: 'yes' }), 'body.enabled'],
      [call('PATCH', '/webhook-endpoints/not-an-id', { enabled: true }), 'params.endpointId'],
      [call('GET', '/webhook-deliveries?status=lost'), 'query.status'],
      [call('GET', '/webhook-deliveries?limit=0'), 'query.limit'],
      [call('GET', '/events?type=order.exploded'), 'query.type'],
    ];
    for (const [response, field] of cases) {
      const answered = await response;
      expect(answered.statusCode).toBe(400);
      expect(answered.json()).toMatchObject({
        error: { code: 'INVALID_INPUT', details: { [field]: expect.any(String) } },
      });
    }
    const empty = await call('PATCH', `/webhook-endpoints/${uuidv7()}`, {});
    expect(empty.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('answers 404 for an unknown endpoint, delivery or store', async () => {
    const unknown = uuidv7();
    const responses = await Promise.all([
      call('PATCH', `/webhook-endpoints/${unknown}`, { enabled: true }),
      call('DELETE', `/webhook-endpoints/${unknown}`),
      call('GET', `/webhook-endpoints/${unknown}/deliveries`),
      call('GET', `/webhook-deliveries?endpoint_id=${unknown}`),
      call('POST', `/webhook-deliveries/${unknown}/replay`),
      app.inject({
        method: 'GET',
        url: '/api/admin/stores/no-such-store/webhook-endpoints',
        headers: ADMIN,
      }),
    ]);
    for (const response of responses) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('keeps another store’s endpoints out of reach', async () => {
    const otherStore = uniqueStoreId('hook-other');
    await seedStore(db, otherStore, 1);
    const { endpoint } = await createTestEndpoint(app, otherStore, { url: 'https://b.example' });
    expect((await call('DELETE', `/webhook-endpoints/${endpoint.id}`)).statusCode).toBe(404);
    expect((await call('GET', '/webhook-endpoints')).body).not.toContain(endpoint.id);
  });

  it('deletes an endpoint', async () => {
    const { endpoint } = await createTestEndpoint(app, storeId, { url: 'https://c.example' });
    const deleted = await call('DELETE', `/webhook-endpoints/${endpoint.id}`);
    expect(deleted.json()).toEqual({ id: endpoint.id, deleted: true });
    expect((await call('GET', '/webhook-endpoints')).body).not.toContain(endpoint.id);
  });

  it('lists the outbox newest first, by type', async () => {
    const orderId = uuidv7();
    for (const type of ['order.placed', 'order.canceled'] as const) {
      await db.transaction((tx) =>
        emitEvents(tx, [
          {
            storeId,
            type,
            subjectId: orderId,
            dedupeKey: `${type}:${orderId}`,
            data: { order_id: orderId },
          },
        ]),
      );
      // Event ids are time-ordered to the millisecond; apart, the later one is newer.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const canceled = await call('GET', '/events?type=order.canceled');
    expect(z.object({ events: z.array(OutboxEvent) }).parse(canceled.json())).toEqual({
      events: [
        expect.objectContaining({
          type: 'order.canceled',
          subject_id: orderId,
          data: { order_id: orderId },
          dispatched_at: null,
        }),
      ],
    });
    const all = (await call('GET', '/events?limit=1')).json<{ events: { id: string }[] }>();
    expect(all.events).toHaveLength(1);
    const next = await call('GET', `/events?before=${all.events[0]?.id}`);
    expect(next.json<{ events: { type: string }[] }>().events.map((e) => e.type)).toEqual([
      'order.placed',
    ]);
  });

  it('needs the admin token', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/webhook-endpoints`,
    });
    expect(response.statusCode).toBe(401);
  });
});
