import type { WebPreferences } from 'electron';

/** The register never needs Node in the page: everything privileged goes through the preload. */
export function secureWebPreferences(preloadPath: string | null): WebPreferences {
  return {
    ...(preloadPath ? { preload: preloadPath } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}
