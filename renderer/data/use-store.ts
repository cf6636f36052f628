import { useMemo } from 'react';
import { map } from 'rxjs';
import type { StoreDoc, TaxRateDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from './use-observable';

/** The store's document (settings, currency, locale) and its tax rates, live. */
export function useStore(db: TillDatabase, storeId: string): StoreDoc | null {
  const source = useMemo(
    () => db.stores.findOne(storeId).$.pipe(map((d) => (d ? (d.toJSON() as StoreDoc) : null))),
    [db, storeId],
  );
  return useObservable(source, null);
}

const NO_RATES: ReadonlyMap<string, TaxRateDoc> = new Map();

export function useTaxRates(db: TillDatabase): ReadonlyMap<string, TaxRateDoc> {
  const source = useMemo(
    () =>
      db.tax_rates
        .find()
        .$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.toJSON() as TaxRateDoc])))),
    [db],
  );
  return useObservable(source, NO_RATES);
}
