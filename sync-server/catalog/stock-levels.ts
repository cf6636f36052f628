import type { StockLevelDoc } from '../../domain/schemas';
import type { Queryable } from '../db/db';
import { writeDocuments } from '../replication/projection';

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

export interface StockMovement {
  readonly location_id: string;
  readonly product_id: string;
  readonly quantity: number;
}

/**
 * Takes sold goods off their locations and writes the new levels' documents, one statement
 * each however many orders sold them. Stock may go negative: an offline sale is never refused
 * for stock; the shortfall is for the back office to resolve. Unknown products are skipped.
 */
export async function deductStock(
  tx: Queryable,
  storeId: string,
  sold: readonly StockMovement[],
  now: string,
): Promise<void> {
  const totals = new Map<string, StockMovement>();
  for (const m of sold) {
    const key = stockLevelId(m.location_id, m.product_id);
    totals.set(key, { ...m, quantity: (totals.get(key)?.quantity ?? 0) + m.quantity });
  }
  if (totals.size === 0) return;
  // Sorted, so concurrent writers lock shared levels in the same order.
  const moves = [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, m]) => m);
  const { rows } = await tx.query<{
    location_id: string;
    product_id: string;
    stocked_quantity: number;
    reserved_quantity: number;
  }>(
    `insert into stock_levels as s (store_id, location_id, product_id, stocked_quantity, reserved_quantity, updated_at)
     select $1, u.location_id, p.id, -u.quantity, 0, $2
     from unnest($3::text[], $4::text[], $5::int[]) with ordinality as u(location_id, product_id, quantity, n)
     join products p on p.store_id = $1 and p.id = u.product_id
     order by u.n
     on conflict (store_id, location_id, product_id) do update
       set stocked_quantity = s.stocked_quantity + excluded.stocked_quantity,
           updated_at = excluded.updated_at
     returning location_id, product_id, stocked_quantity, reserved_quantity`,
    [
      storeId,
      now,
      moves.map((m) => m.location_id),
      moves.map((m) => m.product_id),
      moves.map((m) => m.quantity),
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
}
