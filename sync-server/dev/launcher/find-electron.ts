import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron binary's path, or null while it is not downloaded (`npm install` leaves that to
 * `npm start`, which may have had no route to Electron's host): the `electron` package then
 * throws on require.
 */
export function findElectronBinary(): string | null {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
