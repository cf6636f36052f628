import { createStore } from 'zustand/vanilla';

/*
 * Whether the register can reach its server, judged by what the last request did rather than
 * by navigator.onLine, which says "online" on a LAN whose server is down.
 */
export interface ConnectionState {
  /** Null until the first request has finished. */
  readonly online: boolean | null;
  /** The last error the server answered with (auth, version, validation), for the status bar. */
  readonly lastError: { readonly code: string; readonly message: string } | null;
  /** When a pull or push last went through (ISO time), for the sync details panel. */
  readonly lastSyncAt: string | null;
  /** Collections whose last pull or push failed, and why, until one goes through again. */
  readonly failures: readonly ReplicationFailure[];
}

export interface ReplicationFailure {
  readonly collection: string;
  readonly direction: 'pull' | 'push';
  readonly message: string;
  /** ISO time of the latest failure; RxDB retries every few seconds meanwhile. */
  readonly at: string;
}

export const connectionStore = createStore<ConnectionState>()(() => ({
  online: null,
  lastError: null,
  lastSyncAt: null,
  failures: [],
}));

export function reportReachable(reachable: boolean): void {
  if (connectionStore.getState().online !== reachable)
    connectionStore.setState({ online: reachable });
}

export function reportServerError(error: { code: string; message: string } | null): void {
  connectionStore.setState({ lastError: error });
}

export function reportSynced(at: Date): void {
  connectionStore.setState({ lastSyncAt: at.toISOString() });
}

const sameSide = (a: Pick<ReplicationFailure, 'collection' | 'direction'>) => (b: typeof a) =>
  a.collection === b.collection && a.direction === b.direction;

export function reportReplicationFailure(failure: ReplicationFailure): void {
  connectionStore.setState(({ failures }) => ({
    failures: [...failures.filter((f) => !sameSide(failure)(f)), failure],
  }));
}

/** A pull or push of the collection went through: its earlier failure is over. */
export function clearReplicationFailure(collection: string, direction: 'pull' | 'push'): void {
  const { failures } = connectionStore.getState();
  const over = sameSide({ collection, direction });
  if (failures.some(over)) connectionStore.setState({ failures: failures.filter((f) => !over(f)) });
}
