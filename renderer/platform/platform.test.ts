import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEVICE_SETTINGS } from '../../domain/device-settings';
import type { DeviceSettings } from '../../domain/device-settings';
import { uuidv7 } from '../../domain/ids';
import type { OpenTillBridge } from '../../electron/preload/contract';
import { BLANK_RECEIPT } from '../../electron/preload/contract-fixtures';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { bridgePlatform } from './bridge-platform';
import { browserPlatform } from './browser-platform';
import { openDrawerForNoSale, openDrawerForSale } from './drawer';
import { screenStore } from '../ui/screen-store';

let db: TillDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
  screenStore.setState({ drawerAlert: null });
});

const receipt = BLANK_RECEIPT;
const done = { ok: true as const, value: null };

/** A bridge whose every call is recorded; the settings are what the shell would hold. */
function fakeBridge(settings: DeviceSettings) {
  const bridge = {
    getSettings: vi.fn(async () => ({ ok: true as const, value: settings })),
    printReceiptPage: vi.fn(async () => done),
    printEscPosReceipt: vi.fn(async () => done),
    kickDrawer: vi.fn(async () => ({
      ok: false as const,
      error: {
        code: 'DEVICE_FAILED' as const,
        message: 'The printer at 10.0.0.9:9100 did not answer',
      },
    })),
  };
  return bridge as typeof bridge & OpenTillBridge;
}

describe('browser platform', () => {
  it('keeps the settings in a local document across a restart', async () => {
    const name = `platform-${uuidv7()}`;
    db = await openDatabase({ name });
    const platform = browserPlatform(db, vi.fn());
    expect(await platform.getSettings()).toEqual({ ok: true, value: DEFAULT_DEVICE_SETTINGS });
    const chosen = { ...DEFAULT_DEVICE_SETTINGS, drawer: { enabled: true, pin: 5 as const } };
    expect(await platform.saveSettings(chosen)).toEqual({ ok: true, value: chosen });
    expect(await browserPlatform(db, vi.fn()).getSettings()).toEqual({ ok: true, value: chosen });
  });

  it('prints through the print dialog and has no drawer, which a sale does not complain about', async () => {
    db = await openDatabase({ name: `platform-${uuidv7()}` });
    const print = vi.fn();
    const platform = browserPlatform(db, print);
    expect(await platform.print(receipt)).toEqual(done);
    expect(print).toHaveBeenCalledOnce();
    await openDrawerForSale(platform);
    expect(screenStore.getState().drawerAlert).toBeNull();
    expect(await openDrawerForNoSale(platform)).toBe(
      'No sale recorded. No cash drawer: a browser register cannot open one; open the drawer with its key.',
    );
  });
});

describe('desktop platform', () => {
  it('sends a sale’s receipt as ESC/POS to a thermal printer, and the page otherwise', async () => {
    db = await openDatabase({ name: `platform-${uuidv7()}` });
    const thermal = fakeBridge({
      ...DEFAULT_DEVICE_SETTINGS,
      printer: { kind: 'escpos-network', host: '10.0.0.9', port: 9100 },
    });
    await bridgePlatform(thermal, db).print(receipt);
    expect(thermal.printEscPosReceipt).toHaveBeenCalledWith(receipt);
    // An X report has no receipt to send as ESC/POS: it prints as a page.
    await bridgePlatform(thermal, db).print(null);
    expect(thermal.printReceiptPage).toHaveBeenCalledOnce();

    const system = fakeBridge({
      ...DEFAULT_DEVICE_SETTINGS,
      printer: { kind: 'system', deviceName: 'Front' },
    });
    await bridgePlatform(system, db).print(receipt);
    expect(system.printReceiptPage).toHaveBeenCalledOnce();
    expect(system.printEscPosReceipt).not.toHaveBeenCalled();
  });

  it('alerts the cashier when the drawer is set up but did not open after a cash sale', async () => {
    db = await openDatabase({ name: `platform-${uuidv7()}` });
    await openDrawerForSale(bridgePlatform(fakeBridge(DEFAULT_DEVICE_SETTINGS), db));
    expect(screenStore.getState().drawerAlert).toBe(
      'The cash drawer did not open: The printer at 10.0.0.9:9100 did not answer',
    );
  });
});
