import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { keepSyncProblems } from './kept-problems';
import { clearRejection, recordRejections, syncProblemsStore } from './sync-problems';

let db: TillDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
  syncProblemsStore.setState({ problems: [] });
});

const refusal = {
  id: '01900000-0000-7000-8000-000000000001',
  code: 'INVALID_INPUT',
  message: 'lines.0.reason: must not contain a NUL character or an unpaired surrogate',
};

describe('kept sync problems', () => {
  it('shows a refusal again after the register restarts, until it is cleared', async () => {
    const name = `kept${Date.now()}`;
    db = await openDatabase({ name });
    const stop = await keepSyncProblems(db);
    recordRejections('return_requests', [refusal]);
    await stop();
    await db.close();

    // A restart: the in-memory list starts empty and the kept refusal comes back.
    syncProblemsStore.setState({ problems: [] });
    db = await openDatabase({ name });
    const stopAgain = await keepSyncProblems(db);
    expect(syncProblemsStore.getState().problems).toMatchObject([
      { collection: 'return_requests', ...refusal },
    ]);

    clearRejection('return_requests', refusal.id);
    await stopAgain();
    await db.close();
    syncProblemsStore.setState({ problems: [] });
    db = await openDatabase({ name });
    const stopLast = await keepSyncProblems(db);
    expect(syncProblemsStore.getState().problems).toEqual([]);
    await stopLast();
  });
});
