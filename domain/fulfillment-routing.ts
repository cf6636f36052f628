/*
 * Which stock locations fulfil the lines not taken at the counter. A pure function of readonly
 * data, so the server's decision can be reasoned about and property-tested on its own.
 *
 * Strategies:
 * - primary_only: everything from the primary location;
 * - first_available: each line whole from the best-ranked location that has all of it;
 * - no_split: one location for the whole group, the best-ranked one that has everything;
 * - split_shipments: the fewest locations, then the best-ranked such set (an exact search while
 *   it stays small; beyond that, or when total stock falls short, greedily the location covering
 *   most of what is left), so a group that total stock covers is always covered in full.
 * Rankings order the candidates: distance to the destination (haversine), shipping cost or lead
 * time, unknowns last; ties go to the primary location, then by id.
 *
 * Stock is never a reason to refuse: what no chosen location has is a shortfall, still sent to a
 * location of the plan, which then needs a transfer in.
 */

export const ROUTING_STRATEGIES = [
  'primary_only',
  'first_available',
  'no_split',
  'split_shipments',
] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export const ROUTING_RANKINGS = ['distance', 'cost', 'lead_time'] as const;
export type RoutingRanking = (typeof ROUTING_RANKINGS)[number];

export interface Coordinates {
  readonly latitude: number | null;
  readonly longitude: number | null;
}

export interface RoutingLocation extends Coordinates {
  readonly id: string;
  readonly is_primary: boolean;
  /** What shipping from here costs, minor units; null when not known. */
  readonly shipping_cost: number | null;
  readonly lead_time_hours: number | null;
}

export interface RoutingLine {
  readonly line_id: string;
  readonly product_id: string;
  readonly quantity: number;
}

/** Sellable units (stocked − reserved) by stockKey(location, product); a missing key is none. */
export type AvailableStock = ReadonlyMap<string, number>;

export const stockKey = (locationId: string, productId: string): string =>
  `${locationId}:${productId}`;

export interface RoutingGroup {
  readonly lines: readonly RoutingLine[];
  readonly locations: readonly RoutingLocation[];
  readonly strategy: RoutingStrategy;
  readonly ranking: RoutingRanking;
  /** Where the goods go; null (or no coordinates) ranks every location as equally far. */
  readonly destination: Coordinates | null;
}

export interface Allocation {
  readonly location_id: string;
  readonly line_id: string;
  readonly product_id: string;
  readonly quantity: number;
}

export interface RoutingPlan {
  /** Units the location has in stock. */
  readonly allocations: readonly Allocation[];
  /** Units no chosen location has, assigned to the location a transfer should bring them to. */
  readonly shortfalls: readonly Allocation[];
}

const EARTH_RADIUS_KM = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in kilometres; null when either point has no coordinates. */
export function haversineKm(a: Coordinates, b: Coordinates): number | null {
  if (a.latitude === null || a.longitude === null) return null;
  if (b.latitude === null || b.longitude === null) return null;
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The candidates best first by the ranking; unknown scores last, then primary, then id. */
export function rankLocations(
  locations: readonly RoutingLocation[],
  ranking: RoutingRanking,
  destination: Coordinates | null,
): RoutingLocation[] {
  const score = (l: RoutingLocation): number => {
    const value =
      ranking === 'distance'
        ? destination && haversineKm(destination, l)
        : ranking === 'cost'
          ? l.shipping_cost
          : l.lead_time_hours;
    return value ?? Number.POSITIVE_INFINITY;
  };
  return [...locations].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (a.is_primary !== b.is_primary) return a.is_primary ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** The routing of one group in its own working copy of the stock. */
class Planner {
  private readonly need = new Map<string, number>();
  private readonly stock: Map<string, number>;
  private readonly taken: Allocation[] = [];
  /** The locations the plan uses, in the order it chose them. */
  readonly chosen: RoutingLocation[] = [];

  constructor(
    private readonly lines: readonly RoutingLine[],
    available: AvailableStock,
  ) {
    this.stock = new Map(available);
    for (const line of lines) this.need.set(line.line_id, line.quantity);
  }

  private has(locationId: string, productId: string): number {
    return Math.max(0, this.stock.get(stockKey(locationId, productId)) ?? 0);
  }

  needOf(line: RoutingLine): number {
    return this.need.get(line.line_id) ?? 0;
  }

  /** How many still-needed units the location could give, products shared across lines. */
  coverable(location: RoutingLocation): number {
    const need = new Map<string, number>();
    for (const line of this.lines) {
      need.set(line.product_id, (need.get(line.product_id) ?? 0) + this.needOf(line));
    }
    let units = 0;
    for (const [product, n] of need) units += Math.min(n, this.has(location.id, product));
    return units;
  }

  hasAll(location: RoutingLocation, line: RoutingLine): boolean {
    return this.has(location.id, line.product_id) >= this.needOf(line);
  }

  remaining(): number {
    return this.lines.reduce((sum, l) => sum + this.needOf(l), 0);
  }

  /** Takes what the location has of the given lines (all lines by default). */
  take(location: RoutingLocation, lines: readonly RoutingLine[] = this.lines): void {
    for (const line of lines) {
      const quantity = Math.min(this.needOf(line), this.has(location.id, line.product_id));
      if (quantity === 0) continue;
      const key = stockKey(location.id, line.product_id);
      this.stock.set(key, (this.stock.get(key) ?? 0) - quantity);
      this.need.set(line.line_id, this.needOf(line) - quantity);
      this.taken.push({
        location_id: location.id,
        line_id: line.line_id,
        product_id: line.product_id,
        quantity,
      });
    }
    if (!this.chosen.some((c) => c.id === location.id)) this.chosen.push(location);
  }

  /** What was taken, and what is missing at the first chosen location that gave the line. */
  plan(fallback: RoutingLocation | undefined): RoutingPlan {
    const shortfalls: Allocation[] = [];
    for (const line of this.lines) {
      const missing = this.needOf(line);
      if (missing === 0) continue;
      const gave = this.chosen.find((c) =>
        this.taken.some((t) => t.location_id === c.id && t.line_id === line.line_id),
      );
      const target = gave ?? this.chosen[0] ?? fallback;
      if (!target) continue;
      shortfalls.push({
        location_id: target.id,
        line_id: line.line_id,
        product_id: line.product_id,
        quantity: missing,
      });
    }
    return { allocations: merge(this.taken), shortfalls };
  }
}

function merge(allocations: readonly Allocation[]): Allocation[] {
  const byKey = new Map<string, Allocation>();
  for (const a of allocations) {
    const key = `${a.location_id}\u0000${a.line_id}`;
    const prior = byKey.get(key);
    byKey.set(key, prior ? { ...prior, quantity: prior.quantity + a.quantity } : a);
  }
  return [...byKey.values()];
}

/** Location sets examined before the exact search gives way to the greedy one. */
const EXACT_SEARCH_BUDGET = 20_000;

function* combinations<T>(items: readonly T[], size: number): Generator<T[]> {
  const index = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    yield index.map((i) => items[i] as T);
    let i = size - 1;
    while (i >= 0 && index[i] === items.length - size + i) i--;
    if (i < 0) return;
    index[i] = (index[i] ?? 0) + 1;
    for (let j = i + 1; j < size; j++) index[j] = (index[j - 1] ?? 0) + 1;
  }
}

/**
 * The smallest set of locations whose stock covers every line, the best-ranked first among sets
 * of that size (sets are tried in ranking order); null when none does or the search is too big.
 */
function fewestCovering(
  ranked: readonly RoutingLocation[],
  lines: readonly RoutingLine[],
  available: AvailableStock,
): RoutingLocation[] | null {
  const need = new Map<string, number>();
  for (const l of lines) need.set(l.product_id, (need.get(l.product_id) ?? 0) + l.quantity);
  const has = (l: RoutingLocation, product: string) =>
    Math.max(0, available.get(stockKey(l.id, product)) ?? 0);
  const useful = ranked.filter((l) => [...need.keys()].some((p) => has(l, p) > 0));
  let budget = EXACT_SEARCH_BUDGET;
  for (let size = 1; size <= useful.length; size++) {
    for (const set of combinations(useful, size)) {
      if (--budget < 0) return null;
      const covers = [...need].every(
        ([product, n]) => set.reduce((sum, l) => sum + has(l, product), 0) >= n,
      );
      if (covers) return set;
    }
  }
  return null;
}

/** Routes one group of lines against the stock available. */
export function routeGroup(group: RoutingGroup, available: AvailableStock): RoutingPlan {
  const ranked = rankLocations(group.locations, group.ranking, group.destination);
  const planner = new Planner(group.lines, available);
  const total = planner.remaining();
  switch (group.strategy) {
    case 'primary_only': {
      const primary = ranked.find((l) => l.is_primary) ?? ranked[0];
      if (primary) planner.take(primary);
      break;
    }
    case 'first_available':
      for (const line of group.lines) {
        const whole = ranked.find((l) => planner.hasAll(l, line));
        if (whole) {
          planner.take(whole, [line]);
          continue;
        }
        // No location has the whole line: it comes from as few as the ranking order allows.
        for (const l of ranked) if (planner.needOf(line) > 0) planner.take(l, [line]);
      }
      break;
    case 'no_split': {
      let best: RoutingLocation | undefined;
      let bestUnits = -1;
      for (const l of ranked) {
        const units = planner.coverable(l);
        if (units > bestUnits) [best, bestUnits] = [l, units];
        if (units === total) break;
      }
      if (best) planner.take(best);
      break;
    }
    case 'split_shipments': {
      const fewest = fewestCovering(ranked, group.lines, available);
      for (const l of fewest ?? []) planner.take(l);
      while (planner.remaining() > 0) {
        let best: RoutingLocation | undefined;
        let bestUnits = 0;
        for (const l of ranked) {
          const units = planner.coverable(l);
          if (units > bestUnits) [best, bestUnits] = [l, units];
        }
        if (!best) break;
        planner.take(best);
      }
      break;
    }
  }
  return planner.plan(ranked[0]);
}

/** Routes groups one after another; each sees the stock the earlier ones did not take. */
export function routeGroups(
  groups: readonly RoutingGroup[],
  available: AvailableStock,
): RoutingPlan[] {
  const stock = new Map(available);
  return groups.map((group) => {
    const plan = routeGroup(group, stock);
    for (const a of plan.allocations) {
      const key = stockKey(a.location_id, a.product_id);
      stock.set(key, (stock.get(key) ?? 0) - a.quantity);
    }
    return plan;
  });
}
