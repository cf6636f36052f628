import { autoUpdater } from 'electron-updater';
import type { AutoUpdaterLike } from './updates';

/**
 * electron-updater's autoUpdater, checked against the narrow interface the updates module
 * drives, so `tsc` fails if the package's API moves away from it.
 */
export function loadAutoUpdater(): AutoUpdaterLike {
  return autoUpdater satisfies AutoUpdaterLike;
}
