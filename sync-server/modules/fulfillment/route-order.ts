import { canonicalJson } from '../../../domain/canonical-json';
import { deliveryOf } from '../../../domain/delivery';
import { routeGroups } from '../../../domain/fulfillment-routing';
import type { RoutingGroup, RoutingLocation } from '../../../domain/fulfillment-routing';
import { uuidv7 } from '../../../domain/ids';
import type { Delivery, Location, OrderDoc } from '../../../domain/schemas';
import { availableStock } from '../catalog/stock-levels';
import type { Queryable } from '../../infra/db/db';
import { storeLocations } from '../orders/locations';
import type { FulfillmentLineItem, StoredFulfillment } from './fulfillments-store';
import type { Shortfall } from './oversold';
import type { FulfillmentRegistry } from './registry';
import { readFulfillmentSettings } from './routing-settings';

type NewFulfillment = Omit<StoredFulfillment, 'created_at' | 'tracking_numbers'>;

export interface RoutedOrder {
  readonly locations: readonly Location[];
  /** Pending fulfillments, one per delivery and location, to reserve and hand to providers. */
  readonly fulfillments: readonly NewFulfillment[];
  readonly shortfalls: readonly Shortfall[];
}

/**
 * Decides where an order's lines to ship or collect come from. Lines with the same delivery
 * travel together; a pickup comes from its own location; shipments are routed by the store's
 * strategy and ranking against the stock not yet sold or reserved.
 */
export async function routeOrder(
  q: Queryable,
  order: OrderDoc,
  registry: FulfillmentRegistry,
): Promise<RoutedOrder> {
  const locations = await storeLocations(q, order.store_id);
  const settings = await readFulfillmentSettings(q, order.store_id);
  const terms = new Map(settings.locations.map((t) => [t.location_id, t]));
  const candidates: RoutingLocation[] = locations.map((l) => ({
    id: l.id,
    is_primary: l.is_primary,
    latitude: l.latitude,
    longitude: l.longitude,
    shipping_cost: terms.get(l.id)?.shipping_cost ?? null,
    lead_time_hours: terms.get(l.id)?.lead_time_hours ?? null,
  }));

  const byDelivery = new Map<string, { delivery: Delivery; lines: OrderDoc['lines'] }>();
  for (const line of order.lines) {
    const delivery = deliveryOf(order, line);
    if (delivery === null) continue;
    const key = canonicalJson(delivery);
    const group = byDelivery.get(key) ?? { delivery, lines: [] };
    byDelivery.set(key, { ...group, lines: [...group.lines, line] });
  }
  const deliveries = [...byDelivery.values()];
  const groups: RoutingGroup[] = deliveries.map(({ delivery, lines }) => ({
    lines: lines.map((l) => ({ line_id: l.id, product_id: l.product_id, quantity: l.quantity })),
    ...(delivery.type === 'pickup'
      ? {
          locations: candidates.filter((c) => c.id === delivery.location_id),
          strategy: 'no_split',
          ranking: settings.ranking,
          destination: null,
        }
      : {
          locations: candidates,
          strategy: settings.strategy,
          ranking: settings.ranking,
          destination: delivery,
        }),
  }));

  const plans = routeGroups(
    groups,
    await availableStock(q, order.store_id, [...new Set(order.lines.map((l) => l.product_id))]),
  );

  const fulfillments: NewFulfillment[] = [];
  const shortfalls: Shortfall[] = [];
  for (const [i, plan] of plans.entries()) {
    const delivery = deliveries[i]?.delivery;
    if (!delivery) continue;
    const provider = registry.forDelivery(delivery);
    const byLocation = new Map<string, FulfillmentLineItem[]>();
    for (const a of [...plan.allocations, ...plan.shortfalls]) {
      const items = byLocation.get(a.location_id) ?? [];
      const same = items.find((item) => item.line_id === a.line_id);
      const merged = same
        ? items.map((item) =>
            item === same ? { ...item, quantity: item.quantity + a.quantity } : item,
          )
        : [...items, { line_id: a.line_id, product_id: a.product_id, quantity: a.quantity }];
      byLocation.set(a.location_id, merged);
    }
    for (const [locationId, items] of byLocation) {
      const location = locations.find((l) => l.id === locationId);
      if (!location) continue;
      const { data } = await provider.validateFulfillmentData({ delivery, location });
      fulfillments.push({
        id: uuidv7(),
        store_id: order.store_id,
        order_id: order.id,
        location_id: locationId,
        provider_id: provider.id,
        status: 'pending',
        items,
        delivery,
        data,
      });
    }
    shortfalls.push(...plan.shortfalls.map((s) => ({ ...s, order_id: order.id })));
  }
  return { locations, fulfillments, shortfalls };
}
