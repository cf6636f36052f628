import { filter, interval, map, merge, share } from 'rxjs';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { RxCollection, WithDeleted } from 'rxdb';
import { COLLECTIONS, COLLECTION_NAMES } from '../../domain/schemas';
import type { Checkpoint, CollectionName } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { orderStateToV4 } from '../db/migrations';
import { clearActiveReplication, setActiveReplication } from './active-replication';
import { clearReplicationFailure, reportReplicationFailure } from './connection-store';
import { pullHandler, pushHandler } from './handlers';
import { withInitialFill } from './initial-fill';
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

/** The server's largest page (MAX_PULL_LIMIT): 100,000 products come in 20 requests. */
const BULK_BATCH = 5000;
const DEFAULT_BATCH = 200;
/** Collections large enough to fill in bulk on a register's first pull (initial-fill.ts). */
const BULK: ReadonlySet<CollectionName> = new Set(['products', 'stock_levels']);

/*
 * A register can sell once it holds the catalog; stock levels (one per product and location)
 * only add the figure shown beside a search result. So their first pull waits for the
 * products' to finish, instead of competing with it for IndexedDB.
 */
const AFTER_PRODUCTS: ReadonlySet<CollectionName> = new Set(['stock_levels']);

export interface Replication {
  readonly states: Readonly<
    Record<CollectionName, RxReplicationState<Record<string, unknown>, Checkpoint>>
  >;
  cancel(): Promise<void>;
}

/*
 * A register holds other registers' facts too: pulled, or fetched when it looks up an old sale
 * to return (returns/server-sales.ts). RxDB pushes every document written locally, so an `up`
 * document is handed to the server only by the register that made it: the push modifier
 * returns null for the rest, which RxDB records as in the master without sending.
 */
/** Upgrades of pulled documents a server may still send in an older shape. */
const PULL_MODIFIERS: Partial<
  Record<CollectionName, (doc: Record<string, unknown>) => Record<string, unknown>>
> = { order_states: orderStateToV4 };

const authoredBy =
  (deviceId: string) =>
  (doc: Record<string, unknown>): Record<string, unknown> | null =>
    doc['device_id'] === deviceId ? doc : null;

/**
 * What went wrong, for a person: RxDB wraps the handler's error (unreachable, a server error,
 * a document still being processed) in its own, whose message lists the documents sent.
 */
export function failureOf(error: unknown): { direction: 'pull' | 'push'; message: string } {
  const { parameters, message } = error as {
    parameters?: { direction?: string; errors?: readonly { message?: string }[] };
    message?: string;
  };
  const inner = parameters?.errors?.[0]?.message;
  return {
    direction: parameters?.direction === 'pull' ? 'pull' : 'push',
    message: inner ?? message ?? String(error),
  };
}

function clearsFailure<A extends unknown[], R>(
  collection: CollectionName,
  direction: 'pull' | 'push',
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const result = await handler(...args);
    clearReplicationFailure(collection, direction);
    return result;
  };
}

export function startReplication(
  db: TillDatabase,
  target: SyncTarget & { readonly deviceId: string },
): Replication {
  const resyncs = merge(
    storeResyncs(target),
    interval(SAFETY_POLL_MS).pipe(map(() => COLLECTION_NAMES)),
  ).pipe(share());

  const cancelled = new AbortController();
  const list = COLLECTION_NAMES.map((name) => {
    const spec = COLLECTIONS[name];
    const collection = db.collections[name] as unknown as RxCollection<Record<string, unknown>>;
    const pull = clearsFailure(name, 'pull', pullHandler(target, name));
    const bulk = BULK.has(name) && spec.direction === 'down';
    const upgrade = PULL_MODIFIERS[name];
    return replicateRxCollection<Record<string, unknown>, Checkpoint>({
      // The server and store are part of the id: re-pairing elsewhere starts from scratch.
      replicationIdentifier: `opentill:${name}:${target.serverUrl}:${target.storeId}`,
      collection,
      live: true,
      retryTime: RETRY_MS,
      waitForLeadership: false,
      autoStart: !AFTER_PRODUCTS.has(name),
      pull: {
        handler: bulk ? withInitialFill(collection, pull, BULK_BATCH, cancelled.signal) : pull,
        batchSize: bulk ? BULK_BATCH : DEFAULT_BATCH,
        ...(upgrade
          ? {
              modifier: (doc: WithDeleted<Record<string, unknown>>) => ({
                ...upgrade(doc),
                _deleted: doc._deleted,
              }),
            }
          : {}),
        stream$: resyncs.pipe(
          filter((names) => names.includes(name)),
          map(() => 'RESYNC' as const),
        ),
      },
      push:
        spec.direction === 'down'
          ? undefined
          : {
              handler: clearsFailure(name, 'push', pushHandler(target, name)),
              batchSize: 50,
              ...(spec.direction === 'up' ? { modifier: authoredBy(target.deviceId) } : {}),
            },
    });
  });

  // Each failed pull or push shows in the sync details until one goes through; RxDB retries.
  list.forEach((state, i) => {
    const collection = COLLECTION_NAMES[i] as CollectionName;
    state.error$.subscribe((error) =>
      reportReplicationFailure({ collection, ...failureOf(error), at: new Date().toISOString() }),
    );
  });

  const states = Object.fromEntries(
    COLLECTION_NAMES.map((name, i) => [name, list[i]]),
  ) as Replication['states'];
  states.products.awaitInitialReplication().then(
    () => {
      // start() after cancel() does nothing; its failures are reported on error$.
      for (const name of AFTER_PRODUCTS) states[name].start().catch(() => undefined);
    },
    // Cancelled before the products' first pull: there is nothing to follow it.
    () => undefined,
  );

  const replication: Replication = {
    states,
    async cancel() {
      clearActiveReplication(replication);
      cancelled.abort();
      await Promise.all(list.map((s) => s.cancel()));
    },
  };
  setActiveReplication(replication);
  return replication;
}
