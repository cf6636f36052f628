import { z } from 'zod';
import { uuidv7 } from '../../../domain/ids';
import { parseMoney } from '../../../domain/money';
import { Key, MAX_AMOUNT, ProductDoc } from '../../../domain/schemas';
import { HttpError } from '../../infra/http/errors';
import { writeDocuments } from '../../infra/sync/projection';
import { fieldErrors, flag, missingColumns, wholeNumber } from './import-kind';
import type { ImportKind, RowError } from './import-kind';

/*
 * Product rows: sku, name, and the price either as `price`, a decimal string read exactly with
 * the store currency's exponent ("12.34" is 1234 cents, "12.345" is refused for USD), or as
 * `unit_price` in minor units. Optional: id, barcode, category, tax_rate_codes (separated by
 * `;` or spaces in CSV, an array in JSON), active (default true). A row names its product by id
 * when it has one, else by sku: an existing product is updated, a new one created.
 */

const ProductRow = z.object({
  id: Key.optional(),
  sku: z.string().trim().min(1).max(64),
  barcode: z.string().trim().max(64).optional(),
  name: z.string().trim().min(1).max(200),
  category: z.string().trim().max(100).optional(),
  price: z.string('must be a decimal string like "12.34"').trim().optional(),
  unit_price: wholeNumber(0, MAX_AMOUNT).optional(),
  tax_rate_codes: z
    .union([z.array(z.string().trim().min(1).max(50)).max(10), z.string().max(500)])
    .optional(),
  active: flag.optional(),
});

export interface ProductImportRow {
  readonly id: string | undefined;
  readonly sku: string;
  readonly barcode: string;
  readonly name: string;
  readonly category: string | undefined;
  readonly unit_price: number;
  readonly tax_rate_ids: string[];
  readonly active: boolean;
}

interface ProductContext {
  readonly currency: string;
  readonly taxRateIds: ReadonlyMap<string, string>;
}

export const productImport: ImportKind<ProductImportRow, ProductContext> = {
  collection: 'products',

  checkColumns: (columns) => missingColumns(columns, ['sku', 'name', ['price', 'unit_price']]),

  async context(db, storeId) {
    const store = await db.query<{ currency: string }>(
      'select currency from stores where id = $1',
      [storeId],
    );
    const currency = store.rows[0]?.currency;
    if (currency === undefined) throw new HttpError('NOT_FOUND', `no store ${storeId}`);
    const rates = await db.query<{ id: string; code: string }>(
      'select id, code from tax_rates where store_id = $1',
      [storeId],
    );
    return { currency, taxRateIds: new Map(rates.rows.map((r) => [r.code.toUpperCase(), r.id])) };
  },

  validate(values, ctx) {
    const parsed = ProductRow.safeParse(values);
    if (!parsed.success) return fieldErrors(parsed.error);
    const row = parsed.data;
    const errors: Omit<RowError, 'row'>[] = [];
    let unitPrice = row.unit_price ?? null;
    if ((row.price === undefined) === (row.unit_price === undefined)) {
      errors.push({ field: 'price', message: 'give either price or unit_price' });
    } else if (row.price !== undefined) {
      unitPrice = parseMoney(row.price, ctx.currency);
      if (unitPrice === null || unitPrice < 0) {
        errors.push({ field: 'price', message: `not an amount of ${ctx.currency}` });
      }
    }
    const codes =
      typeof row.tax_rate_codes === 'string'
        ? row.tax_rate_codes.split(/[;\s]+/).filter(Boolean)
        : (row.tax_rate_codes ?? []);
    const unknown = codes.filter((c) => !ctx.taxRateIds.has(c.toUpperCase()));
    if (unknown.length > 0) {
      errors.push({ field: 'tax_rate_codes', message: `no tax rate ${unknown.join(', ')}` });
    }
    if (errors.length > 0 || unitPrice === null) return errors;
    return {
      id: row.id,
      sku: row.sku,
      barcode: row.barcode ?? '',
      name: row.name,
      category: row.category,
      unit_price: unitPrice,
      tax_rate_ids: [...new Set(codes.map((c) => ctx.taxRateIds.get(c.toUpperCase()) ?? c))],
      active: row.active ?? true,
    };
  },

  async apply(tx, { storeId, rows, ctx, now }) {
    const skus = [...new Set(rows.filter((r) => !r.value.id).map((r) => r.value.sku))];
    const bySku = await tx.query<{ id: string; sku: string }>(
      `select id, sku from products where store_id = $1 and sku = any($2::text[]) order by id`,
      [storeId, skus],
    );
    const skuIds = new Map(bySku.rows.map((r) => [r.sku, r.id]));
    // The last row for a product wins, as if the rows were applied one after another.
    const latest = new Map<string, ProductImportRow>();
    for (const { value } of rows) {
      const id = value.id ?? skuIds.get(value.sku) ?? uuidv7();
      skuIds.set(value.sku, id);
      latest.set(id, value);
    }
    const ids = [...latest.keys()];
    const existing = await tx.query<{ id: string; doc: { category?: unknown } }>(
      `select id, doc from sync_documents
       where store_id = $1 and collection = 'products' and id = any($2::text[])`,
      [storeId, ids],
    );
    const categories = new Map(
      existing.rows.map((r) => [r.id, typeof r.doc.category === 'string' ? r.doc.category : '']),
    );
    const docs = ids.map((id) => {
      const p = latest.get(id) as ProductImportRow;
      return ProductDoc.parse({
        id,
        store_id: storeId,
        updated_at: now,
        sku: p.sku,
        barcode: p.barcode,
        name: p.name,
        search_name: p.name.toLowerCase(),
        category: p.category ?? categories.get(id) ?? '',
        unit_price: p.unit_price,
        currency: ctx.currency,
        tax_rate_ids: p.tax_rate_ids,
        active: p.active,
      });
    });
    await tx.query(
      `insert into products as p (store_id, id, sku, barcode, name, unit_price, active)
       select $1, u.id, u.sku, u.barcode, u.name, u.unit_price, u.active
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::boolean[])
         as u(id, sku, barcode, name, unit_price, active)
       on conflict (store_id, id) do update
         set sku = excluded.sku, barcode = excluded.barcode, name = excluded.name,
             unit_price = excluded.unit_price, active = excluded.active`,
      [
        storeId,
        docs.map((d) => d.id),
        docs.map((d) => d.sku),
        docs.map((d) => d.barcode),
        docs.map((d) => d.name),
        docs.map((d) => d.unit_price),
        docs.map((d) => d.active),
      ],
    );
    await writeDocuments(
      tx,
      storeId,
      'products',
      docs.map((doc) => ({ id: doc.id, doc })),
    );
    return [];
  },
};
