import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RegisterHost } from '../../../sync-server/api/register-host';
import {
  GatewaySandboxProcess,
  SANDBOX_SECRET_KEY,
} from '../../server-support/gateway-sandbox-process';
import { SyncServerProcess } from '../../server-support/sync-server-process';
import { launchChromium } from './chromium';
import { failureReport } from './failure-report';
import { hostRegister } from './register';

/*
 * What every end-to-end file stands on, registered as its describe block's hooks: a real sync
 * server process with its stores seeded, the built register served on localhost, and Chromium.
 * Torn down after the block's own hooks, browser first.
 */

export interface RegisterRig {
  readonly server: SyncServerProcess;
  /** Starts the server again after a test stopped it, with the same environment. */
  startServer(): Promise<void>;
  readonly host: RegisterHost;
  readonly browser: Browser;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} starts in beforeAll; use it inside a test`);
  return value;
}

/** A store seeded before the server first starts: the demo store's, unless told otherwise. */
export interface SeededStore {
  readonly id: string;
  readonly products: number;
  readonly currency?: string;
  readonly taxInclusive?: boolean;
  readonly locale?: string;
  readonly timezone?: string;
}

function seedArgs(store: SeededStore): string[] {
  return [
    ...['--store', store.id, '--products', String(store.products)],
    ...(store.currency ? ['--currency', store.currency] : []),
    ...(store.taxInclusive ? ['--tax-inclusive'] : []),
    ...(store.locale ? ['--locale', store.locale] : []),
    ...(store.timezone ? ['--timezone', store.timezone] : []),
  ];
}

export function useRegisterRig(opts: {
  readonly stores: readonly SeededStore[];
  /** The server's extra environment, read when it starts (after earlier hooks ran). */
  readonly env?: () => Readonly<Record<string, string>>;
}): RegisterRig {
  const server = new SyncServerProcess();
  let host: RegisterHost | undefined;
  let browser: Browser | undefined;
  const startServer = () => server.start(opts.env ? { env: opts.env() } : {});
  beforeAll(async () => {
    for (const store of opts.stores) {
      await server.runCli('seed.ts', seedArgs(store));
    }
    await startServer();
    host = await hostRegister();
    browser = await launchChromium();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && browser) {
      const report = await failureReport(browser);
      process.stderr.write(`\n=== registers when "${task.name}" failed\n${report}\n`);
    }
    // A test that failed with the server stopped must not fail the next ones for that reason.
    if (!server.running) await startServer();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await server.dispose();
  });
  return {
    server,
    startServer,
    get host() {
      return started(host, 'the register host');
    },
    get browser() {
      return started(browser, 'the browser');
    },
  };
}

/**
 * The rig with the gateway sandbox (a real process) standing in for Stripe: the sandbox starts
 * first, since the server is pointed at its address, and stops after the rest.
 */
export function useGatewayRig(opts: {
  readonly stores: readonly { readonly id: string; readonly products: number }[];
  /** More of the server's environment. */
  readonly env?: Readonly<Record<string, string>>;
}): { readonly rig: RegisterRig; readonly sandbox: GatewaySandboxProcess } {
  const sandbox = new GatewaySandboxProcess();
  beforeAll(() => sandbox.start());
  afterAll(() => sandbox.stop());
  const rig = useRegisterRig({
    stores: opts.stores,
    env: () => ({
      STRIPE_SECRET_KEY: SANDBOX_SECRET_KEY,
      STRIPE_API_URL: sandbox.url,
      OPENTILL_PROVIDER_TIMEOUT_MS: '2000',
      OPENTILL_JOB_POLL_MS: '200',
      ...opts.env,
    }),
  });
  return { rig, sandbox };
}
