import type { FastifyInstance } from 'fastify';
import type { StockLevelDoc } from '../../domain/schemas';
import { stockLevelId } from '../../sync-server/modules/catalog/stock-levels';
import type { Db } from '../../sync-server/infra/db/db';
import { ADMIN_HEADERS, pullAll } from './fixtures';

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

export interface StockSeen {
  /** The level as the admin API lists it. */
  readonly admin: { stocked: number; reserved: number };
  /** The stock_levels document a register of the store pulls. */
  readonly pulled: { stocked: number; reserved: number };
  /** The admin API's movements of the level caused by `references`, oldest first. */
  readonly movements: { kind: string; stocked_delta: number; reserved_delta: number }[];
}

/**
 * One product's stock at one location as every reader sees it: the admin API's level and
 * ledger, and the document registers pull. A document rewritten a moment ago may be held back
 * while another test's transaction is open (see pullAll), so an absent one is pulled again.
 */
export async function stockSeen(
  app: FastifyInstance,
  registerHeaders: { authorization: string },
  storeId: string,
  at: { readonly location_id: string; readonly product_id: string },
  references: readonly string[],
): Promise<StockSeen> {
  const listed = await app.inject({
    method: 'GET',
    url: `/api/admin/stores/${storeId}/stock?product_id=${at.product_id}&location_id=${at.location_id}`,
    headers: ADMIN_HEADERS,
  });
  const [level] = listed.json<{ levels: StockLevelDoc[] }>().levels;
  const ledger = await app.inject({
    method: 'GET',
    url: `/api/admin/stores/${storeId}/stock/levels/${at.location_id}/${at.product_id}/movements?limit=1000`,
    headers: ADMIN_HEADERS,
  });
  const movements = ledger
    .json<{
      movements: {
        kind: string;
        stocked_delta: number;
        reserved_delta: number;
        reference: string;
      }[];
    }>()
    .movements.filter((m) => references.includes(m.reference))
    .map(({ kind, stocked_delta, reserved_delta }) => ({ kind, stocked_delta, reserved_delta }));
  let doc: StockLevelDoc | undefined;
  for (let tries = 0; !doc && tries < 50; tries++) {
    if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const { documents } = await pullAll(app, registerHeaders, storeId, 'stock_levels');
    doc = (documents as unknown as StockLevelDoc[]).find(
      (d) => d.id === stockLevelId(at.location_id, at.product_id),
    );
  }
  return {
    admin: { stocked: level?.stocked_quantity ?? 0, reserved: level?.reserved_quantity ?? 0 },
    pulled: { stocked: doc?.stocked_quantity ?? 0, reserved: doc?.reserved_quantity ?? 0 },
    movements,
  };
}
