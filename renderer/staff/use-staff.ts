import { useMemo } from 'react';
import { map } from 'rxjs';
import type { StaffDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from '../data/use-observable';

const NO_STAFF: readonly StaffDoc[] = [];

/** Active staff of this store as replicated, by name: who may sign in here, even offline. */
export function useActiveStaff(db: TillDatabase): readonly StaffDoc[] {
  const source = useMemo(
    () =>
      db.staff
        .find({ selector: { active: true } })
        .$.pipe(
          map((docs) =>
            docs.map((d) => d.toJSON() as StaffDoc).sort((a, b) => a.name.localeCompare(b.name)),
          ),
        ),
    [db],
  );
  return useObservable(source, NO_STAFF);
}
