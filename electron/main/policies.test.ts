import { describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy, installContentSecurityPolicy } from './content-security-policy';
import { installPermissionPolicy } from './permission-policy';
import { allowedOriginsFor, isRegisterPage, registerUrl } from './register-url';
import { claimSingleInstance } from './single-instance';
import { secureWebPreferences } from './web-preferences';

describe('secure window defaults', () => {
  it('isolates the page from Node', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/app/preload.cjs',
    });
    expect(secureWebPreferences(null)).not.toHaveProperty('preload');
  });

  it('denies every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    installPermissionPolicy({
      setPermissionRequestHandler: (fn: never) => (request = fn),
      setPermissionCheckHandler: (fn: never) => (check = fn),
    } as never);
    const callback = vi.fn();
    request?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(check?.()).toBe(false);
  });
});

describe('content security policy', () => {
  it('lets the page talk only to itself and the sync server', () => {
    const csp = contentSecurityPolicy(['http://10.0.0.5:8787']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' http://10.0.0.5:8787");
    expect(csp).toContain("object-src 'none'");
  });

  it('is added to every response', () => {
    let listener: ((d: unknown, cb: (r: unknown) => void) => void) | undefined;
    installContentSecurityPolicy(
      { webRequest: { onHeadersReceived: (fn: never) => (listener = fn) } } as never,
      () => [],
    );
    const callback = vi.fn();
    listener?.({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'X-Other': ['1'],
        'Content-Security-Policy': [contentSecurityPolicy([])],
      },
    });
  });
});

describe('register url', () => {
  it('prefers the url npm start hands over, and allows its sync server', () => {
    const url = registerUrl(
      { OPENTILL_REGISTER_URL: 'http://127.0.0.1:5173/?server=http://127.0.0.1:8787&pair=AB' },
      '/app/index.html',
    );
    expect(allowedOriginsFor(url, null)).toEqual([
      'http://127.0.0.1:5173',
      'http://127.0.0.1:8787',
    ]);
  });

  it('falls back to the packaged build on disk', () => {
    const url = registerUrl({}, '/opt/opentill/renderer/index.html');
    expect(url).toBe('file:///opt/opentill/renderer/index.html');
    expect(allowedOriginsFor(url, 'https://till.example.com')).toEqual([
      'file://',
      'https://till.example.com',
    ]);
  });
});

describe('register page', () => {
  it('is the packaged renderer folder, or the origin npm start serves it from', () => {
    const packaged = 'file:///opt/opentill/resources/app.asar/dist/renderer/index.html';
    expect(isRegisterPage(packaged, packaged)).toBe(true);
    expect(isRegisterPage('file:///home/till/Downloads/evil.html', packaged)).toBe(false);
    const served = 'http://127.0.0.1:5173/?server=http://127.0.0.1:8787';
    expect(isRegisterPage('http://127.0.0.1:5173/', served)).toBe(true);
    expect(isRegisterPage('http://127.0.0.1:8787/', served)).toBe(false);
    expect(isRegisterPage('', served)).toBe(false);
  });

  it('allows the server a pairing link names and the one in the settings', () => {
    const url = 'http://127.0.0.1:5173/?server=http://127.0.0.1:8787&pair=AB';
    expect(allowedOriginsFor(url, 'https://till.example.com/')).toEqual([
      'http://127.0.0.1:5173',
      'http://127.0.0.1:8787',
      'https://till.example.com',
    ]);
  });
});

describe('single instance', () => {
  it('quits a second copy and focuses the first', () => {
    const quit = vi.fn();
    const focus = vi.fn();
    const events: Record<string, () => void> = {};
    const first = claimSingleInstance(
      {
        requestSingleInstanceLock: () => true,
        on: (n: string, fn: () => void) => (events[n] = fn),
        quit,
      } as never,
      focus,
    );
    expect(first).toBe(true);
    events['second-instance']?.();
    expect(focus).toHaveBeenCalledOnce();

    const second = claimSingleInstance(
      { requestSingleInstanceLock: () => false, on: vi.fn(), quit } as never,
      focus,
    );
    expect(second).toBe(false);
    expect(quit).toHaveBeenCalledOnce();
  });
});
