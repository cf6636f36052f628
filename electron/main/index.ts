import { app, BrowserWindow, ipcMain, session } from 'electron';
import path from 'node:path';
import { IPC, type BridgeResult, type ShellInfo } from '../preload/contract';
import { installContentSecurityPolicy } from './content-security-policy';
import { installNavigationPolicy } from './navigation-policy';
import { installPermissionPolicy } from './permission-policy';
import { allowedOriginsFor, registerUrl } from './register-url';
import { claimSingleInstance } from './single-instance';
import { secureWebPreferences } from './web-preferences';

// The composition root: each policy is its own module, tested without Electron.
let mainWindow: BrowserWindow | null = null;

const url = registerUrl(process.env, path.join(__dirname, '../renderer/index.html'));
const origins = allowedOriginsFor(url, null);
const syncServerOrigin = origins[1] ?? null;

function focusExisting(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

if (claimSingleInstance(app, focusExisting)) {
  ipcMain.handle(IPC.getShellInfo, (): BridgeResult<ShellInfo> => ({
    ok: true,
    value: { appVersion: app.getVersion(), platform: process.platform },
  }));

  void app.whenReady().then(() => {
    installPermissionPolicy(session.defaultSession);
    installContentSecurityPolicy(session.defaultSession, () => syncServerOrigin);
    mainWindow = new BrowserWindow({
      width: 1280,
      height: 800,
      title: 'OpenTill',
      show: false,
      webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
    });
    installNavigationPolicy(mainWindow.webContents, () => origins);
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    void mainWindow.loadURL(url);
  });

  app.on('window-all-closed', () => app.quit());
}
