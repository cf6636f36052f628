import { expect } from 'vitest';
import { serverDocs } from '../../server-support/server-docs';
import type { SyncServerProcess } from '../../server-support/sync-server-process';

/**
 * The server's documents once `ready` holds for them. "Pending uploads: 0" on the register can
 * still be showing from before a sale just completed, so it is no sign that the sale arrived.
 */
export async function serverDocsOnce<T>(
  server: SyncServerProcess,
  storeId: string,
  collection: string,
  ready: (docs: readonly T[]) => boolean,
): Promise<T[]> {
  await expect
    .poll(async () => ready(await serverDocs<T>(server, storeId, collection)), {
      timeout: 60_000,
    })
    .toBe(true);
  return serverDocs<T>(server, storeId, collection);
}
