import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingRanking, RoutingStrategy } from '../../domain/fulfillment-routing';
import { uuidv7 } from '../../domain/ids';
import type { OrderDoc } from '../../domain/schemas';
import { demoProduct } from '../demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID, DEMO_WAREHOUSE_LOCATION_ID } from '../demo/demo-constants';
import { testBackends } from '../../test/server-support/databases';
import { Fake3pl } from '../../test/server-support/fake-3pl';
import {
  ADMIN_HEADERS,
  makeOrder,
  orderStateOf,
  pairTestDevice,
  push,
  seedStore,
  testApp,
  testConfig,
  uniqueStoreId,
} from '../../test/server-support/fixtures';
import { drainJobs, pipelineWorker } from '../../test/server-support/jobs';
import { useTestDatabase } from '../../test/server-support/rigs';
import { levelsAgainstLedger } from '../../test/server-support/stock';

/*
 * Routing through the whole server: the back office sets the store's strategy, ranking and
 * shipping terms, a register pushes an order to ship, and the order-fulfillment workflow
 * reserves it where the strategy says and hands each location's part to the 3PL, whose
 * acceptance deducts it there. What is asserted is where the goods were taken from and what
 * the order's fulfillments say.
 */

const SECRET = 'a-shared-3pl-secret';
const FLOOR = DEMO_FLOOR_LOCATION_ID;
const WAREHOUSE = DEMO_WAREHOUSE_LOCATION_ID;
const TEA = demoProduct(1).id;
const COFFEE = demoProduct(2).id;
// Beside the shop floor (100 Main Street), and beside the warehouse (9 Depot Road).
const NEAR_FLOOR = {
  type: 'ship',
  address: '1 Main Street',
  latitude: 39.78,
  longitude: -89.65,
} as const;
const NEAR_WAREHOUSE = {
  type: 'ship',
  address: '1 Depot Lane',
  latitude: 39.8,
  longitude: -89.6,
} as const;
type Destination = typeof NEAR_FLOOR | typeof NEAR_WAREHOUSE;

type Held = Record<string, Record<string, number>>;

describe.each(testBackends())('routing strategies and rankings on $name', (backend) => {
  const handle = useTestDatabase(backend);
  const partner = new Fake3pl(SECRET);

  beforeAll(() => partner.start());
  afterAll(() => partner.stop());

  /**
   * A fresh store routing by `settings`, with the stock counted as `stock` says, ships an order
   * of 4 tea and 4 coffee to `destination`; answers what was taken from where (the 3PL
   * accepted every part, so nothing stays reserved) and the order's fulfillments by location.
   */
  async function route(opts: {
    strategy: RoutingStrategy;
    ranking: RoutingRanking;
    terms: Record<string, { shipping_cost: number; lead_time_hours: number }>;
    stock: Held;
    destination: Destination;
    items?: { product: number; quantity: number }[];
  }) {
    const { db } = handle;
    const config = testConfig({ fulfillment: { webhook: { url: partner.url, secret: SECRET } } });
    const storeId = uniqueStoreId('route');
    await seedStore(db, storeId, 3);
    const app = await testApp(db, config);
    const device = await pairTestDevice(app, storeId);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/admin/stores/${storeId}/fulfillment-settings`,
      headers: ADMIN_HEADERS,
      payload: {
        strategy: opts.strategy,
        ranking: opts.ranking,
        locations: Object.entries(opts.terms).map(([location_id, t]) => ({ location_id, ...t })),
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    for (const [location_id, products] of Object.entries(opts.stock)) {
      for (const [product_id, counted_quantity] of Object.entries(products)) {
        const counted = await app.inject({
          method: 'POST',
          url: `/api/admin/stores/${storeId}/stock/adjustments`,
          headers: ADMIN_HEADERS,
          payload: {
            request_id: uuidv7(),
            location_id,
            product_id,
            counted_quantity,
            reason: 'Count',
          },
        });
        expect(counted.statusCode, counted.body).toBe(200);
      }
    }

    const order: OrderDoc = {
      ...makeOrder({
        storeId,
        deviceId: device.deviceId,
        items: opts.items ?? [
          { product: 1, quantity: 4 },
          { product: 2, quantity: 4 },
        ],
      }),
      delivery: opts.destination,
    };
    expect((await push(app, device.headers, storeId, 'orders', [order])).rejected).toEqual([]);
    await drainJobs(pipelineWorker(db, config), 10);

    for (const l of await levelsAgainstLedger(db, storeId)) {
      expect([l.stocked, l.reserved]).toEqual([l.ledger_stocked, l.ledger_reserved]);
      expect(l.reserved).toBe(0);
    }
    const deducted = await db.query<{ location_id: string; product_id: string; q: number }>(
      `select location_id, product_id, -sum(stocked_delta)::int as q from stock_movements
       where store_id = $1 and kind = 'fulfillment' group by location_id, product_id`,
      [storeId],
    );
    const taken: Held = {};
    for (const d of deducted.rows) {
      taken[d.location_id] = { ...taken[d.location_id], [d.product_id]: d.q };
    }
    const shipped: Held = {};
    const state = await orderStateOf(app, device.headers, storeId, order.id);
    for (const f of state?.fulfillments ?? []) {
      expect(f.provider_id).toBe('webhook');
      for (const item of f.items) {
        const product = order.lines.find((l) => l.id === item.line_id)?.product_id ?? '';
        shipped[f.location_id] = { ...shipped[f.location_id], [product]: item.quantity };
      }
    }
    await app.close();
    return { taken, shipped };
  }

  // The warehouse ships cheaper; the shop floor is the primary. The warehouse has all the tea
  // and half the coffee, the shop floor no tea and all the coffee: no one location has it all.
  const split = {
    ranking: 'cost',
    terms: {
      [FLOOR]: { shipping_cost: 900, lead_time_hours: 24 },
      [WAREHOUSE]: { shipping_cost: 400, lead_time_hours: 24 },
    },
    stock: { [FLOOR]: { [TEA]: 0, [COFFEE]: 4 }, [WAREHOUSE]: { [TEA]: 4, [COFFEE]: 2 } },
    destination: NEAR_WAREHOUSE,
  } as const;

  it.each<[RoutingStrategy, string, Held]>([
    // Everything from the primary, the tea it lacks taken there (oversold) for a transfer in.
    ['primary_only', 'everything from the shop floor', { [FLOOR]: { [TEA]: 4, [COFFEE]: 4 } }],
    // Each line whole from the cheapest location that has all of it.
    [
      'first_available',
      'tea from the warehouse, coffee whole from the shop floor',
      { [WAREHOUSE]: { [TEA]: 4 }, [FLOOR]: { [COFFEE]: 4 } },
    ],
    // One location, the one with most of the order: the coffee it lacks is taken there too.
    ['no_split', 'everything from the warehouse', { [WAREHOUSE]: { [TEA]: 4, [COFFEE]: 4 } }],
    // As few locations as cover it, the cheapest first taking all it has.
    [
      'split_shipments',
      'the warehouse’s all, the rest of the coffee from the shop floor',
      { [WAREHOUSE]: { [TEA]: 4, [COFFEE]: 2 }, [FLOOR]: { [COFFEE]: 2 } },
    ],
  ])('routes by %s: %s', async (strategy, _what, expected) => {
    const { taken, shipped } = await route({ ...split, strategy });
    expect(taken).toEqual(expected);
    expect(shipped).toEqual(expected);
  });

  // Plenty of tea everywhere; each time the ranking's own measure favours the warehouse while
  // the other two (and the primary's tie-break) favour the shop floor.
  it.each<[RoutingRanking, Destination, Record<string, number>, Record<string, number>]>([
    [
      'distance',
      NEAR_WAREHOUSE,
      { [FLOOR]: 100, [WAREHOUSE]: 900 },
      { [FLOOR]: 2, [WAREHOUSE]: 48 },
    ],
    ['cost', NEAR_FLOOR, { [FLOOR]: 900, [WAREHOUSE]: 100 }, { [FLOOR]: 2, [WAREHOUSE]: 48 }],
    ['lead_time', NEAR_FLOOR, { [FLOOR]: 100, [WAREHOUSE]: 900 }, { [FLOOR]: 48, [WAREHOUSE]: 2 }],
  ])('ranks by %s', async (ranking, destination, cost, lead) => {
    const terms = Object.fromEntries(
      [FLOOR, WAREHOUSE].map((id) => [
        id,
        { shipping_cost: cost[id] ?? 0, lead_time_hours: lead[id] ?? 0 },
      ]),
    );
    const { taken } = await route({
      strategy: 'no_split',
      ranking,
      terms,
      stock: { [FLOOR]: { [TEA]: 50 }, [WAREHOUSE]: { [TEA]: 50 } },
      destination,
      items: [{ product: 1, quantity: 2 }],
    });
    expect(taken).toEqual({ [WAREHOUSE]: { [TEA]: 2 } });
  });
});
