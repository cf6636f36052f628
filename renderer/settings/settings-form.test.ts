import { describe, expect, it } from 'vitest';
import { DEFAULT_DEVICE_SETTINGS } from '../../domain/device-settings';
import { formOf, settingsOf } from './settings-form';

const form = formOf(DEFAULT_DEVICE_SETTINGS);

describe('settings form', () => {
  it('reads a network printer typed as host:port, or a host alone on port 9100', () => {
    const typed = settingsOf(
      { ...form, printerKind: 'escpos-network', networkAddress: ' 10.0.0.9:9101 ' },
      'http://10.0.0.5:8787',
    );
    expect(typed.ok && typed.value.printer).toEqual({
      kind: 'escpos-network',
      host: '10.0.0.9',
      port: 9101,
    });
    const bare = settingsOf(
      { ...form, printerKind: 'escpos-network', networkAddress: 'till-printer' },
      null,
    );
    expect(bare.ok && bare.value.printer).toEqual({
      kind: 'escpos-network',
      host: 'till-printer',
      port: 9100,
    });
  });

  it('says what to fix when the address is missing', () => {
    const missing = settingsOf(
      { ...form, printerKind: 'escpos-network', networkAddress: '' },
      null,
    );
    expect(missing.ok ? null : missing.error.message).toBe(
      'printer.host: Enter the printer’s address',
    );
  });

  it('shows saved settings in the fields they were typed in', () => {
    const saved = {
      ...DEFAULT_DEVICE_SETTINGS,
      printer: { kind: 'escpos-device', path: '/dev/usb/lp0' },
      drawer: { enabled: true, pin: 5 },
    } as const;
    const shown = formOf(saved);
    expect(shown).toMatchObject({
      printerKind: 'escpos-device',
      devicePath: '/dev/usb/lp0',
      drawerPin: '5',
    });
    expect(settingsOf(shown, null)).toEqual({ ok: true, value: saved });
  });
});
