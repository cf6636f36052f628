import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serveRegister, type RegisterHost } from '../../../sync-server/api/register-host';
import { signIn, syncStatus, waitForCatalog } from './cashier';
import { recordPageErrors } from './failure-report';
import type { SyncServerProcess } from '../../server-support/sync-server-process';

const root = path.resolve(import.meta.dirname, '../../..');

export function hostRegister(): Promise<RegisterHost> {
  return serveRegister({ dir: path.join(root, 'dist/renderer'), host: '127.0.0.1', port: 0 });
}

/** A register: its own browser context is its own device, with its own IndexedDB. */
export async function openRegister(
  browser: Browser,
  host: RegisterHost,
  serverUrl: string,
  pairingCode: string,
  beforeOpen: (page: Page) => Promise<void> = async () => undefined,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  recordPageErrors(page);
  await beforeOpen(page);
  const query = new URLSearchParams({ server: serverUrl, pair: pairingCode });
  await page.goto(`${host.url}/?${query.toString()}`);
  return { context, page };
}

/** A new register paired to `storeId` whose catalog of `products` has fully arrived. */
export async function pairedRegister(
  browser: Browser,
  host: RegisterHost,
  server: SyncServerProcess,
  storeId: string,
  products: number,
): Promise<Page> {
  const { page } = await openRegister(browser, host, server.url, await server.pairingCode(storeId));
  await waitForCatalog(page, products);
  return page;
}

/** A paired register with Casey signed in (opening a shift) and the server reachable. */
export async function signedInRegister(
  browser: Browser,
  host: RegisterHost,
  server: SyncServerProcess,
  storeId: string,
  products: number,
): Promise<Page> {
  const page = await pairedRegister(browser, host, server, storeId, products);
  await signIn(page, 'Casey', '1234');
  await syncStatus(page)
    .filter({ hasText: /Online/ })
    .waitFor({ timeout: 60_000 });
  return page;
}
