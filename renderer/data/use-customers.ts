import { useMemo } from 'react';
import { map } from 'rxjs';
import type { CustomerDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from './use-observable';

const NO_CUSTOMERS: readonly CustomerDoc[] = [];

/** This register's copy of the store's customers, live. */
export function useCustomers(db: TillDatabase): readonly CustomerDoc[] {
  const source = useMemo(
    () => db.customers.find().$.pipe(map((docs) => docs.map((d) => d.toJSON() as CustomerDoc))),
    [db],
  );
  return useObservable(source, NO_CUSTOMERS);
}
