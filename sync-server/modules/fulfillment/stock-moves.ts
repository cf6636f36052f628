import type { StockMovement } from '../catalog/stock-levels';
import type { StoredFulfillment } from './fulfillments-store';

/*
 * A fulfillment's stock over its life (docs/fulfillment.md): reserved at its location when
 * routed; deducted when its provider accepts it, which is when its items count as fulfilled;
 * untouched when the goods leave. A cancel lets the reservation go if the provider never
 * accepted it (release), and puts the deducted goods back on the shelf if it did
 * (fulfillment_cancel). Each movement's dedupe key names the fulfillment and line, so a replayed
 * step or a repeated callback moves stock once.
 */
const DELTAS = {
  reservation: { stocked: 0, reserved: 1 },
  fulfillment: { stocked: -1, reserved: -1 },
  release: { stocked: 0, reserved: -1 },
  fulfillment_cancel: { stocked: 1, reserved: 0 },
} as const;

export type FulfillmentMoveKind = keyof typeof DELTAS;

export function fulfillmentMoves(
  f: Pick<StoredFulfillment, 'id' | 'location_id' | 'items'>,
  kind: FulfillmentMoveKind,
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
