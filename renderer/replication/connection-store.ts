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
}

export const connectionStore = createStore<ConnectionState>()(() => ({
  online: null,
  lastError: null,
  lastSyncAt: null,
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
