import { stockKey } from '../../../domain/fulfillment-routing';
import type { Location, OrderDoc } from '../../../domain/schemas';
import { suggestTransfer } from '../../../domain/transfer-suggestion';
import { availableStock } from '../catalog/stock-levels';
import type { StockLevelRow } from '../catalog/stock-levels';
import type { Queryable } from '../../infra/db/db';
import { emitEvents } from '../../infra/outbox/outbox';
import { raiseException } from '../../infra/exceptions/inbox';

/*
 * A sale is never refused for stock. When one takes more than a location has — a counter sale
 * below zero, or a routed line no location covers — the shortfall goes to the back office as a
 * `stock_oversold` exception with a suggested transfer, and a stock.oversold event, once per
 * order and product however often the cause is replayed.
 */

export interface Shortfall {
  readonly order_id: string;
  readonly product_id: string;
  /** Where the goods are needed. */
  readonly location_id: string;
  readonly quantity: number;
}

/**
 * The units each counter sale of a batch took that its location did not have: a level left
 * below zero is charged to the batch's sales of it, latest first, each at most what it sold.
 */
export function counterShortfalls(
  sales: readonly { readonly order: OrderDoc; readonly lines: OrderDoc['lines'] }[],
  levels: readonly StockLevelRow[],
): Shortfall[] {
  const shortfalls: Shortfall[] = [];
  for (const level of levels) {
    let deficit = level.reserved_quantity - level.stocked_quantity;
    for (const { order, lines } of [...sales].reverse()) {
      if (deficit <= 0) break;
      if (order.location_id !== level.location_id) continue;
      const sold = lines
        .filter((l) => l.product_id === level.product_id)
        .reduce((sum, l) => sum + l.quantity, 0);
      const quantity = Math.min(sold, deficit);
      if (quantity === 0) continue;
      deficit -= quantity;
      shortfalls.push({
        order_id: order.id,
        product_id: level.product_id,
        location_id: level.location_id,
        quantity,
      });
    }
  }
  return shortfalls;
}

/** Files the shortfalls; returns the orders that got a new exception. */
export async function reportShortfalls(
  tx: Queryable,
  storeId: string,
  shortfalls: readonly Shortfall[],
  locations: readonly Location[],
): Promise<string[]> {
  const merged = new Map<string, Shortfall>();
  for (const s of shortfalls) {
    const key = `${s.order_id}:${s.product_id}`;
    const prior = merged.get(key);
    merged.set(key, prior ? { ...prior, quantity: prior.quantity + s.quantity } : s);
  }
  if (merged.size === 0) return [];
  const products = [...new Set([...merged.values()].map((s) => s.product_id))];
  const available = await availableStock(tx, storeId, products);
  const name = (id: string) => locations.find((l) => l.id === id)?.name ?? id;
  const reported: string[] = [];
  for (const s of merged.values()) {
    const transfer = suggestTransfer(
      s.product_id,
      s.location_id,
      s.quantity,
      locations.map((l) => l.id),
      available,
    );
    const detail = {
      order_id: s.order_id,
      product_id: s.product_id,
      location_id: s.location_id,
      short_quantity: s.quantity,
      suggested_transfer: transfer,
    };
    const advice = transfer
      ? `move ${transfer.quantity} from ${name(transfer.from_location_id)}`
      : 'no other location has any to spare';
    const id = await raiseException(tx, {
      storeId,
      kind: 'stock_oversold',
      subjectId: s.order_id,
      message: `${s.quantity} × ${s.product_id} sold beyond the stock at ${name(s.location_id)}: ${advice}.`,
      detail,
      dedupeKey: `stock_oversold:${s.order_id}:${s.product_id}`,
    });
    await emitEvents(tx, [
      {
        storeId,
        type: 'stock.oversold',
        subjectId: stockKey(s.location_id, s.product_id),
        dedupeKey: `stock.oversold:${s.order_id}:${s.product_id}`,
        data: detail,
      },
    ]);
    if (id !== null) reported.push(s.order_id);
  }
  return [...new Set(reported)];
}
