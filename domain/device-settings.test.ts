import { describe, expect, it } from 'vitest';
import { DEFAULT_DEVICE_SETTINGS, DeviceSettings, readDeviceSettings } from './device-settings';

describe('device settings', () => {
  it('keeps the parts of a stored file that still read when another part is damaged', () => {
    const stored = {
      serverUrl: 'http://10.0.0.5:8787',
      printer: { kind: 'escpos-network', host: '10.0.0.9', port: 9100 },
      drawer: { enabled: true, pin: 7 },
      updates: { enabled: true, feedUrl: '' },
    };
    expect(readDeviceSettings(stored)).toEqual({
      serverUrl: 'http://10.0.0.5:8787',
      printer: { kind: 'escpos-network', host: '10.0.0.9', port: 9100 },
      drawer: DEFAULT_DEVICE_SETTINGS.drawer,
      updates: DEFAULT_DEVICE_SETTINGS.updates,
    });
    expect(readDeviceSettings('not json')).toEqual(DEFAULT_DEVICE_SETTINGS);
  });

  it('refuses a printer host written as a URL, and updates switched on with no feed', () => {
    const printer = DeviceSettings.safeParse({
      ...DEFAULT_DEVICE_SETTINGS,
      printer: { kind: 'escpos-network', host: 'http://10.0.0.9', port: 9100 },
    });
    expect(printer.success).toBe(false);
    const updates = DeviceSettings.safeParse({
      ...DEFAULT_DEVICE_SETTINGS,
      updates: { enabled: true, feedUrl: '' },
    });
    expect(updates.error?.issues[0]?.message).toBe(
      'Enter the update feed address, or turn updates off',
    );
  });
});
