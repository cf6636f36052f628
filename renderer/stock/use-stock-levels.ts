import { useMemo } from 'react';
import { combineLatest, map, of } from 'rxjs';
import type { StockLevelDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from '../data/use-observable';

const NO_LEVELS: readonly StockLevelDoc[] = [];

/** The live stock levels (every location) of a few products: search results or cart lines. */
export function useStockLevels(
  db: TillDatabase,
  productIds: readonly string[],
): readonly StockLevelDoc[] {
  // Keyed by the ids themselves: the next keystroke or quantity change often names the same
  // products, and their queries then stay subscribed instead of being built again.
  const idsKey = JSON.stringify([...new Set(productIds)]);
  const source = useMemo(() => {
    const ids = JSON.parse(idsKey) as string[];
    if (ids.length === 0) return of(NO_LEVELS);
    // One query per product, each reading its own key of the product_id index: a single $in
    // query would walk the index from the smallest id to the largest, and an empty $in all of it.
    return combineLatest(
      ids.map((id) => db.stock_levels.find({ selector: { product_id: id } }).$),
    ).pipe(map((perProduct) => perProduct.flat().map((d) => d.toJSON() as StockLevelDoc)));
  }, [db, idsKey]);
  return useObservable(source, NO_LEVELS);
}
