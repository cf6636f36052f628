import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../../../domain/ids';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  makeOrder,
  pairTestDevice,
  pull,
  pullAll,
  push,
  seedStore,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';
import { DEMO_PRODUCTS } from '../../demo/demo-constants';
import { writeDocuments } from '../../infra/sync/projection';

const now = () => new Date().toISOString();

function customer(storeId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    store_id: storeId,
    updated_at: now(),
    name: 'Dana Shopper',
    email: 'dana@example.com',
    phone: '+15550100',
    merged_into: null,
    created_at: now(),
    ...overrides,
  };
}

function auditEvent(storeId: string, deviceId: string) {
  return {
    id: uuidv7(),
    store_id: storeId,
    device_id: deviceId,
    staff_id: 'staff-morgan',
    approver_id: null,
    action: 'no_sale',
    subject_id: '',
    detail: 'drawer opened for change',
    created_at: now(),
    updated_at: now(),
  };
}

describe.each(testBackends())('replication on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const storeId = uniqueStoreId('repl');
  let device: Awaited<ReturnType<typeof pairTestDevice>>;

  beforeAll(async () => {
    database = await backend.open();
    await seedStore(database.db, storeId, 250);
    app = await testApp(database.db, { bodyLimitBytes: 64 * 1024 });
    device = await pairTestDevice(app, storeId);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('pulls the seeded catalog in pages, each product once, with _deleted set', async () => {
    const result = await pullAll(app, device.headers, storeId, 'products', {
      limit: 100,
      expect: 250,
    });
    expect(result.documents).toHaveLength(250);
    expect(result.pages).toBeGreaterThanOrEqual(3);
    expect(new Set(result.documents.map((d) => d.id)).size).toBe(250);
    const first = result.documents.find((d) => d.id === DEMO_PRODUCTS[0].id);
    expect(first).toMatchObject({ barcode: DEMO_PRODUCTS[0].barcode, _deleted: false });

    const again = await pull(app, device.headers, storeId, 'products', result.checkpoint);
    expect(again.documents).toEqual([]);
    expect(again.checkpoint).toEqual(result.checkpoint);
  });

  it('round-trips pushed facts and shared documents back through pull', async () => {
    const before = await pullAll(app, device.headers, storeId, 'audit_events');
    const event = auditEvent(storeId, device.deviceId);
    const pushed = await push(app, device.headers, storeId, 'audit_events', [event]);
    expect(pushed).toMatchObject({ statusCode: 200, conflicts: [], rejected: [] });
    const after = await pullAll(app, device.headers, storeId, 'audit_events', {
      checkpoint: before.checkpoint,
      expect: 1,
    });
    expect(after.documents).toEqual([{ ...event, _deleted: false }]);

    const person = customer(storeId);
    expect(await push(app, device.headers, storeId, 'customers', [person])).toMatchObject({
      conflicts: [],
      rejected: [],
    });
    const customers = await pullAll(app, device.headers, storeId, 'customers', { expect: 1 });
    expect(customers.documents).toContainEqual({ ...person, _deleted: false });
  });

  it('answers a stale shared write with the master as a conflict and keeps the master', async () => {
    // Contact details of its own: a second customer with the first one's would be merged into it.
    const original = customer(storeId, {
      updated_at: '2026-01-01T00:00:00.000Z',
      email: 'stale@example.com',
      phone: '+15550199',
    });
    await push(app, device.headers, storeId, 'customers', [original]);
    const winner = { ...original, name: 'Dana W.', updated_at: '2026-01-02T00:00:00.000Z' };
    expect(
      (await push(app, device.headers, storeId, 'customers', [winner], [original])).conflicts,
    ).toEqual([]);

    const loser = { ...original, name: 'Dana L.', updated_at: '2026-01-03T00:00:00.000Z' };
    const result = await push(app, device.headers, storeId, 'customers', [loser], [original]);
    expect(result.conflicts).toEqual([{ ...winner, _deleted: false }]);

    const draft = {
      id: uuidv7(),
      store_id: storeId,
      updated_at: now(),
      revision: 1,
      status: 'parked',
      device_id: device.deviceId,
      staff_id: 'staff-casey',
      customer_id: null,
      label: 'Table 4',
      lines: [],
      order_discount: null,
      approvals: [],
      order_id: null,
      created_at: now(),
    };
    await push(app, device.headers, storeId, 'draft_orders', [draft]);
    const resumedElsewhere = { ...draft, revision: 2, status: 'resumed' };
    await push(app, device.headers, storeId, 'draft_orders', [resumedElsewhere], [draft]);
    const stale = { ...draft, revision: 2, label: 'Table 5' };
    const conflict = await push(app, device.headers, storeId, 'draft_orders', [stale], [draft]);
    expect(conflict.conflicts).toEqual([{ ...resumedElsewhere, _deleted: false }]);
  });

  it('stores the valid rows of a batch and rejects the invalid one by field, storing nothing of it', async () => {
    const good1 = auditEvent(storeId, device.deviceId);
    const good2 = auditEvent(storeId, device.deviceId);
    const bad = { ...auditEvent(storeId, device.deviceId), action: '' };
    const result = await push(app, device.headers, storeId, 'audit_events', [good1, bad, good2]);
    expect(result.rejected).toEqual([
      { id: bad.id, code: 'INVALID_INPUT', message: expect.stringContaining('action') },
    ]);
    const pulled = await pullAll(app, device.headers, storeId, 'audit_events', { expect: 3 });
    const ids = pulled.documents.map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining([good1.id, good2.id]));
    expect(ids).not.toContain(bad.id);
  });

  it('rejects a row for another store with FORBIDDEN', async () => {
    const foreign = auditEvent('someone-else', device.deviceId);
    const result = await push(app, device.headers, storeId, 'audit_events', [foreign]);
    expect(result.rejected).toEqual([
      { id: foreign.id, code: 'FORBIDDEN', message: expect.any(String) },
    ]);
  });

  it('refuses pushes to server-authored collections and unknown collections', async () => {
    const down = await push(app, device.headers, storeId, 'products', [{ id: 'x' }]);
    expect(down.statusCode).toBe(403);
    expect(down).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const unknown = await app.inject({
      method: 'GET',
      url: `/api/stores/${storeId}/sync/invoices/pull`,
      headers: device.headers,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers malformed JSON with 400, an oversized body with 413, a bad checkpoint with 400', async () => {
    const url = `/api/stores/${storeId}/sync/audit_events/push`;
    const malformed = await app.inject({
      method: 'POST',
      url,
      headers: { ...device.headers, 'content-type': 'application/json' },
      payload: '[{"newDocumentState": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });

    const big = await app.inject({
      method: 'POST',
      url,
      headers: { ...device.headers, 'content-type': 'application/json' },
      payload: JSON.stringify([{ newDocumentState: { detail: 'x'.repeat(100 * 1024) } }]),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    const checkpoint = await app.inject({
      method: 'GET',
      url: `/api/stores/${storeId}/sync/products/pull?checkpoint=${encodeURIComponent('{"xid":-1}')}`,
      headers: device.headers,
    });
    expect(checkpoint.statusCode).toBe(400);
    expect(checkpoint.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('rejects an order whose totals do not add up and tells the register through order_states', async () => {
    const order = makeOrder({ storeId, deviceId: device.deviceId });
    const wrong = { ...order, totals: { ...order.totals, tax_total: order.totals.tax_total + 1 } };
    const result = await push(app, device.headers, storeId, 'orders', [wrong]);
    expect(result.rejected).toEqual([
      { id: order.id, code: 'TOTALS_MISMATCH', message: expect.stringContaining('tax_total') },
    ]);
    const states = await pullAll(app, device.headers, storeId, 'order_states', {
      expectId: order.id,
    });
    expect(states.documents.find((d) => d.id === order.id)).toMatchObject({
      status: 'rejected',
      total: 0,
      paid_total: 0,
      error: { code: 'TOTALS_MISMATCH' },
    });
    const orders = await pullAll(app, device.headers, storeId, 'orders');
    expect(orders.documents.map((d) => d.id)).not.toContain(order.id);
  });

  it('records a rejected state for a schema-invalid order that names a valid id', async () => {
    const order = makeOrder({ storeId, deviceId: device.deviceId });
    const invalid = { ...order, lines: [] };
    const result = await push(app, device.headers, storeId, 'orders', [invalid]);
    expect(result.rejected).toMatchObject([{ id: order.id, code: 'INVALID_INPUT' }]);
    const states = await pullAll(app, device.headers, storeId, 'order_states', {
      expectId: order.id,
    });
    expect(states.documents.find((d) => d.id === order.id)).toMatchObject({
      status: 'rejected',
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('lines') },
    });
  });

  it('delivers every row exactly once when an earlier transaction commits after a later one', async () => {
    const { db } = database;
    const collection = 'cash_events';
    const start = await pullAll(app, device.headers, storeId, collection);
    const seen: string[] = [];
    let checkpoint = start.checkpoint;
    const pullOnce = async () => {
      const page = await pull(app, device.headers, storeId, collection, checkpoint);
      seen.push(...page.documents.map((d) => String(d.id)));
      checkpoint = page.checkpoint;
    };
    const doc = (id: string) => ({ id, doc: { id, store_id: storeId } });

    if (db.kind === 'postgres') {
      // Two connections: T1 starts and writes first but commits after T2.
      let releaseT1!: () => void;
      const t1Gate = new Promise<void>((resolve) => (releaseT1 = resolve));
      let t1Wrote!: () => void;
      const t1Written = new Promise<void>((resolve) => (t1Wrote = resolve));
      const t1 = db.transaction(async (tx) => {
        await writeDocuments(tx, storeId, collection, [doc('late-1')]);
        t1Wrote();
        await t1Gate;
      });
      await t1Written;
      await pullOnce();
      await db.transaction((tx) => writeDocuments(tx, storeId, collection, [doc('early-2')]));
      await pullOnce();
      expect(seen).toEqual([]);
      releaseT1();
      await t1;
    } else {
      await pullOnce();
      await db.transaction((tx) => writeDocuments(tx, storeId, collection, [doc('late-1')]));
      await pullOnce();
      await db.transaction((tx) => writeDocuments(tx, storeId, collection, [doc('early-2')]));
    }
    const rest = await pullAll(app, device.headers, storeId, collection, {
      checkpoint,
      expect: 2 - seen.length,
    });
    seen.push(...rest.documents.map((d) => String(d.id)));
    expect(seen.sort()).toEqual(['early-2', 'late-1']);
    // A device starting over from the same checkpoint sees the same two rows, once each.
    const replayed = await pull(app, device.headers, storeId, collection, start.checkpoint);
    expect(replayed.documents.map((d) => d.id).sort()).toEqual(['early-2', 'late-1']);
  });
});
