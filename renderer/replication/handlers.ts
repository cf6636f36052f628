import type { RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { isRetryLater } from '../../domain/retry-later';
import { PullResponse, PushResponse } from '../../domain/schemas';
import type { Checkpoint, CollectionName } from '../../domain/schemas';
import { reportSynced } from './connection-store';
import { recordRejections } from './sync-problems';
import { requestJson } from './http';

export interface SyncTarget {
  readonly serverUrl: string;
  readonly storeId: string;
  readonly token: string;
}

/** `…/api/stores/:storeId`, under which every route of the device's store lives. */
export function storeUrl(target: SyncTarget): string {
  const base = target.serverUrl.replace(/\/+$/, '');
  return `${base}/api/stores/${encodeURIComponent(target.storeId)}`;
}

/** `…/api/stores/:storeId/sync`: the store-wide stream is `${storeSyncUrl(target)}/stream`. */
export function storeSyncUrl(target: SyncTarget): string {
  return `${storeUrl(target)}/sync`;
}

export function syncUrl(
  target: SyncTarget,
  collection: CollectionName,
  action: 'pull' | 'push',
): string {
  return `${storeSyncUrl(target)}/${collection}/${action}`;
}

type Doc = Record<string, unknown>;

export type PullResult = { documents: WithDeleted<Doc>[]; checkpoint: Checkpoint | undefined };

export function pullHandler(target: SyncTarget, collection: CollectionName) {
  return async (checkpoint: Checkpoint | undefined, batchSize: number): Promise<PullResult> => {
    const params = new URLSearchParams({ limit: String(batchSize) });
    if (checkpoint) params.set('checkpoint', JSON.stringify(checkpoint));
    const body = PullResponse.parse(
      await requestJson(`${syncUrl(target, collection, 'pull')}?${params}`, {
        token: target.token,
      }),
    );
    reportSynced(new Date());
    return {
      // RxDB needs an explicit deletion flag on every document.
      documents: body.documents.map((d) => ({ ...d, _deleted: d['_deleted'] === true })),
      // An empty page keeps the position it was asked from.
      checkpoint: body.checkpoint ?? checkpoint,
    };
  };
}

export function pushHandler(target: SyncTarget, collection: CollectionName) {
  return async (rows: RxReplicationWriteToMasterRow<Doc>[]): Promise<WithDeleted<Doc>[]> => {
    const body = PushResponse.parse(
      await requestJson(syncUrl(target, collection, 'push'), {
        method: 'POST',
        token: target.token,
        body: rows,
      }),
    );
    reportSynced(new Date());
    recordRejections(
      collection,
      body.rejected.filter((r) => !isRetryLater(r.code)),
    );
    if (body.rejected.some((r) => isRetryLater(r.code))) {
      // Throwing makes RxDB send the batch again after retryTime; the ids make that idempotent.
      throw new Error(`${collection}: the server is still processing a pushed document`);
    }
    return body.conflicts.map((d) => ({ ...d, _deleted: d['_deleted'] === true }));
  };
}
