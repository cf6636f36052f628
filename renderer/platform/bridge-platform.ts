import type { OpenTillBridge } from '../../electron/preload/contract';
import type { TillDatabase } from '../db/database';
import { keychainSecrets } from '../device/device-secrets';
import type { Platform } from './platform';

declare global {
  interface Window {
    /** The desktop shell's preload bridge; absent in a plain browser. */
    opentill?: OpenTillBridge;
  }
}

/** The register inside the desktop shell: every capability is one bridge call. */
export function bridgePlatform(bridge: OpenTillBridge, db: TillDatabase): Platform {
  return {
    kind: 'desktop',
    secrets: keychainSecrets(bridge, db),
    getSettings: () => bridge.getSettings(),
    saveSettings: (settings) => bridge.saveSettings(settings),
    listPrinters: () => bridge.listPrinters(),
    async print(receipt) {
      const settings = await bridge.getSettings();
      if (!settings.ok) return settings;
      const { kind } = settings.value.printer;
      const thermal = kind === 'escpos-network' || kind === 'escpos-device';
      return thermal && receipt ? bridge.printEscPosReceipt(receipt) : bridge.printReceiptPage();
    },
    printTestPage: (printer) => bridge.printTestPage(printer),
    kickDrawer: () => bridge.kickDrawer(),
    setSaleInProgress(inProgress) {
      bridge
        .setSaleInProgress(inProgress)
        .catch((e: unknown) =>
          console.error('could not tell the shell about the sale in progress', e),
        );
    },
    getUpdateStatus: () => bridge.getUpdateStatus(),
    applyUpdate: () => bridge.applyUpdate(),
  };
}
