import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftOrderDoc } from '../../../domain/schemas';
import type { OrderLine } from '../../../domain/schemas';
import { computeOrderTotals } from '../../../domain/totals';
import { demoProduct } from '../../demo/demo-catalog';
import { DEMO_WAREHOUSE_LOCATION_ID } from '../../demo/demo-constants';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  pairTestDevice,
  pullAll,
  push,
  seedStore,
  TEST_ADMIN_TOKEN,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe.each(testBackends())('back-office draft orders on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let storeId: string;

  beforeAll(async () => {
    database = await backend.open();
    app = await testApp(database.db);
    storeId = uniqueStoreId('drafts');
    await seedStore(database.db, storeId, 5);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const create = (payload: unknown, headers: Record<string, string> = admin, store = storeId) =>
    app.inject({
      method: 'POST',
      url: `/api/admin/stores/${store}/draft-orders`,
      headers,
      payload: payload as Record<string, unknown>,
    });

  it('parks a draft priced from the catalog that the store’s registers pull', async () => {
    const p1 = demoProduct(1);
    const p2 = demoProduct(2);
    const response = await create({
      label: 'Phone order',
      lines: [
        { product_id: p1.id, quantity: 2 },
        { product_id: p2.id, quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(201);
    const draft = DraftOrderDoc.parse(response.json());
    expect(draft).toMatchObject({
      store_id: storeId,
      status: 'parked',
      revision: 0,
      label: 'Phone order',
    });
    expect(draft.lines.map((l) => [l.product_id, l.quantity, l.unit_price])).toEqual([
      [p1.id, 2, p1.unit_price],
      [p2.id, 1, p2.unit_price],
    ]);
    // Tax lines come from the catalog, so a register totals it as it would a scanned cart.
    const lines: OrderLine[] = draft.lines;
    expect(lines.every((l) => l.tax_lines.length === p1.tax_rate_ids.length)).toBe(true);
    expect(computeOrderTotals({ lines, order_discount: null, tax_inclusive: false }).subtotal).toBe(
      p1.unit_price * 2 + p2.unit_price,
    );

    const device = await pairTestDevice(app, storeId);
    const pulled = await pullAll(app, device.headers, storeId, 'draft_orders');
    expect(pulled.documents.map((d) => d.id)).toContain(draft.id);

    // A register resuming it from revision 0 wins; a second one from revision 0 gets the master back.
    const resumed = { ...draft, status: 'resumed', revision: 1, device_id: device.deviceId };
    const first = await push(app, device.headers, storeId, 'draft_orders', [resumed], [draft]);
    expect(first.conflicts).toEqual([]);
    const other = await pairTestDevice(app, storeId);
    const late = { ...resumed, device_id: other.deviceId };
    const second = await push(app, other.headers, storeId, 'draft_orders', [late], [draft]);
    expect(second.conflicts).toMatchObject([{ id: draft.id, device_id: device.deviceId }]);
  });

  it('parks lines to ship or collect beside counter lines, and refuses an unknown pickup location', async () => {
    const ship = { type: 'ship', address: '1 Depot Lane', latitude: null, longitude: null };
    const response = await create({
      label: 'Click and collect',
      lines: [
        { product_id: demoProduct(1).id, quantity: 1 },
        { product_id: demoProduct(2).id, quantity: 1, delivery: ship },
        {
          product_id: demoProduct(3).id,
          quantity: 1,
          delivery: { type: 'pickup', location_id: DEMO_WAREHOUSE_LOCATION_ID },
        },
      ],
    });
    expect(response.statusCode).toBe(201);
    const draft = DraftOrderDoc.parse(response.json());
    expect(draft.lines.map((l) => l.delivery)).toEqual([
      undefined,
      ship,
      { type: 'pickup', location_id: DEMO_WAREHOUSE_LOCATION_ID },
    ]);
    // A counter line carries no delivery key at all, as lines always have.
    expect(Object.keys(draft.lines[0] ?? {})).not.toContain('delivery');

    const nowhere = await create({
      lines: [
        {
          product_id: demoProduct(1).id,
          quantity: 1,
          delivery: { type: 'pickup', location_id: 'loc-moon' },
        },
      ],
    });
    expect(nowhere.statusCode).toBe(422);
  });

  it('refuses a product the store does not sell with 422 and stores nothing', async () => {
    const response = await create({
      label: 'Bad',
      lines: [
        { product_id: demoProduct(1).id, quantity: 1 },
        { product_id: 'no-such-product', quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { code: 'BUSINESS_RULE' } });
    const { rows } = await database.db.query(
      `select 1 from sync_documents where store_id = $1 and collection = 'draft_orders'
         and doc ->> 'label' = 'Bad'`,
      [storeId],
    );
    expect(rows).toHaveLength(0);
  });

  it('refuses a malformed body, an unknown store and a missing admin token', async () => {
    expect((await create({ label: 'x', lines: [] })).statusCode).toBe(400);
    expect(
      (await create({ lines: [{ product_id: demoProduct(1).id, quantity: 0 }] })).statusCode,
    ).toBe(400);
    expect(
      (
        await create(
          { lines: [{ product_id: demoProduct(1).id, quantity: 1 }] },
          admin,
          'no-such-store',
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await create({ lines: [{ product_id: demoProduct(1).id, quantity: 1 }] }, {})).statusCode,
    ).toBe(401);
  });
});
