import { useEffect } from 'react';
import type { DraftOrderDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { loseActiveDraft, restoredActiveDraft, useDraftUi } from './draft-actions';
import { lostTo, restoreActiveDraft } from './drafts';

const ACTIVE_DOC = 'active-draft';

/**
 * Remembers across reloads which draft the cart holds, and watches that draft: when the
 * server's copy comes back written by another register (RxDB's default conflict handler keeps
 * the server's state), the draft's lines leave this cart and the cashier is told.
 */
export function useDraftWatch(db: TillDatabase, deviceId: string): void {
  useEffect(() => {
    let cancelled = false;
    let unsubscribe = () => {};
    void db.getLocal<{ active: unknown }>(ACTIVE_DOC).then((doc) => {
      if (cancelled) return;
      restoredActiveDraft(restoreActiveDraft(doc?.toJSON().data.active));
      unsubscribe = useDraftUi.subscribe((state, previous) => {
        if (state.active === previous.active) return;
        db.upsertLocal(ACTIVE_DOC, { active: state.active }).catch((e: unknown) =>
          console.error('could not save the resumed draft', e),
        );
      });
    });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [db]);

  const active = useDraftUi((s) => s.active);
  useEffect(() => {
    if (!active) return;
    const subscription = db.draft_orders.findOne(active.draft_id).$.subscribe((doc) => {
      if (!doc) return;
      const current = doc.toJSON() as DraftOrderDoc;
      if (lostTo(active, current, deviceId)) loseActiveDraft(active, current);
    });
    return () => subscription.unsubscribe();
  }, [db, active, deviceId]);
}
