import type { ProductDoc } from '../../domain/schemas';
import type { TillDatabase } from './database';

export const SEARCH_LIMIT = 20;

/** An exact barcode or SKU: what a scanner or a typed code names. Inactive products never sell. */
export async function findByCode(db: TillDatabase, code: string): Promise<ProductDoc | null> {
  const trimmed = code.trim();
  if (trimmed === '') return null;
  const byBarcode = await db.products
    .findOne({ selector: { barcode: trimmed, active: true } })
    .exec();
  const doc =
    byBarcode ?? (await db.products.findOne({ selector: { sku: trimmed, active: true } }).exec());
  return doc ? (doc.toJSON() as ProductDoc) : null;
}

/**
 * Exact code first; otherwise a case-insensitive prefix match on the indexed search_name,
 * which the server stores lower-cased. The range query walks the index instead of the table.
 */
export async function searchProducts(
  db: TillDatabase,
  text: string,
): Promise<readonly ProductDoc[]> {
  const exact = await findByCode(db, text);
  if (exact) return [exact];
  const prefix = text.trim().toLowerCase();
  if (prefix === '') return [];
  const docs = await db.products
    .find({
      selector: { search_name: { $gte: prefix, $lt: `${prefix}\uffff` }, active: true },
      sort: [{ search_name: 'asc' }],
      limit: SEARCH_LIMIT,
    })
    .exec();
  return docs.map((d) => d.toJSON() as ProductDoc);
}
