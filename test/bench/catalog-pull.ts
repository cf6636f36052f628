import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { migrate } from '../../sync-server/infra/db/migrate';
import { openPglite } from '../../sync-server/infra/db/pglite';
import { seedDemoStore } from '../../sync-server/demo/demo-store';
import { TEST_ADMIN_TOKEN, testApp } from '../server-support/fixtures';
import { localCount, waitForCatalog } from '../e2e/support/cashier';
import { launchChromium } from '../e2e/support/chromium';
import { hostRegister, openRegister } from '../e2e/support/register';
import { installPaintProbe } from './paint-probe';
import { benchRegister, type RegisterBenchOptions, type RegisterFigures } from './register-figures';

export interface CatalogFigures {
  readonly products: number;
  readonly seedSeconds: number;
  /** From opening the paired register to every product stored in its local database. */
  readonly pullSeconds: number;
  readonly productsPerSecond: number;
  /** The seed stocks every product at two locations. */
  readonly stockLevels: number;
  /** From opening the paired register to every product and stock level stored. */
  readonly syncedSeconds: number;
}

const PULL_TIMEOUT_MS = 30 * 60_000;

async function waitForStockLevels(page: Page, count: number): Promise<void> {
  const deadline = Date.now() + PULL_TIMEOUT_MS;
  while ((await localCount(page, 'stock_levels')) < count) {
    if (Date.now() > deadline) throw new Error(`the register did not load ${count} stock levels`);
    await page.waitForTimeout(200);
  }
}

/**
 * A fresh register in real Chromium pulls a whole catalog from a server on PGlite; then, on the
 * same register with the catalog in place, the counter figures (register-figures.ts).
 */
export async function benchCatalog(
  products: number,
  register: RegisterBenchOptions,
): Promise<{ pull: CatalogFigures; register: RegisterFigures }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'opentill-bench-catalog-'));
  const db = await openPglite(dir);
  const browser = await launchChromium();
  const host = await hostRegister();
  let app: FastifyInstance | undefined;
  try {
    await migrate(db);
    const storeId = 'catalog-store';
    const seedStarted = performance.now();
    await seedDemoStore(db, { storeId, name: 'Catalog bench', products });
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    app = await testApp(db);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const code = await app.inject({
      method: 'POST',
      url: `/api/admin/stores/${storeId}/pairing-codes`,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const started = performance.now();
    const { page } = await openRegister(
      browser,
      host,
      url,
      code.json<{ code: string }>().code,
      (p) => installPaintProbe(p.context()),
    );
    await waitForCatalog(page, products, PULL_TIMEOUT_MS);
    const pullSeconds = (performance.now() - started) / 1000;
    const stockLevels = products * 2;
    await waitForStockLevels(page, stockLevels);
    const syncedSeconds = (performance.now() - started) / 1000;

    const registerFigures = await benchRegister(page, products, register);
    return {
      pull: {
        products,
        seedSeconds,
        pullSeconds,
        productsPerSecond: products / pullSeconds,
        stockLevels,
        syncedSeconds,
      },
      register: registerFigures,
    };
  } finally {
    await browser.close();
    await app?.close();
    await host.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
