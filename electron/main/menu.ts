import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: the edit roles (without them copy and paste keys do nothing on macOS),
 * zoom for a small or far-away screen, and quit. No reload or developer tools in a packaged
 * till: a reload signs the cashier out, and devtools would open the local database to anyone.
 */
export function menuTemplate(opts: {
  readonly isMac: boolean;
  readonly developer: boolean;
}): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (opts.developer)
    view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
  return [
    ...(opts.isMac ? [{ role: 'appMenu' } as const] : [{ role: 'fileMenu' } as const]),
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
