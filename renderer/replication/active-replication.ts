import type { CollectionName } from '../../domain/schemas';

/*
 * The running replication, for screens that ask it to pull again (the sync details panel's
 * Retry). One register runs one replication at a time; startReplication sets it.
 */
/** What a screen may ask of the running replication: to pull a collection again. */
export interface Resyncable {
  readonly states: Readonly<Record<CollectionName, { reSync(): void }>>;
}

let active: Resyncable | null = null;

export function setActiveReplication(replication: Resyncable): void {
  active = replication;
}

export function clearActiveReplication(replication: Resyncable): void {
  if (active === replication) active = null;
}

/** Pulls the collections again now, if replication is running. */
export function resync(names: readonly CollectionName[]): void {
  for (const name of names) active?.states[name].reSync();
}
