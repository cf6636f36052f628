import type { CollectionName } from '../../domain/schemas';
import type { Replication } from './replication';

/*
 * The running replication, for screens that ask it to pull again (the sync details panel's
 * Retry). One register runs one replication at a time; startReplication sets it.
 */
let active: Replication | null = null;

export function setActiveReplication(replication: Replication): void {
  active = replication;
}

export function clearActiveReplication(replication: Replication): void {
  if (active === replication) active = null;
}

/** Pulls the collections again now, if replication is running. */
export function resync(names: readonly CollectionName[]): void {
  for (const name of names) active?.states[name].reSync();
}
