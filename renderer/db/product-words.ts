/*
 * An in-memory index of the words in product names, so "tea" finds "Green Tea". The products
 * collection can index only one key per document (search_name, the whole name), and a second
 * key per word would mean a schema migration of every product on every register; the words of
 * 100,000 names fit in memory instead, built once from the local database and kept current
 * from its change stream. Each product is filed under the first two and the first three
 * letters of each of its words, so a keystroke reads one small bucket, not the catalog. SKU
 * prefixes need no index here: the collection's sku index answers them.
 */

export interface IndexableProduct {
  readonly id: string;
  readonly search_name: string;
  readonly active: boolean;
  readonly updated_at: string;
}

interface Entry {
  readonly id: string;
  readonly name: string;
  readonly updatedAt: string;
  readonly tokens: readonly string[];
}

const SEPARATORS = /[\s\-/,.;:()[\]&+'"]+/u;

/** What the cashier typed, as lower-case words; every one must start some word of the name. */
export function queryWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/u).filter(Boolean);
}

/**
 * The strings a query word may be the start of: each word of the name as written and split at
 * punctuation ("coca-cola", "coca", "cola").
 */
export function productTokens(searchName: string): string[] {
  const tokens = new Set<string>();
  for (const word of searchName.toLowerCase().split(/\s+/u)) {
    if (word) tokens.add(word);
    for (const part of word.split(SEPARATORS)) if (part) tokens.add(part);
  }
  return [...tokens];
}

/** The bucket a query word reads; a single letter names too many products to have one. */
const bucketKey = (word: string) => word.slice(0, 3);

export class ProductWords {
  private readonly entries = new Map<string, Entry>();
  private readonly buckets = new Map<string, Set<Entry>>();

  get size(): number {
    return this.entries.size;
  }

  /** Files a product, or drops it when inactive; an older copy than the one held is ignored. */
  put(product: IndexableProduct): void {
    const held = this.entries.get(product.id);
    if (held && held.updatedAt > product.updated_at) return;
    this.remove(product.id);
    if (!product.active) return;
    const entry: Entry = {
      id: product.id,
      name: product.search_name,
      updatedAt: product.updated_at,
      tokens: productTokens(product.search_name),
    };
    this.entries.set(product.id, entry);
    for (const key of this.keysOf(entry)) {
      let bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, (bucket = new Set()));
      bucket.add(entry);
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const key of this.keysOf(entry)) this.buckets.get(key)?.delete(entry);
  }

  /**
   * Ids of the products every word of which starts some word of the name, the first `limit` by
   * name; candidates come from the longest word's bucket. Null when every word is a single
   * letter, which the name's own prefix index answers better.
   */
  search(words: readonly string[], limit: number): string[] | null {
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (longest.length < 2) return null;
    const best: Entry[] = [];
    for (const entry of this.buckets.get(bucketKey(longest)) ?? []) {
      if (!words.every((w) => entry.tokens.some((t) => t.startsWith(w)))) continue;
      insertBounded(best, entry, limit);
    }
    return best.map((e) => e.id);
  }

  private keysOf(entry: Entry): Set<string> {
    const keys = new Set<string>();
    for (const token of entry.tokens) {
      if (token.length < 2) continue;
      keys.add(token.slice(0, 2));
      if (token.length > 2) keys.add(bucketKey(token));
    }
    return keys;
  }
}

const before = (a: Entry, b: Entry) => a.name < b.name || (a.name === b.name && a.id < b.id);

/** Keeps `best` the first `limit` entries by name: a whole bucket is never sorted. */
function insertBounded(best: Entry[], entry: Entry, limit: number): void {
  const last = best[best.length - 1];
  if (best.length >= limit && last && !before(entry, last)) return;
  let i = best.length;
  while (i > 0 && before(entry, best[i - 1] as Entry)) i--;
  best.splice(i, 0, entry);
  if (best.length > limit) best.pop();
}
