import { z } from 'zod';

/*
 * One register's own hardware and shell settings: which printer its receipts go to, whether a
 * cash drawer hangs off that printer, and where updates come from. They belong to the machine,
 * not the store, so they never replicate: the desktop shell keeps them in its user-data folder,
 * a browser in a local document. Both sides read them through this schema.
 */

const Host = z
  .string()
  .trim()
  .min(1, 'Enter the printer’s address')
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'A host name or IP address, without http:// or a port');

export const PrinterSettings = z.discriminatedUnion('kind', [
  /** No till printer: receipts go to the print dialog. */
  z.object({ kind: z.literal('dialog') }),
  /** A printer the operating system knows, printed to silently; '' is the system default. */
  z.object({ kind: z.literal('system'), deviceName: z.string().max(200) }),
  /** An ESC/POS thermal printer on the network, raw on TCP (usually port 9100). */
  z.object({
    kind: z.literal('escpos-network'),
    host: Host,
    port: z.number().int().min(1).max(65_535),
  }),
  /** An ESC/POS printer on USB or serial, written through its device file. */
  z.object({
    kind: z.literal('escpos-device'),
    path: z.string().trim().min(1, 'Enter the printer’s device path').max(500),
  }),
]);
export type PrinterSettings = z.infer<typeof PrinterSettings>;

export const DrawerSettings = z.object({
  enabled: z.boolean(),
  /** The drawer-kick connector pin the drawer is wired to: ESC p 0 drives pin 2, ESC p 1 pin 5. */
  pin: z.union([z.literal(2), z.literal(5)]),
});
export type DrawerSettings = z.infer<typeof DrawerSettings>;

export const UpdateSettings = z.object({
  enabled: z.boolean(),
  /** A generic electron-updater feed (the folder holding latest.yml); '' while updates are off. */
  feedUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

const DeviceSettingsShape = z.object({
  /** The sync server this register is paired with, or is about to pair with. */
  serverUrl: z.union([z.null(), z.url({ protocol: /^https?$/ })]),
  printer: PrinterSettings,
  drawer: DrawerSettings,
  updates: UpdateSettings,
});

export const DeviceSettings = DeviceSettingsShape.refine(
  (s) => !s.updates.enabled || s.updates.feedUrl !== '',
  { message: 'Enter the update feed address, or turn updates off', path: ['updates', 'feedUrl'] },
);
export type DeviceSettings = z.infer<typeof DeviceSettings>;

export const DEFAULT_DEVICE_SETTINGS: DeviceSettings = {
  serverUrl: null,
  printer: { kind: 'dialog' },
  drawer: { enabled: false, pin: 2 },
  updates: { enabled: false, feedUrl: '' },
};

/**
 * Stored settings from an older or damaged file: each part that does not read falls back to its
 * default on its own, so a bad feed address never loses the printer, and nothing fails the till.
 */
export function readDeviceSettings(stored: unknown): DeviceSettings {
  const raw = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<
    string,
    unknown
  >;
  const part = <T>(schema: z.ZodType<T>, value: unknown, fallback: T): T => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback;
  };
  const d = DEFAULT_DEVICE_SETTINGS;
  const updates = part(UpdateSettings, raw.updates, d.updates);
  return {
    serverUrl: part(DeviceSettingsShape.shape.serverUrl, raw.serverUrl, d.serverUrl),
    printer: part(PrinterSettings, raw.printer, d.printer),
    drawer: part(DrawerSettings, raw.drawer, d.drawer),
    updates: updates.enabled && updates.feedUrl === '' ? d.updates : updates,
  };
}
