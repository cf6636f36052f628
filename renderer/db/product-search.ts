import type { ProductDoc } from '../../domain/schemas';
import type { TillDatabase } from './database';

export const SEARCH_LIMIT = 20;

/** An exact barcode or SKU: what a scanner or a typed code names. Inactive products never sell. */
export async function findByCode(db: TillDatabase, code: string): Promise<ProductDoc | null> {
  const trimmed = code.trim();
  if (trimmed === '') return null;
  // Both indexes at once: a barcode miss need not wait before the SKU is tried.
  const [byBarcode, bySku] = await Promise.all([
    db.products.findOne({ selector: { barcode: trimmed, active: true } }).exec(),
    db.products.findOne({ selector: { sku: trimmed, active: true } }).exec(),
  ]);
  const doc = byBarcode ?? bySku;
  return doc ? (doc.toJSON() as ProductDoc) : null;
}

/**
 * Exact code first; otherwise a case-insensitive prefix match on the indexed search_name,
 * which the server stores lower-cased. The range query walks the index instead of the table,
 * and runs alongside the code lookup so a keystroke costs one round of reads, not three.
 */
export async function searchProducts(
  db: TillDatabase,
  text: string,
): Promise<readonly ProductDoc[]> {
  const prefix = text.trim().toLowerCase();
  if (prefix === '') return [];
  const [exact, docs] = await Promise.all([
    findByCode(db, text),
    db.products
      .find({
        selector: { search_name: { $gte: prefix, $lt: `${prefix}\uffff` }, active: true },
        sort: [{ search_name: 'asc' }],
        limit: SEARCH_LIMIT,
      })
      .exec(),
  ]);
  if (exact) return [exact];
  return docs.map((d) => d.toJSON() as ProductDoc);
}
