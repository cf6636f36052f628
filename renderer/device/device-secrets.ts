import { z } from 'zod';
import { Key } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';

export const DeviceCredentials = z.object({
  serverUrl: z.string().min(1).max(2000),
  deviceId: Key,
  storeId: Key,
  token: z.string().min(1),
});
export type DeviceCredentials = z.infer<typeof DeviceCredentials>;

/**
 * Where the device token lives. The browser build keeps it in a local document; the Electron
 * shell can provide one backed by the OS keychain (safeStorage) through the preload bridge.
 */
export interface DeviceSecrets {
  get(): Promise<DeviceCredentials | null>;
  set(credentials: DeviceCredentials): Promise<void>;
}

const DOC_ID = 'device';

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
  };
}
