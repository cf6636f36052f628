import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron } from 'playwright-core';
import type { ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../sync-server/dev/launcher/find-electron';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';
import { localCount, ringUpCashSale, signIn, waitForCatalog } from './support/cashier';
import { useRegisterRig } from './support/rig';

/*
 * The real desktop app: Electron launching dist/electron/main.cjs with its preload, paired to a
 * real sync server, selling. Where the Electron binary is not downloaded (`npm install` leaves
 * it to `npm start`, which needs a route to Electron's host), it is reported as not run, by name.
 */
const root = path.resolve(import.meta.dirname, '../..');
const electron = findElectronBinary();
const NOT_RUN = 'NOT RUN: the Electron binary is not installed here';
if (!electron) console.warn(`test/e2e/electron-app.e2e.test.ts ${NOT_RUN}`);

const SEEDED = 5;

describe.skipIf(!electron)(`the desktop app${electron ? '' : ` (${NOT_RUN})`}`, () => {
  const rig = useRegisterRig({ stores: [{ id: DEMO_STORE_ID, products: SEEDED }] });
  let app: ElectronApplication | undefined;
  let userData: string | undefined;

  afterAll(async () => {
    await app?.close();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  it('launches, pairs, rings up a cash sale, and keeps its token in the keychain', async () => {
    expect(existsSync(path.join(root, 'dist/electron/main.cjs'))).toBe(true);
    userData = await mkdtemp(path.join(tmpdir(), 'opentill-electron-'));
    const query = new URLSearchParams({
      server: rig.server.url,
      pair: await rig.server.pairingCode(DEMO_STORE_ID),
    });
    app = await _electron.launch({
      executablePath: electron ?? undefined,
      // Chromium's own sandbox refuses to start as root (CI machines); the page stays sandboxed
      // by the app's web preferences either way.
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        path.join(root, 'dist/electron/main.cjs'),
      ],
      env: {
        ...process.env,
        OPENTILL_REGISTER_URL: `${rig.host.url}/?${query.toString()}`,
        OPENTILL_USER_DATA: userData,
      },
    });
    const page = await app.firstWindow();
    expect(await page.evaluate(() => typeof window.opentill?.kickDrawer)).toBe('function');
    // The page gets the bridge and nothing of Node.
    expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe(
      'undefined',
    );

    await waitForCatalog(page, SEEDED);
    await signIn(page, 'Casey', '1234');
    await ringUpCashSale(page, [{ product: demoProduct(1), quantity: 2 }], '100');
    expect(await localCount(page, 'orders')).toBe(1);
    await page.getByRole('region', { name: 'Receipt' }).waitFor();

    const secret = path.join(userData, 'secrets', 'device-credentials.bin');
    expect(existsSync(secret)).toBe(true);
    const settings = JSON.parse(await readFile(path.join(userData, 'settings.json'), 'utf8')) as {
      serverUrl: string;
    };
    expect(settings.serverUrl).toBe(rig.server.url);
  });
});
