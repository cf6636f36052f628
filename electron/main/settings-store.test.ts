import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEVICE_SETTINGS } from '../../domain/device-settings';
import { openSettingsStore } from './settings-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opentill-settings-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const networkPrinter = {
  ...DEFAULT_DEVICE_SETTINGS,
  serverUrl: 'http://10.0.0.5:8787',
  printer: { kind: 'escpos-network', host: '10.0.0.9', port: 9100 },
  drawer: { enabled: true, pin: 5 },
} as const;

describe('settings store', () => {
  it('starts from the defaults, and a saved printer is there after a restart', async () => {
    const first = await openSettingsStore(dir);
    expect(first.current()).toEqual(DEFAULT_DEVICE_SETTINGS);
    const listener = vi.fn();
    first.onChange(listener);
    expect(await first.save(networkPrinter)).toEqual({ ok: true, value: networkPrinter });
    expect(listener).toHaveBeenCalledWith(networkPrinter);

    const again = await openSettingsStore(dir);
    expect(again.current()).toEqual(networkPrinter);
  });

  it('refuses settings the page got wrong and keeps the ones in force', async () => {
    const store = await openSettingsStore(dir);
    const saved = await store.save({ ...networkPrinter, printer: { kind: 'escpos-network' } });
    expect(saved.ok ? null : saved.error.code).toBe('INVALID_INPUT');
    expect(store.current()).toEqual(DEFAULT_DEVICE_SETTINGS);
  });

  it('opens on the defaults over a damaged file', async () => {
    await writeFile(path.join(dir, 'settings.json'), '{ not json');
    expect((await openSettingsStore(dir)).current()).toEqual(DEFAULT_DEVICE_SETTINGS);
  });
});
