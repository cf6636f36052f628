import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../infra/db/db';
import { DEMO_FLOOR_LOCATION_ID } from '../../demo/demo-constants';
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
import { levelsAgainstLedger } from '../../../test/server-support/stock';
import { recordStockMovements } from './stock-levels';

/*
 * The stock ledger is what the back office audits stock against: each level must equal the sum
 * of its movements, and a sale delivered again must neither move stock nor publish twice.
 */
describe.each(testBackends())('stock ledger and outbox on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    app = await testApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('keeps every level equal to its movements, and records a re-delivered sale once', async () => {
    const storeId = uniqueStoreId('ledger');
    await seedStore(db, storeId, 3);
    const device = await pairTestDevice(app, storeId);
    const order = makeOrder({
      storeId,
      deviceId: device.deviceId,
      items: [
        { product: 1, quantity: 2 },
        { product: 2, quantity: 1 },
      ],
    });
    for (let i = 0; i < 3; i++) await push(app, device.headers, storeId, 'orders', [order]);

    const levels = await levelsAgainstLedger(db, storeId);
    expect(levels.length).toBeGreaterThan(0);
    for (const l of levels) expect(l.stocked).toBe(l.ledger_stocked);
    const sales = await db.query<{ product_id: string; stocked_delta: number }>(
      `select product_id, stocked_delta from stock_movements
       where store_id = $1 and kind = 'sale' order by product_id`,
      [storeId],
    );
    expect(sales.rows).toEqual([
      { product_id: order.lines[0]?.product_id, stocked_delta: -2 },
      { product_id: order.lines[1]?.product_id, stocked_delta: -1 },
    ]);

    const events = await db.query<{ type: string; data: Record<string, unknown> }>(
      'select type, data from outbox_events where store_id = $1 order by created_at, type',
      [storeId],
    );
    expect(events.rows.map((e) => e.type).sort()).toEqual([
      'order.payment_captured',
      'order.placed',
    ]);
    expect(events.rows.find((e) => e.type === 'order.placed')?.data).toMatchObject({
      order_id: order.id,
      totals: { total: order.totals.total },
    });
  });

  it('applies a movement with a dedupe key once, however often it is recorded', async () => {
    const storeId = uniqueStoreId('ledger');
    await seedStore(db, storeId, 2);
    const { rows: before } = await db.query<{ product_id: string }>(
      'select product_id from stock_levels where store_id = $1 and location_id = $2 limit 1',
      [storeId, DEMO_FLOOR_LOCATION_ID],
    );
    const productId = before[0]?.product_id ?? '';
    const move = {
      location_id: DEMO_FLOOR_LOCATION_ID,
      product_id: productId,
      kind: 'reservation' as const,
      stocked_delta: 0,
      reserved_delta: 3,
      reference: 'order-x',
      dedupe_key: `reserve:order-x:${productId}`,
    };
    const now = new Date().toISOString();
    const first = await db.transaction((tx) => recordStockMovements(tx, storeId, [move], now));
    const again = await db.transaction((tx) => recordStockMovements(tx, storeId, [move], now));
    expect(first).toEqual([expect.objectContaining({ reserved_quantity: 3 })]);
    expect(again).toEqual([]);
    for (const l of await levelsAgainstLedger(db, storeId)) {
      expect([l.stocked, l.reserved]).toEqual([l.ledger_stocked, l.ledger_reserved]);
    }
  });
});
