import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { appError } from '../../domain/errors';
import type { BridgeResult, SecretName } from '../preload/contract';

export const SECRET_NAMES = ['device-credentials'] as const satisfies readonly SecretName[];

/** The largest secret kept: device credentials are a few hundred bytes. */
const MAX_SECRET_CHARS = 16_384;

type Keychain = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;

export interface SecretStore {
  get(name: SecretName): Promise<BridgeResult<string | null>>;
  set(name: SecretName, value: string): Promise<BridgeResult<null>>;
  clear(name: SecretName): Promise<BridgeResult<null>>;
}

const NO_KEYCHAIN = appError(
  'UNAVAILABLE',
  'This computer’s keychain is not available, so the register cannot keep its device token. ' +
    'Sign in to the desktop session (it unlocks the keychain) and start OpenTill again.',
);

/**
 * Secrets encrypted with the OS keychain through Electron's safeStorage, one file each in the
 * user-data folder. Without a keychain nothing is written at all: a plain-text fallback would
 * leave the device token readable by anyone with the disk.
 */
export function createSecretStore(keychain: Keychain, dir: string): SecretStore {
  const fileOf = (name: SecretName) => path.join(dir, `${name}.bin`);
  const known = (name: unknown): name is SecretName =>
    (SECRET_NAMES as readonly unknown[]).includes(name);
  const unknownName = (name: unknown) =>
    ({
      ok: false,
      error: appError('INVALID_INPUT', `No secret is kept under ${JSON.stringify(name)}`),
    }) as const;

  return {
    async get(name) {
      if (!known(name)) return unknownName(name);
      let encrypted: Buffer;
      try {
        encrypted = await readFile(fileOf(name));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: null };
        throw e;
      }
      if (!keychain.isEncryptionAvailable()) return { ok: false, error: NO_KEYCHAIN };
      try {
        return { ok: true, value: keychain.decryptString(encrypted) };
      } catch {
        // Encrypted under another user or keychain (a copied profile): as good as not paired.
        return { ok: true, value: null };
      }
    },
    async set(name, value) {
      if (!known(name)) return unknownName(name);
      if (typeof value !== 'string' || value.length > MAX_SECRET_CHARS) {
        return { ok: false, error: appError('INVALID_INPUT', 'A secret is a short string') };
      }
      if (!keychain.isEncryptionAvailable()) return { ok: false, error: NO_KEYCHAIN };
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Written beside and renamed over, so a crash mid-write never leaves half a token.
      const file = fileOf(name);
      await writeFile(`${file}.tmp`, keychain.encryptString(value), { mode: 0o600 });
      await rename(`${file}.tmp`, file);
      return { ok: true, value: null };
    },
    async clear(name) {
      if (!known(name)) return unknownName(name);
      await rm(fileOf(name), { force: true });
      return { ok: true, value: null };
    },
  };
}
