import { z } from 'zod';
import { DeviceSettings, PrinterSettings } from '../../domain/device-settings';
import { appError, firstIssue } from '../../domain/errors';
import type {
  BridgeResult,
  OpenTillBridge,
  PrintedReceipt,
  PrinterInfo,
  ShellInfo,
  UpdateStatus,
} from '../preload/contract';
import type { Hardware } from './hardware';
import { SECRET_NAMES } from './secret-store';
import type { SecretStore } from './secret-store';
import type { SettingsStore } from './settings-store';

/** What the main process answers each bridge call with; arguments arrive unchecked from the page. */
export type BridgeHandlers = {
  [K in keyof OpenTillBridge]: (
    ...args: unknown[]
  ) => Promise<Awaited<ReturnType<OpenTillBridge[K]>>>;
};

const Row = z.object({ label: z.string().max(200), amount: z.string().max(100) });
const ReceiptInput: z.ZodType<PrintedReceipt> = z.object({
  orderId: z.string().min(1).max(100),
  storeName: z.string().max(200),
  address: z.string().max(500),
  placedAt: z.string().max(100),
  cashier: z.string().max(200),
  customer: z.string().max(200).nullable(),
  lines: z
    .array(
      z.object({
        name: z.string().max(500),
        quantity: z.string().max(100),
        discount: z.string().max(100).nullable(),
        total: z.string().max(100),
      }),
    )
    .max(1_000),
  totals: z.array(Row).max(100),
  tenders: z.array(Row).max(100),
});
const SecretNameInput = z.enum(SECRET_NAMES);

export interface BridgeHandlerDeps {
  readonly info: () => ShellInfo;
  readonly secrets: SecretStore;
  readonly settings: SettingsStore;
  readonly hardware: Hardware;
  readonly updates: {
    status(): UpdateStatus;
    apply(): BridgeResult<null>;
  };
  /** The register window's own page, which the receipt page prints from. */
  readonly printPage: () => Promise<BridgeResult<null>>;
  readonly listPrinters: () => Promise<BridgeResult<readonly PrinterInfo[]>>;
  readonly setSaleInProgress: (inProgress: boolean) => void;
}

/** Parses one untrusted argument, or answers INVALID_INPUT without calling through. */
async function withInput<T, R>(
  schema: z.ZodType<T>,
  input: unknown,
  then: (value: T) => Promise<BridgeResult<R>> | BridgeResult<R>,
): Promise<BridgeResult<R>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  return then(parsed.data);
}

const done = { ok: true, value: null } as const;

export function createBridgeHandlers(deps: BridgeHandlerDeps): BridgeHandlers {
  const { secrets, settings, hardware, updates } = deps;
  return {
    getShellInfo: async () => ({ ok: true, value: deps.info() }),
    getSecret: (name) => withInput(SecretNameInput, name, (n) => secrets.get(n)),
    setSecret: (name, value) =>
      withInput(SecretNameInput, name, (n) =>
        withInput(z.string(), value, (v) => secrets.set(n, v)),
      ),
    clearSecret: (name) => withInput(SecretNameInput, name, (n) => secrets.clear(n)),
    getSettings: async () => ({ ok: true, value: settings.current() }),
    saveSettings: (input) => withInput(DeviceSettings, input, (s) => settings.save(s)),
    listPrinters: () => deps.listPrinters(),
    printReceiptPage: () => deps.printPage(),
    printEscPosReceipt: (receipt) =>
      withInput(ReceiptInput, receipt, (r) => hardware.printEscPosReceipt(r)),
    printTestPage: (printer) =>
      withInput(PrinterSettings, printer, (p) => hardware.printTestPage(p)),
    kickDrawer: () => hardware.kickDrawer(),
    setSaleInProgress: (inProgress) =>
      withInput(z.boolean(), inProgress, (v) => {
        deps.setSaleInProgress(v);
        return done;
      }),
    getUpdateStatus: async () => ({ ok: true, value: updates.status() }),
    applyUpdate: async () => updates.apply(),
  };
}

export const NOT_THE_REGISTER = appError(
  'FORBIDDEN',
  'Only the register’s own page may use the desktop bridge',
);
