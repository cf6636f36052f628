import type { DeviceSettings, PrinterSettings } from '../../domain/device-settings';
import type {
  BridgeResult,
  PrintedReceipt,
  PrinterInfo,
  UpdateStatus,
} from '../../electron/preload/contract';
import type { DeviceSecrets } from '../device/device-secrets';

/**
 * Everything the register asks of the machine it runs on, in one interface: the desktop shell
 * answers through its preload bridge (bridge-platform.ts), a plain browser with what a browser
 * can do (browser-platform.ts). Screens never look for `window.opentill` themselves.
 */
export interface Platform {
  readonly kind: 'desktop' | 'browser';
  readonly secrets: DeviceSecrets;
  getSettings(): Promise<BridgeResult<DeviceSettings>>;
  saveSettings(settings: DeviceSettings): Promise<BridgeResult<DeviceSettings>>;
  listPrinters(): Promise<BridgeResult<readonly PrinterInfo[]>>;
  /**
   * Prints what is on screen: a sale's receipt as ESC/POS when a thermal printer is set up and
   * the receipt is given, otherwise the page (silently to a system printer, or the dialog).
   */
  print(receipt: PrintedReceipt | null): Promise<BridgeResult<null>>;
  printTestPage(printer: PrinterSettings): Promise<BridgeResult<null>>;
  /** NOT_SUPPORTED where there is no drawer: the cashier opens it by hand or with its key. */
  kickDrawer(): Promise<BridgeResult<null>>;
  setSaleInProgress(inProgress: boolean): void;
  getUpdateStatus(): Promise<BridgeResult<UpdateStatus>>;
  applyUpdate(): Promise<BridgeResult<null>>;
}
