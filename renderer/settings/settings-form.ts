import { DeviceSettings } from '../../domain/device-settings';
import type { PrinterSettings } from '../../domain/device-settings';
import { err, firstIssue, ok } from '../../domain/errors';
import type { Result } from '../../domain/errors';

/** The settings screen's fields as typed: strings and switches, turned into settings on save. */
export interface SettingsForm {
  readonly printerKind: PrinterSettings['kind'];
  readonly systemPrinter: string;
  /** "host:port", or a host alone for the usual raw port 9100. */
  readonly networkAddress: string;
  readonly devicePath: string;
  readonly drawerEnabled: boolean;
  readonly drawerPin: '2' | '5';
  readonly updatesEnabled: boolean;
  readonly feedUrl: string;
}

export const RAW_PRINT_PORT = 9100;

export function formOf(settings: DeviceSettings): SettingsForm {
  const { printer, drawer, updates } = settings;
  return {
    printerKind: printer.kind,
    systemPrinter: printer.kind === 'system' ? printer.deviceName : '',
    networkAddress: printer.kind === 'escpos-network' ? `${printer.host}:${printer.port}` : '',
    devicePath: printer.kind === 'escpos-device' ? printer.path : '',
    drawerEnabled: drawer.enabled,
    drawerPin: drawer.pin === 5 ? '5' : '2',
    updatesEnabled: updates.enabled,
    feedUrl: updates.feedUrl,
  };
}

/** The printer the form describes, as the settings hold it (checked when the whole is saved). */
export function printerOf(form: SettingsForm): PrinterSettings {
  switch (form.printerKind) {
    case 'dialog':
      return { kind: 'dialog' };
    case 'system':
      return { kind: 'system', deviceName: form.systemPrinter };
    case 'escpos-network': {
      const match = /^(.*?)(?::(\d{1,5}))?$/.exec(form.networkAddress.trim());
      return {
        kind: 'escpos-network',
        host: match?.[1] ?? '',
        port: match?.[2] ? Number(match[2]) : RAW_PRINT_PORT,
      };
    }
    case 'escpos-device':
      return { kind: 'escpos-device', path: form.devicePath };
  }
}

export function settingsOf(form: SettingsForm, serverUrl: string | null): Result<DeviceSettings> {
  const parsed = DeviceSettings.safeParse({
    serverUrl,
    printer: printerOf(form),
    drawer: { enabled: form.drawerEnabled, pin: form.drawerPin === '5' ? 5 : 2 },
    updates: { enabled: form.updatesEnabled, feedUrl: form.feedUrl.trim() },
  });
  return parsed.success ? ok(parsed.data) : err(firstIssue(parsed.error));
}
