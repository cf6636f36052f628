import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretStore } from './secret-store';

/** A keychain stand-in whose ciphertext does not contain the plain text. */
function fakeKeychain(available = true) {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s).toString('base64')}`),
    decryptString: (b: Buffer) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  };
}

const token = JSON.stringify({ serverUrl: 'http://10.0.0.5:8787', token: 'tok_secret_123' });
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opentill-secrets-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('secret store', () => {
  it('keeps the device token encrypted on disk and reads it back', async () => {
    const store = createSecretStore(fakeKeychain(), dir);
    expect(await store.get('device-credentials')).toEqual({ ok: true, value: null });
    expect(await store.set('device-credentials', token)).toEqual({ ok: true, value: null });
    expect(await store.get('device-credentials')).toEqual({ ok: true, value: token });

    const files = await readdir(dir);
    expect(files).toEqual(['device-credentials.bin']);
    const onDisk = await readFile(path.join(dir, files[0] ?? ''), 'latin1');
    expect(onDisk).not.toContain('tok_secret_123');

    await store.clear('device-credentials');
    expect(await store.get('device-credentials')).toEqual({ ok: true, value: null });
  });

  it('writes nothing when the keychain is not available, and says so', async () => {
    const store = createSecretStore(fakeKeychain(false), dir);
    const saved = await store.set('device-credentials', token);
    expect(saved.ok ? null : saved.error.code).toBe('UNAVAILABLE');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a secret name outside the closed list', async () => {
    const store = createSecretStore(fakeKeychain(), dir);
    const read = await store.get('../../etc/passwd' as never);
    expect(read.ok ? null : read.error.code).toBe('INVALID_INPUT');
  });

  it('treats a file encrypted by another keychain as not paired', async () => {
    const other = createSecretStore(
      { ...fakeKeychain(), encryptString: (s: string) => Buffer.from(`xx:${s}`) },
      dir,
    );
    await other.set('device-credentials', token);
    const store = createSecretStore(fakeKeychain(), dir);
    expect(await store.get('device-credentials')).toEqual({ ok: true, value: null });
  });
});
