import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from './menu';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((i) => [
    ...(i.role ? [i.role] : []),
    ...(Array.isArray(i.submenu) ? roles(i.submenu) : []),
  ]);

describe('application menu', () => {
  it('has copy and paste, and no reload or developer tools in a packaged till', () => {
    const menu = roles(menuTemplate({ isMac: false, developer: false }));
    expect(menu).toEqual(expect.arrayContaining(['fileMenu', 'copy', 'paste', 'zoomIn']));
    expect(menu).not.toContain('reload');
    expect(menu).not.toContain('toggleDevTools');
  });

  it('opens with the app menu on macOS and offers developer tools in development', () => {
    const menu = roles(menuTemplate({ isMac: true, developer: true }));
    expect(menu[0]).toBe('appMenu');
    expect(menu).toContain('toggleDevTools');
  });
});
