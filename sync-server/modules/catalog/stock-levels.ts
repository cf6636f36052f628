import { stockKey } from '../../../domain/fulfillment-routing';
import type { AvailableStock } from '../../../domain/fulfillment-routing';
import { uuidv7 } from '../../../domain/ids';
import type { StockLevelDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { writeDocuments } from '../../infra/sync/projection';

/** One stock document per product and location; the id is stable so updates replace it. */
export function stockLevelId(locationId: string, productId: string): string {
  return `${locationId}:${productId}`;
}

export function stockLevelDoc(row: {
  store_id: string;
  location_id: string;
  product_id: string;
  stocked_quantity: number;
  reserved_quantity: number;
  updated_at: string;
}): StockLevelDoc {
  return { id: stockLevelId(row.location_id, row.product_id), ...row };
}

/*
 * The stock movement ledger. Every change to a level is a movement row, and stock_levels (with
 * the documents the registers pull) is their running sum, moved in the same transaction:
 * - sale: goods taken at the counter (stocked −q);
 * - reservation / release: held for an order routed here, and let go if canceled before its
 *   provider accepted it (reserved ±q);
 * - fulfillment: a provider accepted the fulfillment, so its reserved goods are deducted
 *   (stocked −q, reserved −q); shipping them later moves nothing;
 * - fulfillment_cancel: an accepted fulfillment canceled before the goods left (stocked +q);
 * - return_restock, adjustment, transfer_in / transfer_out, import: as named.
 * Stock may go negative: an offline sale is never refused for stock; the shortfall is an
 * exception for the back office.
 */
export type StockMovementKind =
  | 'sale'
  | 'return_restock'
  | 'adjustment'
  | 'transfer_in'
  | 'transfer_out'
  | 'reservation'
  | 'release'
  | 'fulfillment'
  | 'fulfillment_cancel'
  | 'import';

export interface StockMovement {
  readonly location_id: string;
  readonly product_id: string;
  readonly kind: StockMovementKind;
  readonly stocked_delta: number;
  readonly reserved_delta: number;
  /** The order, return, fulfillment or adjustment that caused it. */
  readonly reference: string;
  /** Names the fact, so a replayed cause moves stock once; null when the caller is exactly-once. */
  readonly dedupe_key: string | null;
  readonly note?: string;
}

export interface StockLevelRow {
  readonly location_id: string;
  readonly product_id: string;
  readonly stocked_quantity: number;
  readonly reserved_quantity: number;
}

/**
 * Records movements and applies the ones not recorded before to their levels, writing the new
 * levels' documents. Movements of unknown products are skipped. Returns the levels it changed.
 */
export async function recordStockMovements(
  tx: Queryable,
  storeId: string,
  movements: readonly StockMovement[],
  now: string,
): Promise<StockLevelRow[]> {
  if (movements.length === 0) return [];
  const inserted = await tx.query<{
    location_id: string;
    product_id: string;
    stocked_delta: number;
    reserved_delta: number;
  }>(
    `insert into stock_movements (id, store_id, location_id, product_id, kind, stocked_delta,
                                  reserved_delta, reference, dedupe_key, note, created_at)
     select u.id, $1, u.location_id, u.product_id, u.kind, u.stocked_delta, u.reserved_delta,
            u.reference, u.dedupe_key, u.note, $2
     from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[],
                 $10::text[], $11::text[])
       as u(id, location_id, product_id, kind, stocked_delta, reserved_delta, reference,
            dedupe_key, note)
     join products p on p.store_id = $1 and p.id = u.product_id
     on conflict (dedupe_key) do nothing
     returning location_id, product_id, stocked_delta, reserved_delta`,
    [
      storeId,
      now,
      movements.map(() => uuidv7()),
      movements.map((m) => m.location_id),
      movements.map((m) => m.product_id),
      movements.map((m) => m.kind),
      movements.map((m) => m.stocked_delta),
      movements.map((m) => m.reserved_delta),
      movements.map((m) => m.reference),
      movements.map((m) => m.dedupe_key),
      movements.map((m) => m.note ?? ''),
    ],
  );
  const totals = new Map<
    string,
    { location_id: string; product_id: string; s: number; r: number }
  >();
  for (const m of inserted.rows) {
    const key = stockLevelId(m.location_id, m.product_id);
    const sum = totals.get(key) ?? {
      location_id: m.location_id,
      product_id: m.product_id,
      s: 0,
      r: 0,
    };
    totals.set(key, { ...sum, s: sum.s + m.stocked_delta, r: sum.r + m.reserved_delta });
  }
  if (totals.size === 0) return [];
  // Sorted, so concurrent writers lock shared levels in the same order.
  const moves = [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, m]) => m);
  const { rows } = await tx.query<StockLevelRow>(
    `insert into stock_levels as s (store_id, location_id, product_id, stocked_quantity, reserved_quantity, updated_at)
     select $1, u.location_id, u.product_id, u.stocked, u.reserved, $2
     from unnest($3::text[], $4::text[], $5::int[], $6::int[]) with ordinality
       as u(location_id, product_id, stocked, reserved, n)
     order by u.n
     on conflict (store_id, location_id, product_id) do update
       set stocked_quantity = s.stocked_quantity + excluded.stocked_quantity,
           reserved_quantity = s.reserved_quantity + excluded.reserved_quantity,
           updated_at = excluded.updated_at
     returning location_id, product_id, stocked_quantity, reserved_quantity`,
    [
      storeId,
      now,
      moves.map((m) => m.location_id),
      moves.map((m) => m.product_id),
      moves.map((m) => m.s),
      moves.map((m) => m.r),
    ],
  );
  await writeDocuments(
    tx,
    storeId,
    'stock_levels',
    rows.map((r) => {
      const doc = stockLevelDoc({ store_id: storeId, ...r, updated_at: now });
      return { id: doc.id, doc };
    }),
  );
  return rows;
}

/** Sellable units (stocked − reserved) of some products at every location of the store. */
export async function availableStock(
  q: Queryable,
  storeId: string,
  productIds: readonly string[],
): Promise<AvailableStock> {
  const { rows } = await q.query<{ location_id: string; product_id: string; available: number }>(
    `select location_id, product_id, stocked_quantity - reserved_quantity as available
     from stock_levels where store_id = $1 and product_id = any($2::text[])`,
    [storeId, productIds],
  );
  return new Map(rows.map((r) => [stockKey(r.location_id, r.product_id), r.available]));
}
