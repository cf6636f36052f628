import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { CustomerDoc, OrderDoc } from '../../../domain/schemas';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  ADMIN_HEADERS,
  makeOrder,
  pairTestDevice,
  patchStoreSettings,
  push,
  seedStore,
  testApp,
  testConfig,
  uniqueStoreId,
  UNLIMITED_OFFLINE_CARDS,
} from '../../../test/server-support/fixtures';
import { drainJobs, pipelineWorker } from '../../../test/server-support/jobs';
import { raiseException } from '../../infra/exceptions/inbox';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';

interface Listed {
  orders: { id: string; ack_id: number; customer_name: string | null }[];
  next_cursor: number | null;
}

describe.each(testBackends())('admin orders on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let storeId: string;
  let device: Awaited<ReturnType<typeof pairTestDevice>>;
  let cashOrder: OrderDoc;
  let cardOrder: OrderDoc;

  const list = async (query: string) => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/orders?${query}`,
      headers: ADMIN_HEADERS,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Listed>();
  };

  beforeAll(async () => {
    database = await backend.open();
    app = await testApp(database.db);
    storeId = uniqueStoreId('admin-orders');
    await seedStore(database.db, storeId, 5);
    device = await pairTestDevice(app, storeId);
    await patchStoreSettings(app, storeId, UNLIMITED_OFFLINE_CARDS);
    const now = new Date().toISOString();
    const customer: CustomerDoc = {
      id: uuidv7(),
      store_id: storeId,
      updated_at: now,
      name: 'Robin Park',
      email: 'robin.park@example.com',
      phone: '+15550100',
      merged_into: null,
      created_at: now,
    };
    await push(app, device.headers, storeId, 'customers', [customer]);
    cashOrder = makeOrder({ storeId, deviceId: device.deviceId });
    cardOrder = makeOrder({
      storeId,
      deviceId: device.deviceId,
      tender: 'card_offline',
      cardReference: 'term-ref-778899',
      customerId: customer.id,
    });
    const others = [1, 2, 3].map(() => makeOrder({ storeId, deviceId: device.deviceId }));
    await push(app, device.headers, storeId, 'orders', [cashOrder, cardOrder, ...others]);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it("finds an order by its customer's email and by its card reference, never by other text", async () => {
    expect((await list('q=ROBIN.PARK@example.com')).orders.map((o) => o.id)).toEqual([
      cardOrder.id,
    ]);
    expect((await list('q=term-ref-778899')).orders).toEqual([
      expect.objectContaining({ id: cardOrder.id, customer_name: 'Robin Park' }),
    ]);
    expect((await list('q=555-0100')).orders.map((o) => o.id)).toEqual([cardOrder.id]);
    expect((await list(`q=${cashOrder.id.slice(0, 13)}`)).orders.map((o) => o.id)).toContain(
      cashOrder.id,
    );
    expect((await list('q=nobody@example.com')).orders).toEqual([]);
  });

  it('filters by customer and device and pages newest first without gaps or repeats', async () => {
    const customerId = cardOrder.customer_id ?? '';
    expect((await list(`customer_id=${customerId}`)).orders.map((o) => o.id)).toEqual([
      cardOrder.id,
    ]);
    expect((await list(`device_id=another-device`)).orders).toEqual([]);
    const seen: string[] = [];
    let page = await list('order=desc&limit=2');
    seen.push(...page.orders.map((o) => o.id));
    while (page.next_cursor !== null) {
      page = await list(`order=desc&limit=2&before_ack=${page.next_cursor}`);
      seen.push(...page.orders.map((o) => o.id));
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen.at(-1)).toBe(cashOrder.id);
  });

  it('filters by placed date range and payment status', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await list(`placed_from=${encodeURIComponent(future)}`)).orders).toEqual([]);
    const past = new Date(Date.now() - 86_400_000).toISOString();
    expect((await list(`placed_from=${encodeURIComponent(past)}`)).orders).toHaveLength(5);
    const captured = await list('payment_status=captured');
    expect(captured.orders.map((o) => o.id)).toContain(cashOrder.id);
    expect(captured.orders.map((o) => o.id)).not.toContain(cardOrder.id);
  });

  it('shows an order with its state and a timeline in the order things happened', async () => {
    await drainJobs(pipelineWorker(database.db, testConfig()));
    const id = await database.db.transaction(async (tx) => {
      const raised = await raiseException(tx, {
        storeId,
        kind: 'stock_oversold',
        subjectId: cardOrder.id,
        message: 'Sold 2 more than the shelf held',
        detail: {},
      });
      await refreshOrderStates(tx, storeId, [cardOrder.id], new Date().toISOString());
      return raised;
    });
    const resolved = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/exceptions/${id}/resolve`,
      headers: ADMIN_HEADERS,
      payload: { note: 'Counted again', resolved_by: 'manager-morgan' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);

    const response = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/orders/${cardOrder.id}`,
      headers: ADMIN_HEADERS,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      order: OrderDoc;
      state: { payment_status: string };
      timeline: { type: string; at: string }[];
    }>();
    expect(body.order.id).toBe(cardOrder.id);
    expect(body.state.payment_status).toBe('captured');
    const types = body.timeline.map((t) => t.type);
    const at = (type: string) => types.indexOf(type);
    for (const type of [
      'order.placed',
      'payment.authorized',
      'payment.captured',
      'exception.raised',
      'exception.resolved',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(at('order.placed')).toBe(0);
    expect(at('payment.authorized')).toBeLessThan(at('payment.captured'));
    expect(at('payment.captured')).toBeLessThan(at('exception.raised'));
    expect(at('exception.raised')).toBeLessThan(at('exception.resolved'));
    const times = body.timeline.map((t) => t.at);
    expect(times).toEqual([...times].sort());
  });

  it('answers 404 for an order of another store and 400 naming a malformed id', async () => {
    const missing = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/orders/${uuidv7()}`,
      headers: ADMIN_HEADERS,
    });
    expect(missing.statusCode).toBe(404);
    const malformed = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/orders/not-an-id`,
      headers: ADMIN_HEADERS,
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { 'params.orderId': expect.any(String) } },
    });
    const badFilter = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/orders?payment_status=paid`,
      headers: ADMIN_HEADERS,
    });
    expect(badFilter.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { 'query.payment_status': expect.any(String) } },
    });
  });
});
