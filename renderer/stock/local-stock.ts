import type { OrderDoc, StockLevelDoc } from '../../domain/schemas';

/**
 * Orders this register placed that the server has not acknowledged yet: no order_states
 * document has come down for them. They are the "pending uploads", and the sales whose stock
 * the server's levels do not reflect yet.
 */
export function unacknowledged(
  orders: readonly OrderDoc[],
  acknowledgedIds: ReadonlySet<string>,
): OrderDoc[] {
  return orders.filter((o) => !acknowledgedIds.has(o.id));
}

/**
 * The register's view of sellable stock: the server's level at the location (stocked less
 * reserved) minus what unacknowledged local sales from that location took. Null when the server
 * has sent no level for the product there, which is "unknown", not zero. May go negative: an
 * offline sale is never refused for stock.
 */
export function localStock(
  productId: string,
  locationId: string,
  levels: readonly StockLevelDoc[],
  pending: readonly OrderDoc[],
): number | null {
  const level = levels.find((l) => l.product_id === productId && l.location_id === locationId);
  if (!level) return null;
  let taken = 0;
  for (const order of pending) {
    if (order.location_id !== locationId) continue;
    for (const line of order.lines) if (line.product_id === productId) taken += line.quantity;
  }
  return level.stocked_quantity - level.reserved_quantity - taken;
}
