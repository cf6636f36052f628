import type { StockMovement } from '../catalog/stock-levels';
import type { StoredFulfillment } from './fulfillments-store';

/*
 * A fulfillment's stock over its life: reserved at its location when routed, deducted when the
 * goods leave (shipped, delivered or collected), released when it is canceled first. Each
 * movement's dedupe key names the fulfillment and line, so a replayed step or a repeated
 * callback moves stock once.
 */
const DELTAS = {
  reservation: { stocked: 0, reserved: 1 },
  fulfillment: { stocked: -1, reserved: -1 },
  release: { stocked: 0, reserved: -1 },
} as const;

export function fulfillmentMoves(
  f: Pick<StoredFulfillment, 'id' | 'location_id' | 'items'>,
  kind: keyof typeof DELTAS,
): StockMovement[] {
  const delta = DELTAS[kind];
  return f.items.map((item) => ({
    location_id: f.location_id,
    product_id: item.product_id,
    kind,
    stocked_delta: delta.stocked * item.quantity,
    reserved_delta: delta.reserved * item.quantity,
    reference: f.id,
    dedupe_key: `${kind}:${f.id}:${item.line_id}`,
  }));
}
