import type { Db } from '../../sync-server/infra/db/db';

export interface LevelAgainstLedger {
  readonly location_id: string;
  readonly product_id: string;
  readonly stocked: number;
  readonly reserved: number;
  readonly ledger_stocked: number;
  readonly ledger_reserved: number;
}

/** Every level of the store beside the sums of its movements: the two must always agree. */
export async function levelsAgainstLedger(db: Db, storeId: string): Promise<LevelAgainstLedger[]> {
  const { rows } = await db.query<{
    location_id: string;
    product_id: string;
    stocked: number;
    reserved: number;
    ledger_stocked: number | string;
    ledger_reserved: number | string;
  }>(
    `select l.location_id, l.product_id, l.stocked_quantity as stocked,
            l.reserved_quantity as reserved,
            coalesce(sum(m.stocked_delta), 0) as ledger_stocked,
            coalesce(sum(m.reserved_delta), 0) as ledger_reserved
     from stock_levels l
     left join stock_movements m on m.store_id = l.store_id and m.location_id = l.location_id
                                 and m.product_id = l.product_id
     where l.store_id = $1
     group by l.location_id, l.product_id, l.stocked_quantity, l.reserved_quantity
     order by l.product_id, l.location_id`,
    [storeId],
  );
  return rows.map((r) => ({
    ...r,
    ledger_stocked: Number(r.ledger_stocked),
    ledger_reserved: Number(r.ledger_reserved),
  }));
}

/** One product's level at one location. */
export async function levelOf(
  db: Db,
  storeId: string,
  locationId: string,
  productId: string,
): Promise<{ stocked: number; reserved: number }> {
  const levels = await levelsAgainstLedger(db, storeId);
  const level = levels.find((l) => l.location_id === locationId && l.product_id === productId);
  return { stocked: level?.stocked ?? 0, reserved: level?.reserved ?? 0 };
}
