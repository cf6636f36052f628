import type { UpdateSettings } from '../../domain/device-settings';
import { appError } from '../../domain/errors';
import type { BridgeResult, UpdateStatus } from '../preload/contract';
import { decideApply, feedToCheck } from './update-policy';

/**
 * The part of electron-updater's `autoUpdater` (AppUpdater) the shell uses, so the module is
 * tested with a stand-in and runs without the package where it is not installed.
 */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update' | 'update-not-available', listener: () => void): unknown;
  on(
    event: 'update-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdatesDeps {
  /** Null where the app runs from source, not packaged: there is nothing to update. */
  readonly updater: AutoUpdaterLike | null;
  readonly saleInProgress: () => boolean;
  /** Runs `check` every `ms` until the returned function stops it. */
  readonly every: (ms: number, check: () => void) => () => void;
}

const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

export function createUpdates(deps: UpdatesDeps) {
  const { updater } = deps;
  let status: UpdateStatus = { state: 'off' };
  let stopChecking: (() => void) | null = null;

  if (updater) {
    // Downloads in the background; the install waits for a restart between sales.
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.on('checking-for-update', () => {
      if (status.state !== 'ready') status = { state: 'checking' };
    });
    updater.on('update-not-available', () => (status = { state: 'idle' }));
    updater.on(
      'update-available',
      (info) => (status = { state: 'downloading', version: info.version }),
    );
    updater.on('update-downloaded', (info) => (status = { state: 'ready', version: info.version }));
    updater.on('error', (e) => (status = { state: 'error', message: e.message }));
  }

  function check(): void {
    updater?.checkForUpdates().catch((e: unknown) => {
      status = { state: 'error', message: (e as Error).message };
    });
  }

  return {
    status: (): UpdateStatus => status,

    /** Applies the settings in force: called at start and whenever they are saved. */
    configure(settings: UpdateSettings): void {
      stopChecking?.();
      stopChecking = null;
      const feed = feedToCheck(settings);
      if (!feed || !updater) {
        status = { state: 'off' };
        return;
      }
      updater.setFeedURL({ provider: 'generic', url: feed });
      status = { state: 'idle' };
      check();
      stopChecking = deps.every(CHECK_EVERY_MS, check);
    },

    apply(): BridgeResult<null> {
      if (!updater) {
        return {
          ok: false,
          error: appError('NOT_SUPPORTED', 'This build of the register cannot update itself'),
        };
      }
      const decision = decideApply(status, deps.saleInProgress());
      if (!decision.install) return { ok: false, error: decision.error };
      updater.quitAndInstall(false, true);
      return { ok: true, value: null };
    },
  };
}
