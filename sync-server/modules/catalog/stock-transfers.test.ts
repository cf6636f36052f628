import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { StockLevelDoc, StoreDoc } from '../../../domain/schemas';
import { openExceptions } from '../exceptions/exceptions';
import { readDocument, writeDocuments } from '../../infra/sync/projection';
import { demoProduct } from '../../demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID, DEMO_WAREHOUSE_LOCATION_ID } from '../../demo/demo-constants';
import { testBackends } from '../../../test/server-support/databases';
import {
  ADMIN_HEADERS,
  makeOrder,
  orderStateOf,
  pullEveryDocument,
  push,
  seedStore,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';
import { useStoreRig } from '../../../test/server-support/rigs';
import { levelOf, levelsAgainstLedger } from '../../../test/server-support/stock';

/*
 * Moving stock between a store's locations from the back office: both levels move together,
 * registers pull both, the ledger stays their sum, and a retried request moves nothing twice.
 */
describe.each(testBackends())('stock transfers on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'xfer', products: 3 });
  // Demo stock: product 1 has 51 on the shop floor and 117 in the warehouse.
  const tea = demoProduct(1).id;
  const coffee = demoProduct(2).id;

  const transfer = (payload: Record<string, unknown>, storeId = rig.storeId) =>
    rig.app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/stock/transfers`,
      headers: ADMIN_HEADERS,
      payload: {
        request_id: uuidv7(),
        from_location_id: DEMO_WAREHOUSE_LOCATION_ID,
        to_location_id: DEMO_FLOOR_LOCATION_ID,
        lines: [{ product_id: tea, quantity: 1 }],
        requested_by: 'back-office',
        ...payload,
      },
    });

  const levels = async () => ({
    tea: {
      floor: await levelOf(rig.db, rig.storeId, DEMO_FLOOR_LOCATION_ID, tea),
      warehouse: await levelOf(rig.db, rig.storeId, DEMO_WAREHOUSE_LOCATION_ID, tea),
    },
    coffee: {
      floor: await levelOf(rig.db, rig.storeId, DEMO_FLOOR_LOCATION_ID, coffee),
      warehouse: await levelOf(rig.db, rig.storeId, DEMO_WAREHOUSE_LOCATION_ID, coffee),
    },
  });

  async function expectLedgerBalanced() {
    for (const l of await levelsAgainstLedger(rig.db, rig.storeId)) {
      expect(l.stocked).toBe(l.ledger_stocked);
      expect(l.reserved).toBe(l.ledger_reserved);
    }
  }

  it('moves both levels in one go, pairs the movements, and registers pull both levels', async () => {
    const before = await levels();
    const response = await transfer({
      lines: [
        { product_id: tea, quantity: 10 },
        { product_id: coffee, quantity: 4 },
      ],
      note: 'Restock the shelf',
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{
      applied: boolean;
      transfer: { id: string };
      levels: { location_id: string; product_id: string; stocked_quantity: number }[];
    }>();
    expect(body.applied).toBe(true);
    expect(body.levels).toHaveLength(4);
    expect(body.levels).toContainEqual(
      expect.objectContaining({
        location_id: DEMO_FLOOR_LOCATION_ID,
        product_id: tea,
        stocked_quantity: before.tea.floor.stocked + 10,
      }),
    );

    const after = await levels();
    expect(after.tea.floor.stocked).toBe(before.tea.floor.stocked + 10);
    expect(after.tea.warehouse.stocked).toBe(before.tea.warehouse.stocked - 10);
    expect(after.coffee.floor.stocked).toBe(before.coffee.floor.stocked + 4);
    expect(after.coffee.warehouse.stocked).toBe(before.coffee.warehouse.stocked - 4);
    await expectLedgerBalanced();

    const { rows: movements } = await rig.db.query<{
      kind: string;
      location_id: string;
      stocked_delta: number;
    }>(
      `select kind, location_id, stocked_delta from stock_movements
       where store_id = $1 and reference = $2 and product_id = $3 order by kind`,
      [rig.storeId, body.transfer.id, tea],
    );
    expect(movements).toEqual([
      { kind: 'transfer_in', location_id: DEMO_FLOOR_LOCATION_ID, stocked_delta: 10 },
      { kind: 'transfer_out', location_id: DEMO_WAREHOUSE_LOCATION_ID, stocked_delta: -10 },
    ]);

    const pulled = (await pullEveryDocument(
      rig.app,
      rig.db,
      rig.device.headers,
      rig.storeId,
      'stock_levels',
    )) as unknown as StockLevelDoc[];
    const pulledTea = (location: string) =>
      pulled.find((l) => l.product_id === tea && l.location_id === location)?.stocked_quantity;
    expect(pulledTea(DEMO_FLOOR_LOCATION_ID)).toBe(after.tea.floor.stocked);
    expect(pulledTea(DEMO_WAREHOUSE_LOCATION_ID)).toBe(after.tea.warehouse.stocked);
  });

  it('answers a retried request, even a concurrent one, with the first answer and moves stock once', async () => {
    const request = { request_id: uuidv7(), lines: [{ product_id: tea, quantity: 2 }] };
    const before = await levels();
    const racing = await Promise.all([transfer(request), transfer(request), transfer(request)]);
    const answers = racing.map((r) => r.json<{ applied: boolean }>());
    expect(racing.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.applied)).toHaveLength(1);
    const first = answers.find((a) => a.applied);
    for (const answer of [...answers, (await transfer(request)).json()]) {
      expect(answer).toEqual({ ...first, applied: answer.applied });
    }
    const moved = await levels();
    expect(moved.tea.floor.stocked).toBe(before.tea.floor.stocked + 2);
    expect(moved.tea.warehouse.stocked).toBe(before.tea.warehouse.stocked - 2);
    await expectLedgerBalanced();

    const reused = await transfer({ ...request, lines: [{ product_id: tea, quantity: 3 }] });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_MISMATCH' } });
    expect(await levels()).toEqual(moved);
  });

  it('refuses bad transfers with a stable code naming the field, and moves nothing', async () => {
    const before = await levels();
    const refusals: [Record<string, unknown>, number, string, string][] = [
      [{ to_location_id: DEMO_WAREHOUSE_LOCATION_ID }, 400, 'INVALID_INPUT', 'body.to_location_id'],
      [
        { lines: [{ product_id: tea, quantity: 0 }] },
        400,
        'INVALID_INPUT',
        'body.lines.0.quantity',
      ],
      [
        { lines: [{ product_id: tea, quantity: -5 }] },
        400,
        'INVALID_INPUT',
        'body.lines.0.quantity',
      ],
      [{ lines: [] }, 400, 'INVALID_INPUT', 'body.lines'],
      [
        {
          lines: [
            { product_id: tea, quantity: 1 },
            { product_id: tea, quantity: 2 },
          ],
        },
        400,
        'INVALID_INPUT',
        'body.lines',
      ],
      [{ from_location_id: 'loc-moon' }, 422, 'BUSINESS_RULE', 'body.from_location_id'],
      [{ to_location_id: 'loc-moon' }, 422, 'BUSINESS_RULE', 'body.to_location_id'],
      [
        {
          lines: [
            { product_id: tea, quantity: 1 },
            { product_id: 'no-such-product', quantity: 1 },
          ],
        },
        422,
        'BUSINESS_RULE',
        'body.lines.1.product_id',
      ],
      [{ exception_id: uuidv7() }, 404, 'NOT_FOUND', 'body.exception_id'],
    ];
    for (const [payload, status, code, field] of refusals) {
      const response = await transfer(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json()).toMatchObject({
        error: { code, details: { [field]: expect.any(String) } },
      });
    }
    expect(await levels()).toEqual(before);
  });

  it('refuses a location of another store', async () => {
    const other = uniqueStoreId('xfer-other');
    await seedStore(rig.db, other, 1);
    await rig.db.transaction(async (tx) => {
      const stored = await readDocument(tx, other, 'stores', other);
      const doc = stored?.doc as StoreDoc;
      const annex = {
        id: 'loc-annex',
        name: 'Annex',
        is_primary: false,
        address: '2 Annex Row, Springfield',
        latitude: 39.79,
        longitude: -89.64,
      };
      await writeDocuments(tx, other, 'stores', [
        { id: other, doc: { ...doc, locations: [...doc.locations, annex] } },
      ]);
    });
    const there = await transfer({ to_location_id: 'loc-annex' }, other);
    expect(there.statusCode, there.body).toBe(200);
    const here = await transfer({ to_location_id: 'loc-annex' });
    expect(here.statusCode).toBe(422);
    expect(here.json()).toMatchObject({
      error: { code: 'BUSINESS_RULE', details: { 'body.to_location_id': expect.any(String) } },
    });
  });

  it('carries out an oversold exception’s suggested transfer and resolves it on the order', async () => {
    // 51 on the shop floor less what the tests before took; the till sells that and 6 more.
    const floor = (await levelOf(rig.db, rig.storeId, DEMO_FLOOR_LOCATION_ID, coffee)).stocked;
    const order = makeOrder({
      storeId: rig.storeId,
      deviceId: rig.device.deviceId,
      items: [{ product: 2, quantity: floor + 6 }],
    });
    expect(
      (await push(rig.app, rig.device.headers, rig.storeId, 'orders', [order])).rejected,
    ).toEqual([]);
    const [exception] = (await openExceptions(rig.db, rig.storeId)).filter(
      (e) => e.subject_id === order.id,
    );
    const suggested = exception?.detail.suggested_transfer as {
      from_location_id: string;
      to_location_id: string;
      quantity: number;
    };
    expect(suggested).toMatchObject({ to_location_id: DEMO_FLOOR_LOCATION_ID, quantity: 6 });

    const wrongPlace = await transfer({
      exception_id: exception?.id,
      from_location_id: DEMO_FLOOR_LOCATION_ID,
      to_location_id: DEMO_WAREHOUSE_LOCATION_ID,
      lines: [{ product_id: coffee, quantity: 6 }],
    });
    expect(wrongPlace.statusCode).toBe(422);
    expect(wrongPlace.json()).toMatchObject({ error: { code: 'BUSINESS_RULE' } });

    const request = {
      request_id: uuidv7(),
      exception_id: exception?.id,
      from_location_id: suggested.from_location_id,
      to_location_id: suggested.to_location_id,
      lines: [{ product_id: coffee, quantity: suggested.quantity }],
    };
    const done = await transfer(request);
    expect(done.statusCode, done.body).toBe(200);
    expect(await levelOf(rig.db, rig.storeId, DEMO_FLOOR_LOCATION_ID, coffee)).toMatchObject({
      stocked: 0,
    });
    expect(
      (await openExceptions(rig.db, rig.storeId)).filter((e) => e.subject_id === order.id),
    ).toEqual([]);
    const state = await orderStateOf(rig.app, rig.device.headers, rig.storeId, order.id);
    expect(state?.exceptions).toEqual([
      expect.objectContaining({ code: 'stock_oversold', resolved_at: expect.any(String) }),
    ]);

    // The same request again is answered; another transfer for the same exception is refused.
    const again = await transfer(request);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ applied: false });
    const another = await transfer({ ...request, request_id: uuidv7() });
    expect(another.statusCode).toBe(409);
    expect(another.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    await expectLedgerBalanced();
  });
});
