import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordStockMovements } from '../../sync-server/modules/catalog/stock-levels';
import type { Db } from '../../sync-server/infra/db/db';
import { migrate } from '../../sync-server/infra/db/migrate';
import { openPglite } from '../../sync-server/infra/db/pglite';
import { demoProduct } from '../../sync-server/demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID } from '../../sync-server/demo/demo-constants';
import { testBackends } from '../server-support/databases';
import { makeOrder, pairTestDevice, seedStore, testApp } from '../server-support/fixtures';

export interface IngestFigures {
  readonly backend: string;
  readonly orders: number;
  readonly ordersPerSecond: number;
  readonly plainInsertsPerSecond: number;
  /** Ingest rate as a share of the database's plain single-row insert rate. */
  readonly ratio: number;
}

const BATCH = 50;

/** A database for one run: PGlite on disk, as `npm start` uses it, or a fresh PostgreSQL database. */
async function openBackend(
  name: 'pglite' | 'postgres',
): Promise<{ db: Db; dispose(): Promise<void> }> {
  if (name === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'opentill-bench-'));
    const db = await openPglite(dir);
    await migrate(db);
    return {
      db,
      async dispose() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const backend = testBackends().find((b) => b.name === 'postgres');
  if (!backend) throw new Error('DATABASE_URL is not set');
  return backend.open();
}

/**
 * Placed orders pushed through the real HTTP push endpoint, as registers send them (batches of
 * 50, the replication client's push batch), against plain single-row inserts into the same
 * database: the ratio is what the ledger, validation and projection cost.
 */
export async function benchIngest(
  backendName: 'pglite' | 'postgres',
  orders: number,
): Promise<IngestFigures> {
  const { db, dispose } = await openBackend(backendName);
  try {
    const storeId = 'bench-store';
    await seedStore(db, storeId, 50);
    // Enough on the shelf for every sale: this measures ordinary sales, not the oversold path
    // (an exception, an event and a state rebuild per short order), which would otherwise
    // take over once the demo stock of 50 products runs out a few hundred orders in.
    await db.transaction((tx) =>
      recordStockMovements(
        tx,
        storeId,
        Array.from({ length: 50 }, (_, i) => ({
          location_id: DEMO_FLOOR_LOCATION_ID,
          product_id: demoProduct(i + 1).id,
          kind: 'import' as const,
          stocked_delta: 1_000_000,
          reserved_delta: 0,
          reference: 'bench',
          dedupe_key: null,
        })),
        new Date().toISOString(),
      ),
    );
    const app = await testApp(db);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const { deviceId, headers } = await pairTestDevice(app, storeId);
    const docs = Array.from({ length: orders }, (_, i) =>
      makeOrder({
        storeId,
        deviceId,
        items: [
          { product: (i % 50) + 1, quantity: 1 + (i % 3) },
          { product: ((i + 7) % 50) + 1, quantity: 1 },
        ],
      }),
    );

    const started = performance.now();
    for (let i = 0; i < docs.length; i += BATCH) {
      const rows = docs
        .slice(i, i + BATCH)
        .map((doc) => ({ assumedMasterState: null, newDocumentState: doc }));
      const response = await fetch(`${url}/api/stores/${storeId}/sync/orders/push`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(rows),
      });
      const body = (await response.json()) as { rejected: unknown[] };
      if (!response.ok || body.rejected.length > 0) {
        throw new Error(`push refused: ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
      }
    }
    const ingestSeconds = (performance.now() - started) / 1000;
    const placed = await db.query<{ n: string }>(
      'select count(*)::text as n from orders where store_id = $1',
      [storeId],
    );
    if (Number(placed.rows[0]?.n) !== orders)
      throw new Error(`expected ${orders} orders, found ${placed.rows[0]?.n}`);
    await app.close();

    await db.query('create table bench_plain (id uuid primary key, payload jsonb not null)');
    const plainStarted = performance.now();
    for (const doc of docs) {
      await db.query('insert into bench_plain (id, payload) values ($1, $2)', [
        randomUUID(),
        JSON.stringify(doc),
      ]);
    }
    const plainSeconds = (performance.now() - plainStarted) / 1000;

    const ordersPerSecond = orders / ingestSeconds;
    const plainInsertsPerSecond = orders / plainSeconds;
    return {
      backend: backendName,
      orders,
      ordersPerSecond,
      plainInsertsPerSecond,
      ratio: ordersPerSecond / plainInsertsPerSecond,
    };
  } finally {
    await dispose();
  }
}
