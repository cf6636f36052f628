import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { StockLevelDoc } from '../../../domain/schemas';
import { demoProduct, demoStock } from '../../demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID } from '../../demo/demo-constants';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  ADMIN_HEADERS,
  pairTestDevice,
  pullEveryDocument,
  seedStore,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';

describe.each(testBackends())('stock adjustments on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let storeId: string;
  const product = demoProduct(2);
  const opening = demoStock(2).floor;

  beforeAll(async () => {
    database = await backend.open();
    app = await testApp(database.db);
    storeId = uniqueStoreId('adjust');
    await seedStore(database.db, storeId, 3);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const adjust = (payload: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/stock/adjustments`,
      headers: ADMIN_HEADERS,
      payload: { location_id: DEMO_FLOOR_LOCATION_ID, product_id: product.id, ...payload },
    });

  const movements = async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/stock/levels/${DEMO_FLOOR_LOCATION_ID}/${product.id}/movements`,
      headers: ADMIN_HEADERS,
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ movements: { kind: string; stocked_delta: number; note: string }[] }>()
      .movements;
  };

  it('moves stock once however often the same request is sent, and registers see the level', async () => {
    const request = { request_id: uuidv7(), delta: -3, reason: 'Damaged in the stockroom' };
    const first = await adjust(request);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      applied: true,
      level: { stocked_quantity: opening - 3 },
      movement: { kind: 'adjustment', stocked_delta: -3, note: 'Damaged in the stockroom' },
    });
    const [again, concurrent] = await Promise.all([adjust(request), adjust(request)]);
    for (const replay of [again, concurrent]) {
      expect(replay.statusCode).toBe(200);
      expect(replay.json()).toMatchObject({
        applied: false,
        level: { stocked_quantity: opening - 3 },
      });
    }
    expect((await movements()).filter((m) => m.kind === 'adjustment')).toHaveLength(1);

    const device = await pairTestDevice(app, storeId);
    const pulled = await pullEveryDocument(
      app,
      database.db,
      device.headers,
      storeId,
      'stock_levels',
    );
    const level = (pulled as unknown as StockLevelDoc[]).find(
      (l) => l.product_id === product.id && l.location_id === DEMO_FLOOR_LOCATION_ID,
    );
    expect(level?.stocked_quantity).toBe(opening - 3);
  });

  it('sets a level to a counted quantity, and lists the movements that led there', async () => {
    const counted = await adjust({ request_id: uuidv7(), counted_quantity: 40, reason: 'Count' });
    expect(counted.json()).toMatchObject({ applied: true, level: { stocked_quantity: 40 } });
    const kinds = (await movements()).map((m) => m.kind);
    expect(kinds[0]).toBe('import');
    expect(kinds.at(-1)).toBe('adjustment');
    const sum = (await movements()).reduce((total, m) => total + m.stocked_delta, 0);
    expect(sum).toBe(40);
  });

  it('refuses the same request id for another change, and input that names no change', async () => {
    const requestId = uuidv7();
    await adjust({ request_id: requestId, delta: 1, reason: 'Found one' });
    const reused = await adjust({ request_id: requestId, delta: 5, reason: 'Found one' });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_MISMATCH' } });
    const neither = await adjust({ request_id: uuidv7(), reason: 'Nothing' });
    expect(neither.statusCode).toBe(400);
    expect(neither.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { 'body.delta': expect.any(String) } },
    });
    const unknown = await adjust({
      request_id: uuidv7(),
      product_id: 'no-such-product',
      delta: 1,
      reason: 'Typo',
    });
    expect(unknown.statusCode).toBe(422);
  });
});
