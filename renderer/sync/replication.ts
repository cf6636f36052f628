import { filter, interval, map, merge, share } from 'rxjs';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { COLLECTIONS, COLLECTION_NAMES } from '../../domain/schemas';
import type { Checkpoint, CollectionName } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { clearActiveReplication, setActiveReplication } from './active-replication';
import { pullHandler, pushHandler } from './handlers';
import type { SyncTarget } from './handlers';
import { storeResyncs } from './store-stream';

/*
 * Browsers open at most six HTTP/1.1 connections per server, and an SSE stream holds one for
 * good. So every collection listens on one store-wide stream, which names the collections that
 * changed; each (re)connection pulls them all, since changes made meanwhile were never announced.
 *
 * The slow poll is a safety net for the one change the stream cannot vouch for: with several
 * server instances, a NOTIFY the writing instance failed to send never reaches the streams held
 * by the others, and nothing else would pull that collection until it changes again.
 */
const SAFETY_POLL_MS = 60_000;
const RETRY_MS = 2_000;

const BATCH_SIZE: Partial<Record<CollectionName, number>> = {
  products: 1000,
  stock_levels: 1000,
};
const DEFAULT_BATCH = 200;

export interface Replication {
  readonly states: Readonly<
    Record<CollectionName, RxReplicationState<Record<string, unknown>, Checkpoint>>
  >;
  cancel(): Promise<void>;
}

export function startReplication(db: TillDatabase, target: SyncTarget): Replication {
  const resyncs = merge(
    storeResyncs(target),
    interval(SAFETY_POLL_MS).pipe(map(() => COLLECTION_NAMES)),
  ).pipe(share());

  const list = COLLECTION_NAMES.map((name) => {
    const spec = COLLECTIONS[name];
    return replicateRxCollection<Record<string, unknown>, Checkpoint>({
      // The server and store are part of the id: re-pairing elsewhere starts from scratch.
      replicationIdentifier: `opentill:${name}:${target.serverUrl}:${target.storeId}`,
      collection: db.collections[name] as never,
      live: true,
      retryTime: RETRY_MS,
      waitForLeadership: false,
      pull: {
        handler: pullHandler(target, name),
        batchSize: BATCH_SIZE[name] ?? DEFAULT_BATCH,
        stream$: resyncs.pipe(
          filter((names) => names.includes(name)),
          map(() => 'RESYNC' as const),
        ),
      },
      push:
        spec.direction === 'down'
          ? undefined
          : { handler: pushHandler(target, name), batchSize: 50 },
    });
  });

  for (const state of list) {
    // Failures already show as offline or as a server error; keep them out of the console noise.
    state.error$.subscribe(() => undefined);
  }

  const replication: Replication = {
    states: Object.fromEntries(
      COLLECTION_NAMES.map((name, i) => [name, list[i]]),
    ) as Replication['states'],
    async cancel() {
      clearActiveReplication(replication);
      await Promise.all(list.map((s) => s.cancel()));
    },
  };
  setActiveReplication(replication);
  return replication;
}
