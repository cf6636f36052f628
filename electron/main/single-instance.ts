import type { App } from 'electron';

/**
 * Two copies of the till on one machine would share one local database and one drawer:
 * a second launch focuses the first window instead. Returns false when this copy must quit.
 */
export function claimSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>,
  focusExisting: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focusExisting);
  return true;
}
