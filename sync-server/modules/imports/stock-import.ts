import { z } from 'zod';
import { Key } from '../../../domain/schemas';
import { recordStockMovements, stockLevelId } from '../catalog/stock-levels';
import type { StockMovement } from '../catalog/stock-levels';
import { storeLocationIds } from '../catalog/store-locations';
import { fieldErrors, missingColumns, wholeNumber } from './import-kind';
import type { ImportKind, RowError } from './import-kind';

/*
 * Stock rows set a level: location_id, the product by sku or product_id, and the quantity
 * counted there. Each row becomes an `import` movement of the difference from the level, keyed
 * by the import and row, so the ledger still sums to the levels.
 */

const StockRow = z.object({
  location_id: Key,
  sku: z.string().trim().min(1).max(64).optional(),
  product_id: Key.optional(),
  quantity: wholeNumber(0, 1_000_000_000),
});

export type StockImportRow = z.infer<typeof StockRow>;

export const stockImport: ImportKind<StockImportRow, { locations: ReadonlySet<string> }> = {
  collection: 'stock_levels',

  checkColumns: (columns) =>
    missingColumns(columns, ['location_id', ['sku', 'product_id'], 'quantity']),

  context: async (db, storeId) => ({ locations: await storeLocationIds(db, storeId) }),

  validate(values, ctx) {
    const parsed = StockRow.safeParse(values);
    if (!parsed.success) return fieldErrors(parsed.error);
    const row = parsed.data;
    const errors: Omit<RowError, 'row'>[] = [];
    if (!ctx.locations.has(row.location_id)) {
      errors.push({ field: 'location_id', message: 'not a location of this store' });
    }
    if ((row.sku === undefined) === (row.product_id === undefined)) {
      errors.push({ field: 'sku', message: 'give either sku or product_id' });
    }
    return errors.length > 0 ? errors : row;
  },

  async apply(tx, { storeId, jobId, rows, now }) {
    const products = await tx.query<{ id: string; sku: string }>(
      `select id, sku from products
       where store_id = $1 and (id = any($2::text[]) or sku = any($3::text[])) order by id`,
      [
        storeId,
        rows.flatMap((r) => r.value.product_id ?? []),
        rows.flatMap((r) => r.value.sku ?? []),
      ],
    );
    const ids = new Set(products.rows.map((p) => p.id));
    const skuIds = new Map(products.rows.map((p) => [p.sku, p.id]));
    const errors: RowError[] = [];
    const resolved = rows.flatMap(({ row, value }) => {
      const productId = value.product_id ?? skuIds.get(value.sku ?? '');
      if (productId === undefined || !ids.has(productId)) {
        const field = value.product_id === undefined ? 'sku' : 'product_id';
        errors.push({ row, field, message: 'no such product in this store' });
        return [];
      }
      return [
        { row, location_id: value.location_id, product_id: productId, quantity: value.quantity },
      ];
    });
    // Locked in a fixed order, so two imports touching the same levels cannot deadlock.
    const current = await tx.query<{ location_id: string; product_id: string; stocked: number }>(
      `select s.location_id, s.product_id, s.stocked_quantity as stocked
       from stock_levels s
       join unnest($2::text[], $3::text[]) as u(location_id, product_id)
         on s.location_id = u.location_id and s.product_id = u.product_id
       where s.store_id = $1
       order by s.location_id, s.product_id
       for update of s`,
      [storeId, resolved.map((r) => r.location_id), resolved.map((r) => r.product_id)],
    );
    const levels = new Map(
      current.rows.map((c) => [stockLevelId(c.location_id, c.product_id), c.stocked]),
    );
    const movements: StockMovement[] = [];
    for (const r of resolved) {
      const key = stockLevelId(r.location_id, r.product_id);
      const delta = r.quantity - (levels.get(key) ?? 0);
      levels.set(key, r.quantity);
      if (delta === 0) continue;
      movements.push({
        location_id: r.location_id,
        product_id: r.product_id,
        kind: 'import',
        stocked_delta: delta,
        reserved_delta: 0,
        reference: `import:${jobId}`,
        dedupe_key: `import:${jobId}:${r.row}`,
        note: `row ${r.row}`,
      });
    }
    await recordStockMovements(tx, storeId, movements, now);
    return errors;
  },
};
