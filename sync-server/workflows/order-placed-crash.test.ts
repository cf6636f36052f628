import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStateDoc } from '../../domain/schemas';
import { DEMO_STORE_ID } from '../demo/demo-constants';
import { testBackends } from '../../test/server-support/databases';
import type { TestDatabase } from '../../test/server-support/databases';
import { makeOrder } from '../../test/server-support/fixtures';
import {
  GatewaySandboxProcess,
  SANDBOX_SECRET_KEY,
} from '../../test/server-support/gateway-sandbox-process';
import { serverDocs } from '../../test/server-support/server-docs';
import { SyncServerProcess } from '../../test/server-support/sync-server-process';

/*
 * A sync server SIGKILLed while a card payment is in flight, twice: once after the gateway
 * authorized the card but before the server heard back, once the same way during the capture.
 * Each time the gateway held its answer (it had done the work), so the restarted server can
 * only finish without a second charge by repeating the call under the same idempotency key.
 */

const sandbox = new GatewaySandboxProcess();
beforeAll(() => sandbox.start());
afterAll(() => sandbox.stop());

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(testBackends())('a server killed mid-payment on $name', (backend) => {
  let database: TestDatabase | null = null;
  let server: SyncServerProcess;

  beforeAll(async () => {
    await sandbox.reset();
    // PGlite is the server's own data folder; PostgreSQL is a fresh database for this file.
    database = backend.name === 'postgres' ? await backend.open() : null;
    server = new SyncServerProcess(database?.databaseUrl ?? null);
  });
  afterAll(async () => {
    await server?.dispose();
    await database?.dispose();
  });

  const start = () =>
    server.start({
      env: {
        STRIPE_SECRET_KEY: SANDBOX_SECRET_KEY,
        STRIPE_API_URL: sandbox.url,
        OPENTILL_PROVIDER_TIMEOUT_MS: '1000',
        OPENTILL_JOB_POLL_MS: '100',
        OPENTILL_SEED_PRODUCTS: '20',
      },
    });

  const ledgerKinds = async () => (await sandbox.ledger()).entries.map((e) => e.kind);

  // Three server starts, two of them after a kill: slow on a loaded machine, not stuck.
  it('resumes after the kill and charges the card exactly once', { timeout: 180_000 }, async () => {
    // The gateway does the work, then holds its answer past the server's timeout.
    await sandbox.setFaults({
      scripts: {
        'payment_intents.confirm': ['timeout:after:30000ms'],
        'payment_intents.capture': ['timeout:after:30000ms'],
      },
    });
    await start();
    const device = await server.pairDevice(DEMO_STORE_ID);
    const order = makeOrder({
      storeId: DEMO_STORE_ID,
      deviceId: device.deviceId,
      tender: 'card_offline',
      cardReference: 'pm_card_amex',
    });
    expect((await server.push(device.token, DEMO_STORE_ID, 'orders', [order])).rejected).toEqual(
      [],
    );

    await until(async () => (await ledgerKinds()).includes('authorization'), 'authorized');
    await server.stop('SIGKILL');
    await start();
    await until(async () => (await ledgerKinds()).includes('capture'), 'captured');
    await server.stop('SIGKILL');
    await start();

    await until(async () => {
      const states = await serverDocs<OrderStateDoc>(server, DEMO_STORE_ID, 'order_states');
      return states.some((s) => s.id === order.id && s.payment_status === 'captured');
    }, 'the order state shows the capture');
    expect(await ledgerKinds()).toEqual(['authorization', 'capture']);
    const { totals } = await sandbox.ledger();
    expect(Object.values(totals)).toEqual([
      expect.objectContaining({ captured: order.totals.total, captures: 1 }),
    ]);
    // Each repeated call carried the key of the first, which is why nothing moved twice.
    const captures = (await sandbox.requests()).filter(
      (r) => r.endpoint === 'payment_intents.capture',
    );
    expect(captures.length).toBeGreaterThan(1);
    expect(new Set(captures.map((r) => r.idempotency_key)).size).toBe(1);
  });
});
