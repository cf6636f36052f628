import { appendFile } from 'node:fs/promises';
import { connect } from 'node:net';
import type { PrinterSettings } from '../../../domain/device-settings';
import { appError } from '../../../domain/errors';
import type { BridgeResult } from '../../preload/contract';

export type EscPosPrinter = Extract<PrinterSettings, { kind: 'escpos-network' | 'escpos-device' }>;

export function isEscPosPrinter(printer: PrinterSettings): printer is EscPosPrinter {
  return printer.kind === 'escpos-network' || printer.kind === 'escpos-device';
}

export function describePrinter(printer: EscPosPrinter): string {
  return printer.kind === 'escpos-network' ? `${printer.host}:${printer.port}` : printer.path;
}

/**
 * Raw TCP, as thermal printers take jobs on port 9100: connect, write, close. A printer that
 * is off or unplugged must not hang the till, so the whole job has a deadline.
 */
function sendOverTcp(
  host: string,
  port: number,
  bytes: Uint8Array,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)),
    );
    socket.once('error', reject);
    socket.once('connect', () => socket.end(bytes));
    socket.once('close', (hadError) => {
      if (!hadError) resolve();
    });
  });
}

/** Sends one job to the printer; the result says, in words for the counter, why it did not go. */
export async function sendToPrinter(
  printer: EscPosPrinter,
  bytes: Uint8Array,
  timeoutMs = 5_000,
): Promise<BridgeResult<null>> {
  try {
    if (printer.kind === 'escpos-network') {
      await sendOverTcp(printer.host, printer.port, bytes, timeoutMs);
    } else {
      // A USB or serial printer's device file (/dev/usb/lp0, /dev/ttyUSB0, COM3): append, since
      // a character device cannot be truncated.
      await appendFile(printer.path, bytes);
    }
    return { ok: true, value: null };
  } catch (e) {
    return {
      ok: false,
      error: appError(
        'DEVICE_FAILED',
        `The printer at ${describePrinter(printer)} did not take the job: ${(e as Error).message}`,
      ),
    };
  }
}
