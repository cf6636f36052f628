import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import Stripe from 'stripe';
import type { FaultSettings } from '../gateway-sandbox/faults';
import type { IntentTotals, LedgerEntry } from '../gateway-sandbox/ledger';
import type { RequestRecord } from '../gateway-sandbox/app';

const root = path.resolve(import.meta.dirname, '../..');

/** Any key with this prefix is accepted; idempotency keys are scoped per key. */
export const SANDBOX_SECRET_KEY = 'sk_test_opentill_sandbox';

/**
 * The payment gateway sandbox as a real child process on a port the OS picks (it prints the URL
 * it got), so tests talk to it over HTTP exactly as the stripe provider will.
 */
export class GatewaySandboxProcess {
  private child: ChildProcess | null = null;
  private output = '';
  url = '';

  /** `args` are the CLI flags, e.g. ['--latency-ms', '50']. */
  async start(args: readonly string[] = []): Promise<void> {
    if (this.child) throw new Error('already running');
    this.output = '';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sync-server/cli/gateway-sandbox.ts', '--port', '0', ...args],
      { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.on('exit', () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = /GATEWAY_READY (\{.*\})/.exec(this.output);
      if (ready) {
        this.url = (JSON.parse(ready[1] ?? '{}') as { url: string }).url;
        return;
      }
      if (!this.child) {
        throw new Error(`gateway sandbox exited before it was ready:\n${this.output}`);
      }
      if (Date.now() > deadline) throw new Error(`gateway sandbox did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }

  /** The official SDK pointed at the sandbox; `config` adds e.g. maxNetworkRetries, timeout. */
  stripe(config: Stripe.StripeConfig = {}, key = SANDBOX_SECRET_KEY): Stripe {
    const url = new URL(this.url);
    return new Stripe(key, {
      host: url.hostname,
      port: Number(url.port),
      protocol: 'http',
      ...config,
    });
  }

  private async control<T>(method: 'GET' | 'PUT' | 'POST', pathname: string, body?: unknown) {
    const response = await fetch(`${this.url}${pathname}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as T;
  }

  ledger(paymentIntent?: string) {
    const query = paymentIntent ? `?payment_intent=${encodeURIComponent(paymentIntent)}` : '';
    return this.control<{ entries: LedgerEntry[]; totals: Record<string, IntentTotals> }>(
      'GET',
      `/__sandbox/ledger${query}`,
    );
  }

  async requests(): Promise<RequestRecord[]> {
    return (await this.control<{ requests: RequestRecord[] }>('GET', '/__sandbox/requests'))
      .requests;
  }

  /** Replaces the given fault settings; the others keep their current values. */
  setFaults(faults: Partial<FaultSettings>): Promise<FaultSettings> {
    return this.control('PUT', '/__sandbox/faults', faults);
  }

  /** Forgets every object, ledger entry, key and request; faults return to the start flags. */
  async reset(): Promise<void> {
    await this.control('POST', '/__sandbox/reset');
  }
}
