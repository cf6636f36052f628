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

const LOAD_PAGE = 2000;

interface LoadedWords {
  readonly words: ProductWords;
  ready: boolean;
  readonly loaded: Promise<void>;
}

const byDatabase = new WeakMap<TillDatabase, LoadedWords>();

/** Reads the catalog into the word index a page at a time, yielding between pages. */
async function loadWords(db: TillDatabase, words: ProductWords): Promise<void> {
  let after = '';
  for (;;) {
    const docs = await db.products
      .find({ selector: { id: { $gt: after } }, sort: [{ id: 'asc' }], limit: LOAD_PAGE })
      .exec();
    for (const doc of docs) words.put(doc.toJSON() as ProductDoc);
    const last = docs.at(-1);
    if (!last || docs.length < LOAD_PAGE) return;
    after = last.id;
    await new Promise((resolve) => setTimeout(resolve, 0));
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

/** Until the word index is built: a prefix of the whole name, read from its database index. */
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

async function byWords(db: TillDatabase, ids: readonly string[]): Promise<ProductDoc[]> {
  const docs = await db.products.findByIds([...ids]).exec();
  return ids.flatMap((id) => {
    const doc = docs.get(id);
    return doc ? [doc.toJSON() as ProductDoc] : [];
  });
}

/**
 * An exact barcode or SKU first; otherwise the products every typed word of which starts a
 * word of the name or the SKU ("tea" finds "Green Tea", "sku-00012" its SKUs), by name. Both
 * lookups run together so a keystroke costs one round of reads.
 */
export async function searchProducts(
  db: TillDatabase,
  text: string,
): Promise<readonly ProductDoc[]> {
  const words = queryWords(text);
  if (words.length === 0) return [];
  const index = wordsOf(db);
  const [exact, found] = await Promise.all([
    findByCode(db, text),
    index.ready
      ? byWords(db, index.words.search(words, SEARCH_LIMIT))
      : byNamePrefix(db, text.trim().toLowerCase()),
  ]);
  return exact ? [exact] : found;
}
