import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../domain/ids';
import type { HealthResponse, StockLevelDoc } from '../domain/schemas';
import { buildServer } from './app';
import { demoProduct } from './demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID } from './demo/demo-constants';
import { fixedClock } from '../test/server-support/clock';
import { testBackends } from '../test/server-support/databases';
import type { TestDatabase } from '../test/server-support/databases';
import {
  ADMIN_HEADERS,
  makeOrder,
  orderStateOf,
  pairTestDevice,
  push,
  pullEveryDocument,
  seedStore,
  testConfig,
  uniqueStoreId,
} from '../test/server-support/fixtures';

// Far from today in both directions a wall clock could be, so only the injected clock gives it.
const AT = new Date('2031-02-03T04:05:06.000Z');

describe.each(testBackends())('the clock a server is built with, on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let storeId: string;
  const product = demoProduct(1);

  beforeAll(async () => {
    database = await backend.open();
    app = await buildServer({
      db: database.db,
      config: testConfig({ jobPollMs: 20 }),
      clock: fixedClock(AT),
    });
    storeId = uniqueStoreId('clock');
    await seedStore(database.db, storeId, 2);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('dates a back-office stock adjustment, as the register pulls it, and the health check', async () => {
    const adjusted = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/stock/adjustments`,
      headers: ADMIN_HEADERS,
      payload: {
        request_id: uuidv7(),
        location_id: DEMO_FLOOR_LOCATION_ID,
        product_id: product.id,
        delta: -1,
        reason: 'Dropped',
      },
    });
    expect(adjusted.statusCode, adjusted.body).toBe(200);

    const device = await pairTestDevice(app, storeId);
    const levels = (await pullEveryDocument(
      app,
      database.db,
      device.headers,
      storeId,
      'stock_levels',
    )) as unknown as StockLevelDoc[];
    const level = levels.find(
      (l) => l.product_id === product.id && l.location_id === DEMO_FLOOR_LOCATION_ID,
    );
    expect(level?.updated_at).toBe(AT.toISOString());

    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json<HealthResponse>().time).toBe(AT.toISOString());
  });

  it("dates an order's state as the server's own pipeline leaves it after the sale's workflow", async () => {
    const device = await pairTestDevice(app, storeId);
    const order = makeOrder({ storeId, deviceId: device.deviceId, tender: 'cash' });
    const pushed = await push(app, device.headers, storeId, 'orders', [order]);
    expect(pushed.statusCode).toBe(200);
    // The server's own worker runs the workflow: wait for its run to end, however long that takes.
    await expect
      .poll(
        async () => {
          const { rows } = await database.db.query<{ status: string }>(
            'select status from workflow_runs where subject_id = $1',
            [order.id],
          );
          return rows.length > 0 && rows.every((r) => r.status === 'completed');
        },
        { timeout: 30_000, interval: 20 },
      )
      .toBe(true);
    const state = await orderStateOf(app, device.headers, storeId, order.id);
    expect(state?.updated_at).toBe(AT.toISOString());
  });
});
