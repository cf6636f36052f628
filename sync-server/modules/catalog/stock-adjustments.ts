import type { Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { recordStockMovements } from './stock-levels';
import type { StockLevelRow } from './stock-levels';
import { requireStoreLocations, requireStoreProducts } from './stock-subjects';

export interface StockAdjustment {
  /** Chosen by the client and sent again on retry: the adjustment moves stock once. */
  readonly request_id: string;
  readonly location_id: string;
  readonly product_id: string;
  /** Either a change to the stocked quantity, or the quantity counted on the shelf. */
  readonly delta?: number;
  readonly counted_quantity?: number;
  readonly reason: string;
}

export interface StoredMovement {
  id: string;
  location_id: string;
  product_id: string;
  kind: string;
  stocked_delta: number;
  reserved_delta: number;
  reference: string;
  note: string;
  created_at: string;
}

export const MOVEMENT_COLUMNS = `id::text as id, location_id, product_id, kind, stocked_delta,
  reserved_delta, reference, note, created_at`;

export const movementRecord = (r: Omit<StoredMovement, 'created_at'> & { created_at: Date }) => ({
  id: r.id,
  location_id: r.location_id,
  product_id: r.product_id,
  kind: r.kind,
  stocked_delta: r.stocked_delta,
  reserved_delta: r.reserved_delta,
  reference: r.reference,
  note: r.note,
  created_at: r.created_at.toISOString(),
});

/**
 * Adjusts one stock level through the movement ledger. The movement's dedupe key is the
 * request id, so a retried request — even one racing the first — records nothing new and
 * answers with the movement the first one made. A count sets the level to what was counted,
 * read under the level's lock so a concurrent sale cannot slip between read and write.
 */
export async function adjustStock(
  tx: Queryable,
  storeId: string,
  a: StockAdjustment,
  now: string,
): Promise<{ applied: boolean; movement: StoredMovement; level: StockLevelRow }> {
  await requireStoreLocations(tx, storeId, { 'body.location_id': a.location_id });
  await requireStoreProducts(tx, storeId, { 'body.product_id': a.product_id });
  const current = await tx.query<StockLevelRow>(
    `select location_id, product_id, stocked_quantity, reserved_quantity from stock_levels
     where store_id = $1 and location_id = $2 and product_id = $3 for update`,
    [storeId, a.location_id, a.product_id],
  );
  const before = current.rows[0] ?? {
    location_id: a.location_id,
    product_id: a.product_id,
    stocked_quantity: 0,
    reserved_quantity: 0,
  };
  const stocked = before.stocked_quantity;
  const delta = a.counted_quantity !== undefined ? a.counted_quantity - stocked : (a.delta ?? 0);
  const dedupeKey = `adjustment:${storeId}:${a.request_id}`;
  const changed = await recordStockMovements(
    tx,
    storeId,
    [
      {
        location_id: a.location_id,
        product_id: a.product_id,
        kind: 'adjustment',
        stocked_delta: delta,
        reserved_delta: 0,
        reference: a.request_id,
        dedupe_key: dedupeKey,
        note: a.reason,
      },
    ],
    now,
  );
  const { rows } = await tx.query<Omit<StoredMovement, 'created_at'> & { created_at: Date }>(
    `select ${MOVEMENT_COLUMNS} from stock_movements where dedupe_key = $1`,
    [dedupeKey],
  );
  const stored = rows[0];
  if (!stored) throw new Error(`the adjustment ${a.request_id} was not recorded`);
  const sameRequest =
    stored.location_id === a.location_id &&
    stored.product_id === a.product_id &&
    (a.delta === undefined || stored.stocked_delta === a.delta);
  if (!sameRequest) {
    throw new HttpError(
      'IDEMPOTENCY_MISMATCH',
      `request ${a.request_id} was already used for another adjustment`,
    );
  }
  return {
    applied: changed.length > 0,
    movement: movementRecord(stored),
    level: changed[0] ?? before,
  };
}
