import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, not a Playwright download: this machine reaches no browser host. The flags
 * keep Chromium from phoning home, which a closed network answers with refused connections.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
