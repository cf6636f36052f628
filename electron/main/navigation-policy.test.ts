import { describe, expect, it, vi } from 'vitest';
import { installNavigationPolicy, isAllowedUrl } from './navigation-policy';

const origins = ['http://127.0.0.1:5173', 'http://127.0.0.1:8787'];

describe('navigation policy', () => {
  it.each([
    ['http://127.0.0.1:5173/?pair=ABC', true],
    ['http://127.0.0.1:8787/api/health', true],
    ['https://evil.example/phish', false],
    ['http://127.0.0.1:5174/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
    ['file:///etc/passwd', false],
  ])('%s allowed: %s', (url, allowed) => {
    expect(isAllowedUrl(url, origins)).toBe(allowed);
  });

  it('allows the packaged build on disk only when the app itself is a file', () => {
    expect(isAllowedUrl('file:///opt/opentill/index.html', ['file://'])).toBe(true);
  });

  it('cancels a navigation or redirect off the allowed origins and denies every new window', () => {
    const handlers: Record<string, (event: { url: string; preventDefault(): void }) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { url: string; preventDefault(): void }) => void) => {
        handlers[name] = fn;
      },
      setWindowOpenHandler: (fn: () => { action: string }) => {
        openHandler = fn;
      },
    };
    installNavigationPolicy(contents as never, () => origins);
    const blocked = { url: 'https://evil.example/', preventDefault: vi.fn() };
    const allowed = { url: 'http://127.0.0.1:5173/', preventDefault: vi.fn() };
    handlers['will-navigate']?.(blocked);
    handlers['will-navigate']?.(allowed);
    expect(blocked.preventDefault).toHaveBeenCalledOnce();
    expect(allowed.preventDefault).not.toHaveBeenCalled();
    const redirect = { url: 'https://evil.example/', preventDefault: vi.fn() };
    handlers['will-redirect']?.(redirect);
    expect(redirect.preventDefault).toHaveBeenCalledOnce();
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });
});
