import Stripe from 'stripe';
import type { FaultSettings } from '../../sync-server/dev/gateway-sandbox/faults';
import type { IntentTotals, LedgerEntry } from '../../sync-server/dev/gateway-sandbox/ledger';
import type { RequestRecord } from '../../sync-server/dev/gateway-sandbox/app';
import { CliProcess } from './cli-process';

/** Any key with this prefix is accepted; idempotency keys are scoped per key. */
export const SANDBOX_SECRET_KEY = 'sk_test_opentill_sandbox';

/**
 * The payment gateway sandbox as a real child process on a port the OS picks (it prints the URL
 * it got), so tests talk to it over HTTP exactly as the stripe provider will.
 */
export class GatewaySandboxProcess {
  private readonly cli = new CliProcess('gateway sandbox');
  url = '';

  /** `args` are the CLI flags, e.g. ['--latency-ms', '50']. */
  async start(args: readonly string[] = []): Promise<void> {
    this.cli.start('sync-server/dev/gateway-sandbox/cli.ts', ['--port', '0', ...args], process.env);
    // The whole line, so the JSON is complete.
    const [, ready] = await this.cli.waitFor(/GATEWAY_READY (\{.*\})\n/, 30_000);
    this.url = (JSON.parse(ready ?? '{}') as { url: string }).url;
  }

  stop(): Promise<void> {
    return this.cli.stop();
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
