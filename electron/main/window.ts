import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { installNavigationPolicy } from './navigation-policy';
import { secureWebPreferences } from './web-preferences';

type Window = Pick<
  BrowserWindow,
  'once' | 'show' | 'loadURL' | 'isMinimized' | 'restore' | 'focus'
> & {
  readonly webContents: Parameters<typeof installNavigationPolicy>[0];
};

export interface WindowDeps<W extends Window> {
  readonly create: (options: BrowserWindowConstructorOptions) => W;
  readonly preloadPath: string;
  readonly url: string;
  readonly allowedOrigins: () => readonly string[];
}

/** The one register window: locked-down preferences, guarded navigation, shown once painted. */
export function openMainWindow<W extends Window>(deps: WindowDeps<W>): W {
  const win = deps.create({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title: 'OpenTill',
    show: false,
    webPreferences: secureWebPreferences(deps.preloadPath),
  });
  installNavigationPolicy(win.webContents, deps.allowedOrigins);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(deps.url);
  return win;
}

/** A second launch brings the first window forward instead. */
export function focusWindow(win: Window | null): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}
