import { describe, expect, it } from 'vitest';
import { ProductWords, productTokens, queryWords } from './product-words';
import type { IndexableProduct } from './product-words';

const product = (id: string, name: string, over: Partial<IndexableProduct> = {}) => ({
  id,
  search_name: name.toLowerCase(),
  active: true,
  updated_at: '2026-01-01T00:00:00.000Z',
  ...over,
});

function catalog(): ProductWords {
  const words = new ProductWords();
  words.put(product('001', 'Green Tea 500ml'));
  words.put(product('002', 'Iced Tea Lemon'));
  words.put(product('003', 'Teacakes'));
  words.put(product('004', 'Coca-Cola 1L'));
  words.put(product('005', 'Tea Towel', { active: false }));
  return words;
}

describe('finding products by the words of their names', () => {
  it('finds a word inside a name, not only at its start, in name order', () => {
    expect(catalog().search(queryWords('tea'), 20)).toEqual(['001', '002', '003']);
  });

  it('needs every typed word to start some word of the name, in any order', () => {
    const words = catalog();
    expect(words.search(queryWords('TEA green'), 20)).toEqual(['001']);
    expect(words.search(queryWords('tea lem'), 20)).toEqual(['002']);
    expect(words.search(queryWords('tea milk'), 20)).toEqual([]);
    // The middle of a word is not a match.
    expect(words.search(queryWords('ea'), 20)).toEqual([]);
  });

  it('matches the parts of a hyphenated word', () => {
    const words = catalog();
    expect(words.search(queryWords('cola'), 20)).toEqual(['004']);
    expect(words.search(queryWords('coca-c'), 20)).toEqual(['004']);
  });

  it('leaves out inactive products and keeps only the first by name up to the limit', () => {
    const words = catalog();
    expect(words.search(queryWords('te'), 2)).toEqual(['001', '002']);
    expect(words.search(queryWords('towel'), 20)).toEqual([]);
  });

  it('leaves single letters to the name prefix index, but checks them beside a longer word', () => {
    const words = catalog();
    expect(words.search(queryWords('t'), 20)).toBeNull();
    expect(words.search(queryWords('green t'), 20)).toEqual(['001']);
    expect(words.search(queryWords('iced l'), 20)).toEqual(['002']);
  });

  it('follows renames and removals, and ignores a copy older than the one it holds', () => {
    const words = catalog();
    words.put(product('003', 'Scones', { updated_at: '2026-02-01T00:00:00.000Z' }));
    expect(words.search(queryWords('tea'), 20)).toEqual(['001', '002']);
    words.put(product('003', 'Teacakes'));
    expect(words.search(queryWords('scones'), 20)).toEqual(['003']);
    words.remove('001');
    expect(words.search(queryWords('green'), 20)).toEqual([]);
    expect(words.size).toBe(3);
  });

  it('splits names into words as written and at punctuation', () => {
    expect(productTokens('coca-cola (diet)')).toEqual([
      'coca-cola',
      'coca',
      'cola',
      '(diet)',
      'diet',
    ]);
    expect(queryWords('  Green   TEA ')).toEqual(['green', 'tea']);
  });
});
