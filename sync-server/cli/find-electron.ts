import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron binary's path, or null where `npm install` could not download it (no network
 * to its host, or ELECTRON_SKIP_BINARY_DOWNLOAD): the `electron` package then throws on require.
 */
export function findElectronBinary(): string | null {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
