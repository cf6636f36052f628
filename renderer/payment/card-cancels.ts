import { z } from 'zod';
import { Key } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import type { DeviceCredentials } from '../device/device-secrets';
import { requestJson, ServerError, UnreachableError } from '../replication/http';

/*
 * Cards authorized through the server and then removed from the sale before it completed: the
 * server is asked to cancel each hold so the customer's money is released. The ids wait in a
 * local document until the server has answered, so a cancel asked for while offline, or just
 * before a reload, is still sent once the server is back.
 */

const QUEUE_DOC = 'card-cancels';
const Queue = z.object({ tender_ids: z.array(Key).max(1000) });

/** One change at a time: a removal and a flush racing must not drop each other's ids. */
let chain: Promise<unknown> = Promise.resolve();
function serially<T>(run: () => Promise<T>): Promise<T> {
  const next = chain.then(run);
  chain = next.catch(() => {});
  return next;
}

async function readQueue(db: TillDatabase): Promise<string[]> {
  const parsed = Queue.safeParse((await db.getLocal(QUEUE_DOC))?.toJSON().data);
  return parsed.success ? parsed.data.tender_ids : [];
}
const writeQueue = (db: TillDatabase, ids: readonly string[]) =>
  db.upsertLocal(QUEUE_DOC, { tender_ids: [...ids] });

/** The cancels not yet answered by the server. */
export const pendingCardCancels = (db: TillDatabase): Promise<string[]> =>
  serially(() => readQueue(db));

/** Records that the hold of `tenderId` is to be released; the write is done when it resolves. */
export const queueCardCancel = (db: TillDatabase, tenderId: string): Promise<void> =>
  serially(async () => {
    const ids = await readQueue(db);
    if (!ids.includes(tenderId)) await writeQueue(db, [...ids, tenderId]);
  });

type Sent = 'released' | 'retry';

async function send(device: DeviceCredentials, tenderId: string): Promise<Sent> {
  const store = encodeURIComponent(device.storeId);
  try {
    await requestJson(
      `${device.serverUrl}/api/stores/${store}/payments/card-authorizations/${encodeURIComponent(tenderId)}/cancel`,
      { method: 'POST', token: device.token, signal: AbortSignal.timeout(30_000) },
    );
    return 'released';
  } catch (e) {
    // The provider did not answer, or the server is down: ask again later under the same key.
    if (e instanceof UnreachableError) return 'retry';
    if (e instanceof ServerError && ['PROVIDER_UNAVAILABLE', 'INTERNAL'].includes(e.code)) {
      return 'retry';
    }
    if (e instanceof DOMException && e.name === 'TimeoutError') return 'retry';
    // Nothing held (NOT_FOUND) or refused for good (a placed sale uses it): nothing to retry.
    if (e instanceof ServerError) {
      console.error(`card hold ${tenderId} not canceled: ${e.code} ${e.message}`);
      return 'released';
    }
    throw e;
  }
}

/** Ids being sent now, so two flushes (a removal and the server coming back) send each once. */
const sending = new Set<string>();

/**
 * Sends every waiting cancel and forgets those the server settled. Returns how many still wait
 * (the server or its provider did not answer, or another flush is sending them).
 */
export async function flushCardCancels(
  db: TillDatabase,
  device: DeviceCredentials,
): Promise<number> {
  const ids = (await pendingCardCancels(db)).filter((id) => !sending.has(id));
  const settled = new Set<string>();
  for (const id of ids) {
    sending.add(id);
    try {
      if ((await send(device, id)) === 'released') settled.add(id);
    } finally {
      sending.delete(id);
    }
  }
  return serially(async () => {
    const left = (await readQueue(db)).filter((id) => !settled.has(id));
    if (settled.size > 0) await writeQueue(db, left);
    return left.length;
  });
}
