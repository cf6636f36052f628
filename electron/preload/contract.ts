import type { DeviceSettings, PrinterSettings } from '../../domain/device-settings';
import type { AppError } from '../../domain/errors';

/**
 * The whole surface the main process offers the register: one function per capability, each
 * returning a typed result instead of throwing across the bridge. The renderer codes against
 * this type (renderer/platform/); where there is no bridge (a plain browser) it uses its own
 * fallback.
 */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: AppError };

export interface ShellInfo {
  readonly appVersion: string;
  readonly platform: string;
}

/** The secrets the shell keeps encrypted with the OS keychain: a closed list, not a key store. */
export type SecretName = 'device-credentials';

export interface PrintedReceiptRow {
  readonly label: string;
  readonly amount: string;
}

export interface PrintedReceiptLine {
  readonly name: string;
  /** "2 × $3.00" */
  readonly quantity: string;
  /** "−$0.60", or null without a discount. */
  readonly discount: string | null;
  /** After discounts, before tax when prices exclude it. */
  readonly total: string;
}

/**
 * What a till printer prints of a sale: the receipt as the screen shows it, already formatted
 * in the store's locale and currency (renderer/receipts/receipt.ts builds it).
 */
export interface PrintedReceipt {
  readonly orderId: string;
  readonly storeName: string;
  readonly address: string;
  readonly placedAt: string;
  readonly cashier: string;
  /** The customer's name when the sale named one (the survivor if the server merged it). */
  readonly customer: string | null;
  readonly lines: readonly PrintedReceiptLine[];
  /** Subtotal, discounts, tax per rate, total. */
  readonly totals: readonly PrintedReceiptRow[];
  /** Each tender, then change given. */
  readonly tenders: readonly PrintedReceiptRow[];
}

export interface PrinterInfo {
  /** What the settings store as the system printer's deviceName. */
  readonly name: string;
  readonly displayName: string;
}

export type UpdateStatus =
  | { readonly state: 'off' }
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'downloading'; readonly version: string }
  /** Downloaded; installs on restart, which waits until no sale is in progress. */
  | { readonly state: 'ready'; readonly version: string }
  | { readonly state: 'error'; readonly message: string };

export interface OpenTillBridge {
  getShellInfo(): Promise<BridgeResult<ShellInfo>>;
  getSecret(name: SecretName): Promise<BridgeResult<string | null>>;
  setSecret(name: SecretName, value: string): Promise<BridgeResult<null>>;
  clearSecret(name: SecretName): Promise<BridgeResult<null>>;
  getSettings(): Promise<BridgeResult<DeviceSettings>>;
  /** Validated by the main process; answers with the settings as stored. */
  saveSettings(settings: DeviceSettings): Promise<BridgeResult<DeviceSettings>>;
  listPrinters(): Promise<BridgeResult<readonly PrinterInfo[]>>;
  /** The receipt on screen, printed silently to the configured system printer (print stylesheet). */
  printReceiptPage(): Promise<BridgeResult<null>>;
  /** A receipt as ESC/POS to the configured thermal printer, cut, with its order barcode. */
  printEscPosReceipt(receipt: PrintedReceipt): Promise<BridgeResult<null>>;
  /** A test page on `printer` (the settings being edited, before they are saved). */
  printTestPage(printer: PrinterSettings): Promise<BridgeResult<null>>;
  /** Opens the cash drawer through the receipt printer's drawer-kick pulse. */
  kickDrawer(): Promise<BridgeResult<null>>;
  /** The register says whether a sale is under way: updates never restart the till mid-sale. */
  setSaleInProgress(inProgress: boolean): Promise<BridgeResult<null>>;
  getUpdateStatus(): Promise<BridgeResult<UpdateStatus>>;
  /** Restarts into a downloaded update; refused with IN_PROGRESS while a sale is under way. */
  applyUpdate(): Promise<BridgeResult<null>>;
}

/** The IPC channel names, kept beside the contract so both ends use the same strings. */
export const IPC = {
  getShellInfo: 'opentill:get-shell-info',
  getSecret: 'opentill:get-secret',
  setSecret: 'opentill:set-secret',
  clearSecret: 'opentill:clear-secret',
  getSettings: 'opentill:get-settings',
  saveSettings: 'opentill:save-settings',
  listPrinters: 'opentill:list-printers',
  printReceiptPage: 'opentill:print-receipt-page',
  printEscPosReceipt: 'opentill:print-escpos-receipt',
  printTestPage: 'opentill:print-test-page',
  kickDrawer: 'opentill:kick-drawer',
  setSaleInProgress: 'opentill:set-sale-in-progress',
  getUpdateStatus: 'opentill:get-update-status',
  applyUpdate: 'opentill:apply-update',
} as const satisfies Record<keyof OpenTillBridge, string>;
