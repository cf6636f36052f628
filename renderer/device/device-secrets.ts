import { z } from 'zod';
import { Key } from '../../domain/schemas';
import type { BridgeResult, OpenTillBridge } from '../../electron/preload/contract';
import type { TillDatabase } from '../db/database';

export const DeviceCredentials = z.object({
  serverUrl: z.string().min(1).max(2000),
  deviceId: Key,
  storeId: Key,
  token: z.string().min(1),
});
export type DeviceCredentials = z.infer<typeof DeviceCredentials>;

/**
 * Where the device token lives: in the desktop app, encrypted by the OS keychain through the
 * shell (never in IndexedDB or a plain file there); in a plain browser, in a local document.
 */
export interface DeviceSecrets {
  get(): Promise<DeviceCredentials | null>;
  set(credentials: DeviceCredentials): Promise<void>;
  /** Unpairs this register: the token is gone and the next start shows the pairing screen. */
  clear(): Promise<void>;
}

const DOC_ID = 'device';
const SECRET = 'device-credentials';

export function localDocumentSecrets(db: TillDatabase): DeviceSecrets {
  return {
    async get() {
      const doc = await db.getLocal<DeviceCredentials>(DOC_ID);
      const parsed = DeviceCredentials.safeParse(doc?.toJSON().data);
      return parsed.success ? parsed.data : null;
    },
    async set(credentials) {
      await db.upsertLocal(DOC_ID, DeviceCredentials.parse(credentials));
    },
    async clear() {
      await (await db.getLocal(DOC_ID))?.remove();
    },
  };
}

type SecretBridge = Pick<OpenTillBridge, 'getSecret' | 'setSecret' | 'clearSecret'>;

/** The keychain refusing (locked, unavailable) must stop pairing, not pass silently. */
function unwrap<T>(result: BridgeResult<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/**
 * The shell's keychain-encrypted store. A register paired before it had one kept its token in
 * the local document: the first read moves it into the keychain and deletes the document, so
 * the token is not left in IndexedDB.
 */
export function keychainSecrets(bridge: SecretBridge, db: TillDatabase): DeviceSecrets {
  const legacy = localDocumentSecrets(db);
  const store = async (credentials: DeviceCredentials) => {
    unwrap(await bridge.setSecret(SECRET, JSON.stringify(DeviceCredentials.parse(credentials))));
  };
  return {
    async get() {
      const stored = unwrap(await bridge.getSecret(SECRET));
      if (stored === null) {
        const old = await legacy.get();
        if (old) {
          await store(old);
          await legacy.clear();
        }
        return old;
      }
      let json: unknown;
      try {
        json = JSON.parse(stored);
      } catch {
        return null;
      }
      const parsed = DeviceCredentials.safeParse(json);
      return parsed.success ? parsed.data : null;
    },
    set: store,
    async clear() {
      unwrap(await bridge.clearSecret(SECRET));
      await legacy.clear();
    },
  };
}
