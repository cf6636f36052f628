import { z } from 'zod';
import { RejectedDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { syncProblemsStore } from './sync-problems';
import type { SyncProblem } from './sync-problems';

/*
 * The server says "refused for good" once, in a push answer; RxDB moves past the row and never
 * sends it again. Only a refused order also leaves a record the register pulls, so without
 * keeping the answers a refused return would read "Pending upload" after a restart. They are
 * kept in a local document (which replicates nowhere) and read back when the register starts.
 */

const PROBLEMS_DOC = 'sync-problems';
/** The newest refusals kept: far more than a register ever has waiting for a manager. */
const KEPT = 500;

const Kept = z.object({
  problems: z.array(RejectedDoc.extend({ collection: z.string().max(64), at: z.string().max(40) })),
});

const keyOf = (p: SyncProblem) => `${p.collection}/${p.id}`;

/**
 * Reads the kept refusals into the store, then keeps every change, one write after another.
 * Returns the stop, which waits for the last write.
 */
export async function keepSyncProblems(db: TillDatabase): Promise<() => Promise<void>> {
  const stored = Kept.safeParse((await db.getLocal(PROBLEMS_DOC))?.toJSON().data);
  if (stored.success) {
    // Refusals recorded while reading are newer than the kept ones of the same rows.
    syncProblemsStore.setState(({ problems }) => {
      const fresh = new Set(problems.map(keyOf));
      const kept = stored.data.problems.filter((p) => !fresh.has(keyOf(p)));
      return { problems: [...kept, ...problems] };
    });
  }
  const save = (problems: readonly SyncProblem[]) =>
    db.upsertLocal(PROBLEMS_DOC, { problems: problems.slice(-KEPT) });
  let writing: Promise<unknown> = save(syncProblemsStore.getState().problems);
  const unsubscribe = syncProblemsStore.subscribe(({ problems }) => {
    // A write that fails only loses the copy for the next restart; the screen has the list.
    writing = writing.then(() => save(problems)).catch(() => undefined);
  });
  return async () => {
    unsubscribe();
    await writing;
  };
}
