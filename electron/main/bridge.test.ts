import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEVICE_SETTINGS } from '../../domain/device-settings';
import { IPC } from '../preload/contract';
import { createBridgeHandlers } from './bridge-handlers';
import type { BridgeHandlerDeps } from './bridge-handlers';
import { registerBridge } from './ipc';

const ok = { ok: true as const, value: null };

function deps(): BridgeHandlerDeps & { hardware: Record<string, ReturnType<typeof vi.fn>> } {
  return {
    info: () => ({ appVersion: '0.1.0', platform: 'linux' }),
    secrets: { get: vi.fn(), set: vi.fn(async () => ok), clear: vi.fn() },
    settings: {
      current: () => DEFAULT_DEVICE_SETTINGS,
      save: vi.fn(async (s) => ({ ok: true as const, value: s as never })),
      onChange: vi.fn(),
    },
    hardware: {
      printEscPosReceipt: vi.fn(async () => ok),
      printTestPage: vi.fn(async () => ok),
      kickDrawer: vi.fn(async () => ok),
    },
    updates: { status: () => ({ state: 'off' }), apply: () => ok },
    printPage: vi.fn(async () => ok),
    listPrinters: vi.fn(),
    setSaleInProgress: vi.fn(),
  };
}

/** ipcMain as the bridge uses it: a handler per channel, invoked as the preload would. */
function fakeIpc() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  return {
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
      void handlers.set(channel, fn),
    invoke: (channel: string, from: string, ...args: unknown[]) =>
      handlers.get(channel)?.({ senderFrame: { url: from } }, ...args),
    channels: () => [...handlers.keys()],
  };
}

const REGISTER = 'file:///opt/opentill/renderer/index.html';
const isRegisterPage = (url: string) => url.startsWith('file:///opt/opentill/');

describe('bridge over IPC', () => {
  it('answers every bridge function, and only to the register’s own page', async () => {
    const ipc = fakeIpc();
    registerBridge(ipc as never, createBridgeHandlers(deps()), isRegisterPage, vi.fn());
    expect(ipc.channels().sort()).toEqual(Object.values(IPC).sort());
    expect(await ipc.invoke(IPC.getShellInfo, REGISTER)).toEqual({
      ok: true,
      value: { appVersion: '0.1.0', platform: 'linux' },
    });
    const foreign = (await ipc.invoke(
      IPC.getSecret,
      'https://evil.example/',
      'device-credentials',
    )) as {
      error: { code: string };
    };
    expect(foreign.error.code).toBe('FORBIDDEN');
  });

  it('turns a failing handler into an INTERNAL result, logged', async () => {
    const ipc = fakeIpc();
    const d = deps();
    d.hardware.kickDrawer = vi.fn(async () => {
      throw new Error('EACCES /dev/usb/lp0');
    });
    const log = vi.fn();
    registerBridge(ipc as never, createBridgeHandlers(d), isRegisterPage, log);
    expect(await ipc.invoke(IPC.kickDrawer, REGISTER)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The desktop shell failed: EACCES /dev/usb/lp0' },
    });
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('bridge handlers', () => {
  it('refuse malformed arguments before they reach a printer or the keychain', async () => {
    const d = deps();
    const handlers = createBridgeHandlers(d);
    const receipt = await handlers.printEscPosReceipt({ orderId: 'A1' });
    expect(receipt.ok ? null : receipt.error.code).toBe('INVALID_INPUT');
    expect(d.hardware.printEscPosReceipt).not.toHaveBeenCalled();
    const secret = await handlers.setSecret('device-credentials', { token: 'x' });
    expect(secret.ok ? null : secret.error.code).toBe('INVALID_INPUT');
    expect(d.secrets.set).not.toHaveBeenCalled();
    const printer = await handlers.printTestPage({ kind: 'escpos-network', host: 'x;rm -rf' });
    expect(printer.ok ? null : printer.error.code).toBe('INVALID_INPUT');
  });

  it('pass on what the register says about a sale in progress', async () => {
    const d = deps();
    const handlers = createBridgeHandlers(d);
    expect(await handlers.setSaleInProgress(true)).toEqual(ok);
    expect(d.setSaleInProgress).toHaveBeenCalledWith(true);
    const wrong = await handlers.setSaleInProgress('yes');
    expect(wrong.ok).toBe(false);
  });
});
