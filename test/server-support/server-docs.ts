import type { SyncServerProcess } from './sync-server-process';

/**
 * A store's replicated documents as the server holds them, read the way a freshly paired
 * register would pull them: what every register of the store will end up with.
 */
export async function serverDocs<T>(
  server: SyncServerProcess,
  storeId: string,
  collection: string,
): Promise<T[]> {
  const { token } = await server.pairDevice(storeId, 'e2e reader');
  const response = await fetch(
    `${server.url}/api/stores/${storeId}/sync/${collection}/pull?limit=1000`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  const body = (await response.json()) as { documents: T[] };
  return body.documents;
}
