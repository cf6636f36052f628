import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CLIENT_VERSION_HEADER } from '../../../domain/schemas';
import { createPairingCode } from './pairing';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  pairTestDevice,
  seedStore,
  TEST_ADMIN_TOKEN,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';

describe.each(testBackends())('devices, pairing and scoping on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const storeA = uniqueStoreId('a');
  const storeB = uniqueStoreId('b');

  beforeAll(async () => {
    database = await backend.open();
    await seedStore(database.db, storeA, 2);
    await seedStore(database.db, storeB, 2);
    app = await testApp(database.db);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const pair = (code: string) =>
    app.inject({ method: 'POST', url: '/api/pair', payload: { code, device_name: 'Till' } });

  it('pairs with a fresh code once; the code cannot be used again', async () => {
    const created = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeA}/pairing-codes`,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(created.statusCode).toBe(201);
    const { code, expires_at } = created.json<{ code: string; expires_at: string }>();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(Date.parse(expires_at)).toBeGreaterThan(Date.now() + 14 * 60 * 1000);

    const first = await pair(code.toLowerCase());
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ store_id: storeA, token: expect.any(String) });
    const token = first.json<{ token: string }>().token;
    const stored = await database.db.query('select 1 from devices where token_hash = $1', [token]);
    expect(stored.rowCount).toBe(0);

    const reused = await pair(code);
    expect(reused.statusCode).toBe(401);
    expect(reused.json()).toMatchObject({ error: { code: 'PAIRING_CODE_INVALID' } });
  });

  it('refuses an expired or unknown code', async () => {
    const expired = await createPairingCode(database.db, storeA, -1000);
    expect((await pair(expired.code)).json()).toMatchObject({
      error: { code: 'PAIRING_CODE_INVALID' },
    });
    expect((await pair('ZZZZZZZZ')).statusCode).toBe(401);
    expect((await pair('')).json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('keeps admin routes behind the admin token', async () => {
    const none = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeA}/pairing-codes`,
    });
    expect(none.statusCode).toBe(401);
    const wrong = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeA}/orders`,
      headers: { authorization: 'Bearer not-the-admin-token' },
    });
    expect(wrong.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const missing = await app.inject({
      method: 'POST',
      url: '/api/admin/stores/no-such-store/pairing-codes',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(missing.statusCode).toBe(404);
  });

  it("answers 401 without a token and 403 for another store's pull, push and stream", async () => {
    const device = await pairTestDevice(app, storeA);
    const base = `/api/stores/${storeB}/sync/products`;
    const anonymous = await app.inject({
      method: 'GET',
      url: `/api/stores/${storeA}/sync/products/pull`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

    for (const request of [
      { method: 'GET' as const, url: `${base}/pull` },
      { method: 'POST' as const, url: `/api/stores/${storeB}/sync/orders/push`, payload: [] },
      { method: 'GET' as const, url: `${base}/stream` },
    ]) {
      const response = await app.inject({ ...request, headers: device.headers });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    const own = await app.inject({
      method: 'GET',
      url: `/api/stores/${storeA}/sync/stores/pull`,
      headers: device.headers,
    });
    expect(own.json<{ documents: { id: string }[] }>().documents.map((d) => d.id)).toEqual([
      storeA,
    ]);
  });

  it('serves health and tells a too old register to update', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ ok: true, min_client_version: expect.any(String) });
    const old = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { [CLIENT_VERSION_HEADER]: '0.0.1' },
    });
    expect(old.statusCode).toBe(426);
    expect(old.json()).toMatchObject({ error: { code: 'CLIENT_TOO_OLD' } });
    const cors = await app.inject({
      method: 'OPTIONS',
      url: `/api/stores/${storeA}/sync/orders/push`,
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': `authorization,content-type,${CLIENT_VERSION_HEADER}`,
      },
    });
    expect(cors.statusCode).toBe(204);
    expect(cors.headers['access-control-allow-origin']).toBe('*');
    expect(String(cors.headers['access-control-allow-headers'])).toContain(CLIENT_VERSION_HEADER);
  });
});
