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
  pairTestDevice,
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
    app = await buildServer({ db: database.db, config: testConfig(), clock: fixedClock(AT) });
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
});
