import { filter, map } from 'rxjs';
import type { Observable } from 'rxjs';
import {
  COLLECTION_NAMES,
  isCollectionName,
  RESYNC_ALL,
  StoreStreamEvent,
} from '../../domain/schemas';
import type { CollectionName } from '../../domain/schemas';
import { storeSyncUrl } from './handlers';
import type { SyncTarget } from './handlers';
import { sseMessages } from './sse';
import type { SseMessage, SseOptions } from './sse';

/**
 * The collections one message of the store-wide stream asks the register to pull again. A
 * (re)connection, or an event this register cannot read, asks for every collection: a missed
 * change costs far more than one needless pull of each.
 */
export function collectionsToResync(message: SseMessage): readonly CollectionName[] {
  if (message.type === 'open') return COLLECTION_NAMES;
  let json: unknown;
  try {
    json = JSON.parse(message.data);
  } catch {
    return COLLECTION_NAMES;
  }
  const event = StoreStreamEvent.safeParse(json);
  if (!event.success || event.data.resync === RESYNC_ALL) return COLLECTION_NAMES;
  // A newer server may name collections this register does not have.
  return event.data.resync.filter(isCollectionName);
}

/**
 * Which collections to pull again, live from the store-wide stream: one connection for all
 * collections, because a browser allows only about six per server.
 */
export function storeResyncs(
  target: SyncTarget,
  options: Pick<SseOptions, 'delay' | 'idleMs'> = {},
): Observable<readonly CollectionName[]> {
  return sseMessages({
    url: `${storeSyncUrl(target)}/stream`,
    token: target.token,
    ...options,
  }).pipe(
    map(collectionsToResync),
    filter((names) => names.length > 0),
  );
}
