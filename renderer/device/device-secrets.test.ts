import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import type { BridgeResult } from '../../electron/preload/contract';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { keychainSecrets, localDocumentSecrets } from './device-secrets';

let db: TillDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const credentials = {
  serverUrl: 'http://10.0.0.5:8787',
  deviceId: 'dev-1',
  storeId: 'store-1',
  token: 't'.repeat(40),
};

/** The shell's keychain store as the bridge answers for it. */
function fakeKeychain(available = true) {
  const kept = new Map<string, string>();
  const refuse = {
    ok: false as const,
    error: { code: 'UNAVAILABLE' as const, message: 'The keychain is locked' },
  };
  return {
    kept,
    getSecret: async (name: string): Promise<BridgeResult<string | null>> =>
      available ? { ok: true, value: kept.get(name) ?? null } : refuse,
    setSecret: async (name: string, value: string): Promise<BridgeResult<null>> => {
      if (!available) return refuse;
      kept.set(name, value);
      return { ok: true, value: null };
    },
    clearSecret: async (name: string): Promise<BridgeResult<null>> => {
      kept.delete(name);
      return { ok: true, value: null };
    },
  };
}

describe('device secrets in the desktop app', () => {
  it('keep the token in the keychain, not in IndexedDB', async () => {
    db = await openDatabase({ name: `secrets-${uuidv7()}` });
    const keychain = fakeKeychain();
    const secrets = keychainSecrets(keychain, db);
    await secrets.set(credentials);
    expect(await secrets.get()).toEqual(credentials);
    expect(await localDocumentSecrets(db).get()).toBeNull();
    await secrets.clear();
    expect(await secrets.get()).toBeNull();
  });

  it('move a token an earlier version left in IndexedDB into the keychain', async () => {
    db = await openDatabase({ name: `secrets-${uuidv7()}` });
    await localDocumentSecrets(db).set(credentials);
    const keychain = fakeKeychain();
    expect(await keychainSecrets(keychain, db).get()).toEqual(credentials);
    expect(JSON.parse(keychain.kept.get('device-credentials') ?? 'null')).toEqual(credentials);
    expect(await localDocumentSecrets(db).get()).toBeNull();
  });

  it('fail pairing when the keychain refuses, instead of keeping the token elsewhere', async () => {
    db = await openDatabase({ name: `secrets-${uuidv7()}` });
    const secrets = keychainSecrets(fakeKeychain(false), db);
    await expect(secrets.set(credentials)).rejects.toThrow('The keychain is locked');
    expect(await localDocumentSecrets(db).get()).toBeNull();
  });
});
