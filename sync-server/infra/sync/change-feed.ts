import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db';

/*
 * Tells open streams that a store's collection changed, after the change committed. Streams of
 * this instance hear it at once; the change is also NOTIFYed so streams held by other server
 * instances on the same database hear it too (each ignores its own notifications).
 */

const CHANNEL = 'opentill_changes';

/**
 * Hears the name of a changed collection, or `null` when anything in the store may have changed
 * unannounced (notifications were lost while the listening connection was down).
 */
export type ChangeListener = (collection: string | null) => void;

export interface ChangeFeed {
  publish(storeId: string, collection: string, delayMs?: number): void;
  /** Changes to one collection of the store, or to every collection when `collection` is omitted. */
  subscribe(storeId: string, listener: ChangeListener, collection?: string): () => void;
  close(): Promise<void>;
}

interface Subscription {
  readonly collection: string | undefined;
  readonly listener: ChangeListener;
}

interface Notification {
  readonly from: string;
  readonly store: string;
  readonly collection: string;
}

export async function createChangeFeed(db: Db): Promise<ChangeFeed> {
  const instance = randomUUID();
  const byStore = new Map<string, Set<Subscription>>();
  const timers = new Set<NodeJS.Timeout>();

  const emit = (storeId: string, collection: string): void => {
    for (const sub of byStore.get(storeId) ?? []) {
      if (sub.collection === undefined || sub.collection === collection) sub.listener(collection);
    }
  };
  const emitAll = (): void => {
    for (const set of byStore.values()) for (const sub of set) sub.listener(null);
  };

  const stopListening = await db.listen(
    CHANNEL,
    (payload) => {
      const message = JSON.parse(payload) as Notification;
      if (message.from !== instance) emit(message.store, message.collection);
    },
    // Notifications sent while the connection was down are lost: everyone pulls again.
    emitAll,
  );

  const announce = (store: string, collection: string): void => {
    emit(store, collection);
    const message: Notification = { from: instance, store, collection };
    db.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify(message)]).catch(() => undefined);
  };

  return {
    publish(storeId, collection, delayMs = 0) {
      if (delayMs <= 0) return announce(storeId, collection);
      const timer = setTimeout(() => {
        timers.delete(timer);
        announce(storeId, collection);
      }, delayMs);
      timers.add(timer);
    },
    subscribe(storeId, listener, collection) {
      const sub: Subscription = { collection, listener };
      const set = byStore.get(storeId) ?? new Set<Subscription>();
      set.add(sub);
      byStore.set(storeId, set);
      return () => {
        set.delete(sub);
        if (set.size === 0 && byStore.get(storeId) === set) byStore.delete(storeId);
      };
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      byStore.clear();
      await stopListening();
    },
  };
}
