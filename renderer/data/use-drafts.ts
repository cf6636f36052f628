import { useMemo } from 'react';
import { map } from 'rxjs';
import type { DraftOrderDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from './use-observable';

const NO_DRAFTS: readonly DraftOrderDoc[] = [];

/** The store's parked sales, oldest first, live. */
export function useParkedDrafts(db: TillDatabase, storeId: string): readonly DraftOrderDoc[] {
  const source = useMemo(
    () =>
      db.draft_orders
        .find({ selector: { store_id: storeId, status: 'parked' } })
        .$.pipe(
          map((docs) =>
            docs
              .map((d) => d.toJSON() as DraftOrderDoc)
              .sort((a, b) => a.created_at.localeCompare(b.created_at)),
          ),
        ),
    [db, storeId],
  );
  return useObservable(source, NO_DRAFTS);
}
