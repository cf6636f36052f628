import { DeviceSettings, readDeviceSettings } from '../../domain/device-settings';
import { appError, firstIssue } from '../../domain/errors';
import type { TillDatabase } from '../db/database';
import { localDocumentSecrets } from '../device/device-secrets';
import type { Platform } from './platform';

const SETTINGS_DOC = 'device-settings';

const notSupported = (message: string) =>
  ({ ok: false, error: appError('NOT_SUPPORTED', message) }) as const;

/**
 * The register in a plain browser or on a tablet: receipts go to the browser's print dialog,
 * secrets and settings stay in local documents, and there is no drawer or printer to reach.
 */
export function browserPlatform(
  db: TillDatabase,
  print: () => void = () => window.print(),
): Platform {
  return {
    kind: 'browser',
    secrets: localDocumentSecrets(db),
    async getSettings() {
      const doc = await db.getLocal(SETTINGS_DOC);
      return { ok: true, value: readDeviceSettings(doc?.toJSON().data) };
    },
    async saveSettings(settings) {
      const parsed = DeviceSettings.safeParse(settings);
      if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
      await db.upsertLocal(SETTINGS_DOC, parsed.data);
      return { ok: true, value: parsed.data };
    },
    listPrinters: async () => notSupported('The browser does not list printers'),
    async print() {
      print();
      return { ok: true, value: null };
    },
    printTestPage: async () =>
      notSupported(
        'Test pages need the desktop app; in a browser, receipts go to the print dialog',
      ),
    kickDrawer: async () => notSupported('No cash drawer: a browser register cannot open one'),
    setSaleInProgress() {},
    getUpdateStatus: async () => ({ ok: true, value: { state: 'off' } }),
    applyUpdate: async () => notSupported('A browser register updates when the page reloads'),
  };
}
