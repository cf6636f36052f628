import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '../../sync-server/db/migrate';
import { openPglite } from '../../sync-server/db/pglite';
import { seedDemoStore } from '../../sync-server/seed/demo-store';
import { TEST_ADMIN_TOKEN, testApp } from '../../sync-server/test-support/fixtures';
import { waitForCatalog } from '../e2e/support/cashier';
import { launchChromium } from '../e2e/support/chromium';
import { hostRegister, openRegister } from '../e2e/support/register';

export interface CatalogFigures {
  readonly products: number;
  readonly seedSeconds: number;
  /** From opening the paired register to every product stored in its local database. */
  readonly pullSeconds: number;
  readonly productsPerSecond: number;
}

/** A fresh register in real Chromium pulls a whole catalog from a server on PGlite. */
export async function benchCatalogPull(products: number): Promise<CatalogFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'opentill-bench-catalog-'));
  const db = await openPglite(dir);
  const browser = await launchChromium();
  const host = await hostRegister();
  try {
    await migrate(db);
    const storeId = 'catalog-store';
    const seedStarted = performance.now();
    await seedDemoStore(db, { storeId, name: 'Catalog bench', products });
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const app = await testApp(db);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const code = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/pairing-codes`,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const started = performance.now();
    const { page } = await openRegister(browser, host, url, code.json<{ code: string }>().code);
    await waitForCatalog(page, products, 30 * 60_000);
    const pullSeconds = (performance.now() - started) / 1000;
    await app.close();
    return { products, seedSeconds, pullSeconds, productsPerSecond: products / pullSeconds };
  } finally {
    await browser.close();
    await host.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
