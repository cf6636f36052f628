import { app, BrowserWindow, ipcMain, Menu, safeStorage, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appError } from '../../domain/errors';
import { createBridgeHandlers } from './bridge-handlers';
import { installContentSecurityPolicy } from './content-security-policy';
import { createHardware } from './hardware';
import { registerBridge } from './ipc';
import { launchMode } from './launch-mode';
import { loadAutoUpdater } from './load-updater';
import { menuTemplate } from './menu';
import { installPermissionPolicy } from './permission-policy';
import { listPrinters, printPage, testPageHtml } from './printing';
import {
  allowedOriginsFor,
  isRegisterPage,
  registerUrl,
  syncServerOriginsFor,
} from './register-url';
import { createSecretStore } from './secret-store';
import { openSettingsStore } from './settings-store';
import { claimSingleInstance } from './single-instance';
import { createUpdates } from './updates';
import { secureWebPreferences } from './web-preferences';
import { focusWindow, openMainWindow } from './window';

// The composition root: every module below takes its Electron parts as parameters and is
// tested without Electron; this file only wires the real ones in.
let mainWindow: BrowserWindow | null = null;
let saleInProgress = false;

// End-to-end tests give each launch a fresh profile.
if (process.env.OPENTILL_USER_DATA) app.setPath('userData', process.env.OPENTILL_USER_DATA);

const url = registerUrl(process.env, path.join(__dirname, '../renderer/index.html'));

/** A small page printed silently from a hidden window that runs no script. */
async function printSystemTestPage(deviceName: string, printedAt: string) {
  const win = new BrowserWindow({
    show: false,
    webPreferences: { ...secureWebPreferences(null), javascript: false },
  });
  try {
    const html = testPageHtml(deviceName || 'Default printer', printedAt);
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await printPage(win.webContents, { kind: 'system', deviceName });
  } finally {
    win.destroy();
  }
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    console.warn('no keyring service: the device token is encrypted with a fixed key only');
  }
  const settings = await openSettingsStore(userData);
  const origins = () => allowedOriginsFor(url, settings.current().serverUrl);
  const updates = createUpdates({
    // Only a packaged app has a version to update from; a run from source has no updater.
    updater: app.isPackaged ? loadAutoUpdater() : null,
    saleInProgress: () => saleInProgress,
    every: (ms, check) => {
      const timer = setInterval(check, ms);
      return () => clearInterval(timer);
    },
  });
  updates.configure(settings.current().updates);
  settings.onChange((s) => updates.configure(s.updates));

  const unavailable = {
    ok: false,
    error: appError('UNAVAILABLE', 'The register window is closed'),
  } as const;
  registerBridge(
    ipcMain,
    createBridgeHandlers({
      info: () => ({ appVersion: app.getVersion(), platform: process.platform }),
      secrets: createSecretStore(safeStorage, path.join(userData, 'secrets')),
      settings,
      hardware: createHardware({ settings: settings.current, printSystemTestPage }),
      updates,
      printPage: async () =>
        mainWindow ? printPage(mainWindow.webContents, settings.current().printer) : unavailable,
      listPrinters: async () => (mainWindow ? listPrinters(mainWindow.webContents) : unavailable),
      setSaleInProgress: (inProgress) => (saleInProgress = inProgress),
    }),
    (frameUrl) => isRegisterPage(frameUrl, url),
    (message, e) => console.error(message, e),
  );

  installPermissionPolicy(session.defaultSession);
  installContentSecurityPolicy(session.defaultSession, () =>
    syncServerOriginsFor(url, settings.current().serverUrl),
  );
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ isMac: process.platform === 'darwin', developer: !app.isPackaged }),
    ),
  );
  mainWindow = openMainWindow({
    create: (options) => new BrowserWindow(options),
    preloadPath: path.join(__dirname, 'preload.cjs'),
    url,
    allowedOrigins: origins,
  });
  mainWindow.on('closed', () => (mainWindow = null));
}

if (launchMode(process.argv) === 'server') {
  // The bundled sync server reads its settings from the environment, as `npm run serve` does.
  import(pathToFileURL(path.join(__dirname, '../server/serve.mjs')).href).catch((e: unknown) => {
    console.error('the sync server could not start', e);
    app.exit(1);
  });
} else if (claimSingleInstance(app, () => focusWindow(mainWindow))) {
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error('the register could not start', e);
      app.exit(1);
    });
  app.on('window-all-closed', () => app.quit());
}
