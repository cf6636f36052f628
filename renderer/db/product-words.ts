/*
 * An in-memory index of the words in product names, so "tea" finds "Green Tea". The products
 * collection can index only one key per document (search_name, the whole name), and a second
 * key per word would mean a schema migration of every product on every register; the words of
 * 100,000 names fit in memory instead, built once from the local database and kept current
 * from its change stream. Each product is filed under the first one and the first two letters
 * of each of its words, so a keystroke reads one bucket, not the catalog.
 */

export interface IndexableProduct {
  readonly id: string;
  readonly search_name: string;
  readonly sku: string;
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
 * punctuation ("coca-cola", "coca", "cola"), and the whole SKU, so a typed SKU prefix finds it.
 */
export function productTokens(searchName: string, sku: string): string[] {
  const tokens = new Set<string>();
  for (const word of searchName.toLowerCase().split(/\s+/u)) {
    if (word) tokens.add(word);
    for (const part of word.split(SEPARATORS)) if (part) tokens.add(part);
  }
  if (sku) tokens.add(sku.toLowerCase());
  return [...tokens];
}

const bucketKey = (word: string) => word.slice(0, 2);

export class ProductWords {
  private readonly entries = new Map<string, Entry>();
  private readonly buckets = new Map<string, Set<string>>();

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
      tokens: productTokens(product.search_name, product.sku),
    };
    this.entries.set(product.id, entry);
    for (const key of this.keysOf(entry)) {
      let bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, (bucket = new Set()));
      bucket.add(entry.id);
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const key of this.keysOf(entry)) this.buckets.get(key)?.delete(id);
  }

  /**
   * Ids of the products every word of which starts some word of the name (or the SKU), the
   * first `limit` by name. Candidates come from the smallest bucket among the words.
   */
  search(words: readonly string[], limit: number): string[] {
    if (words.length === 0) return [];
    let candidates: Set<string> | undefined;
    for (const word of words) {
      const bucket = this.buckets.get(bucketKey(word));
      if (!bucket) return [];
      if (!candidates || bucket.size < candidates.size) candidates = bucket;
    }
    const best: Entry[] = [];
    for (const id of candidates ?? []) {
      const entry = this.entries.get(id);
      if (!entry || !words.every((w) => entry.tokens.some((t) => t.startsWith(w)))) continue;
      insertBounded(best, entry, limit);
    }
    return best.map((e) => e.id);
  }

  private keysOf(entry: Entry): Set<string> {
    const keys = new Set<string>();
    for (const token of entry.tokens) {
      keys.add(token.slice(0, 1));
      if (token.length > 1) keys.add(bucketKey(token));
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
