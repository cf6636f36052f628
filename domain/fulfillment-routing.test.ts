import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  haversineKm,
  rankLocations,
  ROUTING_RANKINGS,
  ROUTING_STRATEGIES,
  routeGroup,
  routeGroups,
  stockKey,
} from './fulfillment-routing';
import type {
  RoutingGroup,
  RoutingLine,
  RoutingLocation,
  RoutingPlan,
  RoutingStrategy,
} from './fulfillment-routing';
import { suggestTransfer } from './transfer-suggestion';

/*
 * Springfield (the customer), a shop in town that is primary, a warehouse 20 km out that is
 * cheap, and a depot 200 km out that ships fastest.
 */
const CUSTOMER = { latitude: 39.78, longitude: -89.65 };
const location = (id: string, over: Partial<RoutingLocation> = {}): RoutingLocation => ({
  id,
  is_primary: false,
  latitude: null,
  longitude: null,
  shipping_cost: null,
  lead_time_hours: null,
  ...over,
});
const SHOP = location('shop', {
  is_primary: true,
  latitude: 39.79,
  longitude: -89.64,
  shipping_cost: 900,
  lead_time_hours: 48,
});
const WAREHOUSE = location('warehouse', {
  latitude: 39.96,
  longitude: -89.65,
  shipping_cost: 300,
  lead_time_hours: 24,
});
const DEPOT = location('depot', {
  latitude: 41.58,
  longitude: -89.65,
  shipping_cost: 600,
  lead_time_hours: 6,
});
const ALL = [SHOP, WAREHOUSE, DEPOT];

const stock = (entries: Record<string, Record<string, number>>) =>
  new Map(
    Object.entries(entries).flatMap(([loc, products]) =>
      Object.entries(products).map(([product, n]) => [stockKey(loc, product), n] as const),
    ),
  );
const line = (id: string, product: string, quantity: number): RoutingLine => ({
  line_id: id,
  product_id: product,
  quantity,
});
const group = (over: Partial<RoutingGroup>): RoutingGroup => ({
  lines: [line('l1', 'tea', 2)],
  locations: ALL,
  strategy: 'first_available',
  ranking: 'distance',
  destination: CUSTOMER,
  ...over,
});
const locationsOf = (plan: RoutingPlan) =>
  [...new Set([...plan.allocations, ...plan.shortfalls].map((a) => a.location_id))].sort();

describe('ranking', () => {
  it('measures great-circle distance', () => {
    // One degree of latitude is about 111 km anywhere.
    expect(haversineKm({ latitude: 10, longitude: 5 }, { latitude: 11, longitude: 5 })).toBeCloseTo(
      111.2,
      0,
    );
    expect(haversineKm({ latitude: null, longitude: 5 }, CUSTOMER)).toBeNull();
  });

  it.each([
    ['distance', ['shop', 'warehouse', 'depot']],
    ['cost', ['warehouse', 'depot', 'shop']],
    ['lead_time', ['depot', 'warehouse', 'shop']],
  ] as const)('orders locations by %s', (ranking, expected) => {
    expect(rankLocations(ALL, ranking, CUSTOMER).map((l) => l.id)).toEqual(expected);
  });

  it('puts unknown figures last and prefers the primary location on a tie', () => {
    const unknown = location('a-unknown');
    const twin = location('b-twin', { shipping_cost: 300 });
    const primaryTwin = location('c-twin', { shipping_cost: 300, is_primary: true });
    expect(rankLocations([unknown, twin, primaryTwin], 'cost', null).map((l) => l.id)).toEqual([
      'c-twin',
      'b-twin',
      'a-unknown',
    ]);
    // No destination: distance cannot tell locations apart, so the primary comes first.
    expect(rankLocations(ALL, 'distance', null)[0]?.id).toBe('shop');
  });
});

describe('strategies', () => {
  const plenty = stock({
    shop: { tea: 1, mug: 5 },
    warehouse: { tea: 10, mug: 0 },
    depot: { tea: 10, mug: 10 },
  });
  const twoLines = [line('l1', 'tea', 2), line('l2', 'mug', 2)];

  it('primary only takes from the primary location and leaves the rest short there', () => {
    const plan = routeGroup(group({ strategy: 'primary_only', ranking: 'cost' }), plenty);
    expect(plan.allocations).toEqual([
      { location_id: 'shop', line_id: 'l1', product_id: 'tea', quantity: 1 },
    ]);
    expect(plan.shortfalls).toEqual([
      { location_id: 'shop', line_id: 'l1', product_id: 'tea', quantity: 1 },
    ]);
  });

  it('first available sends each line to the best-ranked location that has all of it', () => {
    const byDistance = routeGroup(group({ lines: twoLines }), plenty);
    expect(byDistance.allocations).toEqual([
      { location_id: 'warehouse', line_id: 'l1', product_id: 'tea', quantity: 2 },
      { location_id: 'shop', line_id: 'l2', product_id: 'mug', quantity: 2 },
    ]);
    const byLeadTime = routeGroup(group({ lines: twoLines, ranking: 'lead_time' }), plenty);
    expect(locationsOf(byLeadTime)).toEqual(['depot']);
  });

  it('no split picks the best-ranked location that has everything, passing nearer partial ones', () => {
    const plan = routeGroup(group({ lines: twoLines, strategy: 'no_split' }), plenty);
    expect(locationsOf(plan)).toEqual(['depot']);
    expect(plan.shortfalls).toEqual([]);
  });

  it('split shipments uses the fewest locations, then the ranking', () => {
    const scarce = stock({
      shop: { tea: 1, mug: 1 },
      warehouse: { tea: 2 },
      depot: { mug: 2 },
    });
    const plan = routeGroup(group({ lines: twoLines, strategy: 'split_shipments' }), scarce);
    expect(locationsOf(plan)).toEqual(['depot', 'warehouse']);
    expect(plan.shortfalls).toEqual([]);
    // One location with everything beats two nearer ones.
    const cheap = routeGroup(
      group({ lines: twoLines, strategy: 'split_shipments', ranking: 'cost' }),
      plenty,
    );
    expect(locationsOf(cheap)).toEqual(['depot']);
  });

  it('routes later groups against what earlier ones left', () => {
    const one = stock({ shop: { tea: 2 }, warehouse: { tea: 2 } });
    const [first, second] = routeGroups(
      [group({ strategy: 'no_split' }), group({ strategy: 'no_split' })],
      one,
    );
    expect(first && locationsOf(first)).toEqual(['shop']);
    expect(second && locationsOf(second)).toEqual(['warehouse']);
  });
});

describe('routing properties', () => {
  const ids = ['a', 'b', 'c', 'd'];
  const products = ['p1', 'p2', 'p3'];
  const arbLocations = fc
    .uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 4 })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((id, i) =>
          fc.record({
            id: fc.constant(id),
            is_primary: fc.constant(i === 0),
            latitude: fc.option(fc.double({ min: -80, max: 80, noNaN: true })),
            longitude: fc.option(fc.double({ min: -170, max: 170, noNaN: true })),
            shipping_cost: fc.option(fc.integer({ min: 0, max: 5000 })),
            lead_time_hours: fc.option(fc.integer({ min: 0, max: 240 })),
          }),
        ),
      ),
    );
  const arbLines = fc
    .array(fc.tuple(fc.constantFrom(...products), fc.integer({ min: 1, max: 20 })), {
      minLength: 1,
      maxLength: 5,
    })
    .map((ls) => ls.map(([p, q], i) => line(`l${i}`, p, q)));
  const arbStock = fc
    .array(
      fc.tuple(
        fc.constantFrom(...ids),
        fc.constantFrom(...products),
        fc.integer({ min: -5, max: 30 }),
      ),
    )
    .map((entries) => new Map(entries.map(([l, p, n]) => [stockKey(l, p), n] as const)));
  const arbCase = fc.record({
    locations: arbLocations,
    lines: arbLines,
    available: arbStock,
    strategy: fc.constantFrom<RoutingStrategy>(...ROUTING_STRATEGIES),
    ranking: fc.constantFrom(...ROUTING_RANKINGS),
    destination: fc.option(fc.record({ latitude: fc.constant(40), longitude: fc.constant(-90) })),
  });

  const sumBy = (
    allocs: RoutingPlan['allocations'],
    key: (a: (typeof allocs)[number]) => string,
  ) => {
    const sums = new Map<string, number>();
    for (const a of allocs) sums.set(key(a), (sums.get(key(a)) ?? 0) + a.quantity);
    return sums;
  };

  it('sends exactly what was ordered, never more than a location has', () => {
    fc.assert(
      fc.property(arbCase, ({ available, ...g }) => {
        const plan = routeGroup(g, available);
        const perLine = sumBy([...plan.allocations, ...plan.shortfalls], (a) => a.line_id);
        for (const l of g.lines) expect(perLine.get(l.line_id)).toBe(l.quantity);
        const perLevel = sumBy(plan.allocations, (a) => stockKey(a.location_id, a.product_id));
        for (const [key, taken] of perLevel) {
          expect(taken).toBeLessThanOrEqual(Math.max(0, available.get(key) ?? 0));
        }
        const known = new Set(g.locations.map((l) => l.id));
        for (const a of [...plan.allocations, ...plan.shortfalls]) {
          expect(known.has(a.location_id)).toBe(true);
          expect(a.quantity).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('keeps primary only at the primary and no split at one location', () => {
    fc.assert(
      fc.property(arbCase, ({ available, ...g }) => {
        const primary = routeGroup({ ...g, strategy: 'primary_only' }, available);
        expect(locationsOf(primary)).toEqual([g.locations[0]?.id]);
        expect(locationsOf(routeGroup({ ...g, strategy: 'no_split' }, available))).toHaveLength(1);
      }),
    );
  });

  it('split shipments covers everything when total stock suffices', () => {
    fc.assert(
      fc.property(arbCase, ({ available, ...g }) => {
        const ordered = sumBy(
          g.lines.map((l) => ({ ...l, location_id: '' })),
          (l) => l.product_id,
        );
        const enough = [...ordered].every(
          ([product, n]) =>
            g.locations.reduce(
              (sum, l) => sum + Math.max(0, available.get(stockKey(l.id, product)) ?? 0),
              0,
            ) >= n,
        );
        const plan = routeGroup({ ...g, strategy: 'split_shipments' }, available);
        if (enough) expect(plan.shortfalls).toEqual([]);
        else expect(plan.shortfalls.length).toBeGreaterThan(0);
      }),
    );
  });

  it('split shipments never uses more locations than another plan that covers everything', () => {
    fc.assert(
      fc.property(arbCase, ({ available, ...g }) => {
        const split = locationsOf(routeGroup({ ...g, strategy: 'split_shipments' }, available));
        for (const strategy of ROUTING_STRATEGIES) {
          const other = routeGroup({ ...g, strategy }, available);
          if (other.shortfalls.length > 0) continue;
          expect(split.length).toBeLessThanOrEqual(locationsOf(other).length);
        }
      }),
    );
  });
});

describe('transfer suggestions', () => {
  const levels = stock({ shop: { tea: -3 }, warehouse: { tea: 2 }, depot: { tea: 7 } });

  it('moves the shortfall from the location with the most to spare', () => {
    expect(suggestTransfer('tea', 'shop', 3, ['shop', 'warehouse', 'depot'], levels)).toEqual({
      product_id: 'tea',
      from_location_id: 'depot',
      to_location_id: 'shop',
      quantity: 3,
    });
  });

  it('suggests what there is when no location can cover it all, and nothing when none can', () => {
    expect(suggestTransfer('tea', 'shop', 9, ['shop', 'warehouse', 'depot'], levels)).toMatchObject(
      { from_location_id: 'depot', quantity: 7 },
    );
    expect(suggestTransfer('tea', 'depot', 9, ['shop', 'depot'], levels)).toBeNull();
  });
});
