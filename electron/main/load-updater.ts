import { createRequire } from 'node:module';
import type { AutoUpdaterLike } from './updates';

/**
 * electron-updater's autoUpdater where the package is installed, else null: builds without it
 * (development, or an install that left it out) run with updates reported as unavailable.
 */
export function loadAutoUpdater(): AutoUpdaterLike | null {
  try {
    const loaded = createRequire(__filename)('electron-updater') as {
      autoUpdater: AutoUpdaterLike;
    };
    return loaded.autoUpdater;
  } catch {
    return null;
  }
}
