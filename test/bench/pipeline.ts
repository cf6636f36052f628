import { testBackends } from '../server-support/databases';
import { makeOrder } from '../server-support/fixtures';
import {
  GatewaySandboxProcess,
  SANDBOX_SECRET_KEY,
} from '../server-support/gateway-sandbox-process';
import { SyncServerProcess } from '../server-support/sync-server-process';
import { DEMO_STORE_ID } from '../../sync-server/demo/demo-constants';

export interface PipelineFigures {
  readonly backend: 'pglite' | 'postgres';
  readonly instances: number;
  readonly orders: number;
  readonly gatewayLatencyMs: number;
  /** First push to the last order's card captured, as the admin API reports it. */
  readonly seconds: number;
  readonly ordersPerSecond: number;
  /** Captures in the gateway's ledger: one per order, or money moved twice. */
  readonly captures: number;
}

const BATCH = 50;

interface AdminOrder {
  readonly payment_status: string;
}

/**
 * Store-and-forward card sales pushed by registers, through the order-placed workflow (authorize
 * and capture at the gateway sandbox, which answers every call after `latencyMs`), on one or two
 * real server processes sharing a database. Timed from the first push until every order's state
 * says captured.
 */
export async function benchPipeline(opts: {
  readonly backend: 'pglite' | 'postgres';
  readonly instances: 1 | 2;
  readonly orders: number;
  readonly latencyMs: number;
}): Promise<PipelineFigures> {
  const sandbox = new GatewaySandboxProcess();
  await sandbox.start(['--latency-ms', String(opts.latencyMs)]);
  const database =
    opts.backend === 'postgres'
      ? await testBackends()
          .find((b) => b.name === 'postgres')
          ?.open()
      : null;
  if (opts.backend === 'postgres' && !database) throw new Error('DATABASE_URL is not set');
  const servers = Array.from(
    { length: opts.instances },
    () => new SyncServerProcess(database?.databaseUrl ?? null),
  );
  try {
    // One after the other: the first seeds the demo store, the others find it there.
    for (const server of servers) {
      await server.start({
        env: {
          STRIPE_SECRET_KEY: SANDBOX_SECRET_KEY,
          STRIPE_API_URL: sandbox.url,
          OPENTILL_SEED_PRODUCTS: '50',
          OPENTILL_LOG_LEVEL: 'warn',
          OPENTILL_JOB_POLL_MS: '200',
          OPENTILL_LEASE_MS: '30000',
        },
      });
    }
    const first = servers[0];
    if (!first) throw new Error('no server');
    const device = await first.pairDevice(DEMO_STORE_ID, 'bench register');
    const docs = Array.from({ length: opts.orders }, (_, i) =>
      makeOrder({
        storeId: DEMO_STORE_ID,
        deviceId: device.deviceId,
        items: [{ product: (i % 50) + 1, quantity: 1 }],
        tender: 'card_offline',
        cardReference: 'pm_card_visa',
      }),
    );

    const started = performance.now();
    const batches: (typeof docs)[] = [];
    for (let i = 0; i < docs.length; i += BATCH) batches.push(docs.slice(i, i + BATCH));
    // Each instance takes every other batch, as registers spread over a load balancer would.
    await Promise.all(
      servers.map(async (server, n) => {
        for (let b = n; b < batches.length; b += servers.length) {
          await server.push(device.token, DEMO_STORE_ID, 'orders', batches[b] ?? []);
        }
      }),
    );
    for (;;) {
      const { orders } = await first.admin<{ orders: AdminOrder[] }>(
        'GET',
        `/api/admin/stores/${DEMO_STORE_ID}/orders?limit=5000`,
      );
      const captured = orders.filter((o) => o.payment_status === 'captured').length;
      if (captured >= opts.orders) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const { totals } = await sandbox.ledger();
    return {
      backend: opts.backend,
      instances: opts.instances,
      orders: opts.orders,
      gatewayLatencyMs: opts.latencyMs,
      seconds,
      ordersPerSecond: opts.orders / seconds,
      captures: Object.values(totals).reduce((sum, t) => sum + t.captures, 0),
    };
  } finally {
    for (const server of servers) await server.dispose();
    await database?.dispose();
    await sandbox.stop();
  }
}
