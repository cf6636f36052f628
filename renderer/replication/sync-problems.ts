import { createStore } from 'zustand/vanilla';
import type { RejectedDoc } from '../../domain/schemas';

/** A pushed document the server refused for good, shown to the cashier with its reason. */
export interface SyncProblem extends RejectedDoc {
  readonly collection: string;
  readonly at: string;
}

export const syncProblemsStore = createStore<{ readonly problems: readonly SyncProblem[] }>()(
  () => ({ problems: [] }),
);

export function recordRejections(collection: string, rejected: readonly RejectedDoc[]): void {
  if (rejected.length === 0) return;
  const at = new Date().toISOString();
  const fresh = rejected.map((r) => ({ ...r, collection, at }));
  const ids = new Set(fresh.map((p) => `${collection}/${p.id}`));
  syncProblemsStore.setState(({ problems }) => ({
    problems: [...problems.filter((p) => !ids.has(`${p.collection}/${p.id}`)), ...fresh],
  }));
}

/** Forgets a refusal so a retried document is judged afresh. */
export function clearRejection(collection: string, id: string): void {
  syncProblemsStore.setState(({ problems }) => ({
    problems: problems.filter((p) => !(p.collection === collection && p.id === id)),
  }));
}
