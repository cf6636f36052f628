import type { WebContents } from 'electron';
import type { PrinterSettings } from '../../domain/device-settings';
import { appError } from '../../domain/errors';
import type { BridgeResult, PrinterInfo } from '../preload/contract';

type Printable = Pick<WebContents, 'print'>;

/**
 * Prints a page through the operating system: silently to the configured system printer (the
 * page's print stylesheet leaves only the receipt), or through the print dialog when no till
 * printer is set up — the same as a browser. A cancelled dialog is not a failure.
 */
export function printPage(
  contents: Printable,
  printer: PrinterSettings,
): Promise<BridgeResult<null>> {
  const silent = printer.kind === 'system';
  return new Promise((resolve) => {
    contents.print(
      {
        silent,
        printBackground: false,
        margins: { marginType: 'none' },
        ...(silent && printer.deviceName ? { deviceName: printer.deviceName } : {}),
      },
      (success, failureReason) => {
        if (success || /cancel/i.test(failureReason)) resolve({ ok: true, value: null });
        else {
          const where = silent ? ` on ${printer.deviceName || 'the default printer'}` : '';
          resolve({
            ok: false,
            error: appError('DEVICE_FAILED', `The receipt did not print${where}: ${failureReason}`),
          });
        }
      },
    );
  });
}

export async function listPrinters(
  contents: Pick<WebContents, 'getPrintersAsync'>,
): Promise<BridgeResult<readonly PrinterInfo[]>> {
  const printers = await contents.getPrintersAsync();
  return { ok: true, value: printers.map((p) => ({ name: p.name, displayName: p.displayName })) };
}

/** A page the test print shows: the printer's name and the time, large enough to read. */
export function testPageHtml(printerName: string, printedAt: string): string {
  const escape = (s: string) =>
    s.replace(
      /[&<>"]/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
    );
  return `<!doctype html><meta charset="utf-8"><title>OpenTill test page</title>
<body style="font:14px monospace;text-align:center"><h1>OpenTill</h1><p>Printer test page</p>
<p>${escape(printerName)}</p><p>${escape(printedAt)}</p></body>`;
}
