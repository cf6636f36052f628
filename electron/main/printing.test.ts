import { describe, expect, it } from 'vitest';
import type { WebContentsPrintOptions } from 'electron';
import { listPrinters, printPage, testPageHtml } from './printing';

/** A webContents that records the print it was asked for and answers as a printer would. */
function contents(answer: [boolean, string]) {
  const asked: WebContentsPrintOptions[] = [];
  return {
    asked,
    print(options?: WebContentsPrintOptions, callback?: (ok: boolean, reason: string) => void) {
      asked.push(options ?? {});
      callback?.(...answer);
    },
  };
}

describe('printing the receipt page', () => {
  it('prints silently to the configured system printer', async () => {
    const page = contents([true, '']);
    const printed = await printPage(page, { kind: 'system', deviceName: 'TM-T20' });
    expect(printed).toEqual({ ok: true, value: null });
    expect(page.asked[0]).toMatchObject({ silent: true, deviceName: 'TM-T20' });
  });

  it('opens the print dialog when no till printer is set up, and a cancel is no failure', async () => {
    const page = contents([false, 'Print job canceled']);
    expect(await printPage(page, { kind: 'dialog' })).toEqual({ ok: true, value: null });
    expect(page.asked[0]?.silent).toBe(false);
    expect(page.asked[0]).not.toHaveProperty('deviceName');
  });

  it('says which printer failed', async () => {
    const page = contents([false, 'Printer is offline']);
    const printed = await printPage(page, { kind: 'system', deviceName: '' });
    expect(printed).toEqual({
      ok: false,
      error: {
        code: 'DEVICE_FAILED',
        message: 'The receipt did not print on the default printer: Printer is offline',
      },
    });
  });

  it('lists the system printers by the names the settings store', async () => {
    const listed = await listPrinters({
      getPrintersAsync: async () => [
        { name: 'EPSON_TM_T20', displayName: 'EPSON TM-T20', description: '', options: {} },
      ],
    });
    expect(listed).toEqual({
      ok: true,
      value: [{ name: 'EPSON_TM_T20', displayName: 'EPSON TM-T20' }],
    });
  });

  it('escapes a printer name on the test page', () => {
    expect(testPageHtml('<b>Front</b>', 'now')).toContain('&lt;b&gt;Front&lt;/b&gt;');
  });
});
