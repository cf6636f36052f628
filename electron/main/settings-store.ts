import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DeviceSettings, readDeviceSettings } from '../../domain/device-settings';
import { firstIssue } from '../../domain/errors';
import type { BridgeResult } from '../preload/contract';

export interface SettingsStore {
  /** What is in force now; the policies read it on every request, so a save applies at once. */
  current(): DeviceSettings;
  /** Validates what the page sent (it is untrusted), writes it, then tells the listeners. */
  save(input: unknown): Promise<BridgeResult<DeviceSettings>>;
  onChange(listener: (settings: DeviceSettings) => void): void;
}

/** A missing or damaged file reads as nothing: the register then starts on the defaults. */
async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** The register's device settings as JSON in the user-data folder: not secret, so not encrypted. */
export async function openSettingsStore(dir: string): Promise<SettingsStore> {
  const file = path.join(dir, 'settings.json');
  let settings = readDeviceSettings(await readJson(file));
  const listeners: ((s: DeviceSettings) => void)[] = [];
  return {
    current: () => settings,
    async save(input) {
      const parsed = DeviceSettings.safeParse(input);
      if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
      await mkdir(dir, { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify(parsed.data, null, 2));
      await rename(`${file}.tmp`, file);
      settings = parsed.data;
      for (const listener of listeners) listener(settings);
      return { ok: true, value: settings };
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
