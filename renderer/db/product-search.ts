import type { ProductDoc } from '../../domain/schemas';
import type { TillDatabase } from './database';
import { ProductWords, queryWords } from './product-words';

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

/** Small pages, each read when the register is idle, so a scan seldom waits behind the load. */
const LOAD_PAGE = 500;

const whenIdle = () =>
  new Promise<void>((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve());
    else setTimeout(resolve, 0);
  });

interface LoadedWords {
  readonly words: ProductWords;
  ready: boolean;
  readonly loaded: Promise<void>;
}

const byDatabase = new WeakMap<TillDatabase, LoadedWords>();

/** Reads the catalog into the word index a page at a time. */
async function loadWords(db: TillDatabase, words: ProductWords): Promise<void> {
  let after = '';
  for (;;) {
    await whenIdle();
    const docs = await db.products
      .find({ selector: { id: { $gt: after } }, sort: [{ id: 'asc' }], limit: LOAD_PAGE })
      .exec();
    for (const doc of docs) words.put(doc.toJSON() as ProductDoc);
    const last = docs.at(-1);
    if (!last || docs.length < LOAD_PAGE) return;
    after = last.id;
  }
}

function wordsOf(db: TillDatabase): LoadedWords {
  const held = byDatabase.get(db);
  if (held) return held;
  const words = new ProductWords();
  // Subscribed before the first read, so a product pulled while loading is not missed.
  db.products.$.subscribe((event) => {
    if (event.operation === 'DELETE') words.remove(event.documentId);
    else words.put(event.documentData as ProductDoc);
  });
  const entry: LoadedWords = {
    words,
    ready: false,
    loaded: loadWords(db, words).then(() => {
      entry.ready = true;
    }),
  };
  byDatabase.set(db, entry);
  return entry;
}

/** Starts building the word index (once per database); resolves when searches can use it. */
export function warmProductSearch(db: TillDatabase): Promise<void> {
  return wordsOf(db).loaded;
}

/** A prefix of the whole name, from its database index: single letters, or before the word index. */
async function byNamePrefix(db: TillDatabase, prefix: string): Promise<ProductDoc[]> {
  const docs = await db.products
    .find({
      selector: { search_name: { $gte: prefix, $lt: `${prefix}\uffff` }, active: true },
      sort: [{ search_name: 'asc' }],
      limit: SEARCH_LIMIT,
    })
    .exec();
  return docs.map((d) => d.toJSON() as ProductDoc);
}

/** SKUs starting with the text as typed or in capitals (SKUs hold no spaces). */
async function bySkuPrefix(db: TillDatabase, text: string): Promise<ProductDoc[]> {
  if (/\s/u.test(text)) return [];
  const prefixes = [...new Set([text, text.toUpperCase()])];
  const found = await Promise.all(
    prefixes.map((prefix) =>
      db.products
        .find({
          selector: { sku: { $gte: prefix, $lt: `${prefix}\uffff` }, active: true },
          sort: [{ sku: 'asc' }],
          limit: SEARCH_LIMIT,
        })
        .exec(),
    ),
  );
  return found.flat().map((d) => d.toJSON() as ProductDoc);
}

async function byIds(db: TillDatabase, ids: readonly string[]): Promise<ProductDoc[]> {
  const docs = await db.products.findByIds([...ids]).exec();
  return ids.flatMap((id) => {
    const doc = docs.get(id);
    return doc ? [doc.toJSON() as ProductDoc] : [];
  });
}

/**
 * An exact barcode or SKU alone; otherwise the products every typed word of which starts a
 * word of the name ("tea" finds "Green Tea"), by name, then those whose SKU starts with the
 * text. The lookups run together so a keystroke costs one round of reads.
 */
export async function searchProducts(
  db: TillDatabase,
  text: string,
): Promise<readonly ProductDoc[]> {
  const words = queryWords(text);
  if (words.length === 0) return [];
  const index = wordsOf(db);
  const ids = index.ready ? index.words.search(words, SEARCH_LIMIT) : null;
  const trimmed = text.trim();
  const [exact, byName, bySku] = await Promise.all([
    findByCode(db, text),
    ids ? byIds(db, ids) : byNamePrefix(db, trimmed.toLowerCase()),
    bySkuPrefix(db, trimmed),
  ]);
  if (exact) return [exact];
  const seen = new Set<string>();
  return [...byName, ...bySku]
    .filter((p) => !seen.has(p.id) && seen.add(p.id))
    .slice(0, SEARCH_LIMIT);
}
