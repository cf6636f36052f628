import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { focusWindow, openMainWindow } from './window';

function fakeWindow(minimized = false) {
  const events: Record<string, () => void> = {};
  const navigation: Record<string, (e: { url: string; preventDefault(): void }) => void> = {};
  return {
    events,
    navigation,
    options: null as BrowserWindowConstructorOptions | null,
    once: vi.fn((name: string, fn: () => void) => (events[name] = fn)),
    show: vi.fn(),
    loadURL: vi.fn(async () => undefined),
    isMinimized: () => minimized,
    restore: vi.fn(),
    focus: vi.fn(),
    webContents: {
      on: (name: string, fn: (e: { url: string; preventDefault(): void }) => void) =>
        (navigation[name] = fn),
      setWindowOpenHandler: vi.fn(),
    },
  };
}

describe('main window', () => {
  it('loads the register sandboxed, guarded, and shows it once painted', () => {
    const win = fakeWindow();
    openMainWindow({
      create: (options) => Object.assign(win, { options }) as never,
      preloadPath: '/app/preload.cjs',
      url: 'file:///app/renderer/index.html',
      allowedOrigins: () => ['file://'],
    });
    expect(win.options?.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(win.options?.show).toBe(false);
    expect(win.loadURL).toHaveBeenCalledWith('file:///app/renderer/index.html');
    const away = { url: 'https://evil.example/', preventDefault: vi.fn() };
    win.navigation['will-navigate']?.(away);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(win.show).not.toHaveBeenCalled();
    win.events['ready-to-show']?.();
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('brings a minimized window back when the app is launched again', () => {
    const win = fakeWindow(true);
    focusWindow(win as never);
    expect(win.restore).toHaveBeenCalledOnce();
    expect(win.focus).toHaveBeenCalledOnce();
  });
});
