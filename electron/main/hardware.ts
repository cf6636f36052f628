import type { DeviceSettings, PrinterSettings } from '../../domain/device-settings';
import { appError } from '../../domain/errors';
import type { BridgeResult, PrintedReceipt } from '../preload/contract';
import { drawerPulse } from './escpos/commands';
import { receiptBytes, testPageBytes } from './escpos/receipt';
import { describePrinter, isEscPosPrinter, sendToPrinter } from './escpos/transport';
import type { EscPosPrinter } from './escpos/transport';

export interface HardwareDeps {
  readonly settings: () => DeviceSettings;
  readonly send?: (printer: EscPosPrinter, bytes: Uint8Array) => Promise<BridgeResult<null>>;
  /** A test page on a system printer: a small page printed silently from a hidden window. */
  readonly printSystemTestPage: (
    deviceName: string,
    printedAt: string,
  ) => Promise<BridgeResult<null>>;
  readonly now?: () => Date;
}

const notSupported = (message: string) =>
  ({ ok: false, error: appError('NOT_SUPPORTED', message) }) as const;

/** The receipt printer and the drawer behind it, as the settings in force describe them. */
export function createHardware(deps: HardwareDeps) {
  const send = deps.send ?? sendToPrinter;
  const now = deps.now ?? (() => new Date());

  return {
    printEscPosReceipt(receipt: PrintedReceipt): Promise<BridgeResult<null>> {
      const { printer } = deps.settings();
      if (!isEscPosPrinter(printer)) {
        return Promise.resolve(
          notSupported('No ESC/POS receipt printer is set up on this register'),
        );
      }
      return send(printer, receiptBytes(receipt));
    },

    printTestPage(printer: PrinterSettings): Promise<BridgeResult<null>> {
      const printedAt = now().toLocaleString();
      if (isEscPosPrinter(printer)) {
        return send(printer, testPageBytes(describePrinter(printer), printedAt));
      }
      if (printer.kind === 'system') return deps.printSystemTestPage(printer.deviceName, printedAt);
      return Promise.resolve(
        notSupported('Choose a receipt printer first: with none, receipts go to the print dialog'),
      );
    },

    /**
     * The drawer is wired to the receipt printer's drawer-kick port, so it opens with the
     * printer's pulse; a system printer's driver gives no way to send one.
     */
    kickDrawer(): Promise<BridgeResult<null>> {
      const { drawer, printer } = deps.settings();
      if (!drawer.enabled)
        return Promise.resolve(notSupported('No cash drawer is set up on this register'));
      if (!isEscPosPrinter(printer)) {
        return Promise.resolve(
          notSupported('The cash drawer opens through an ESC/POS receipt printer; none is set up'),
        );
      }
      return send(printer, Uint8Array.from(drawerPulse(drawer.pin)));
    },
  };
}

export type Hardware = ReturnType<typeof createHardware>;
