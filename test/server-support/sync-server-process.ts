import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CliProcess } from './cli-process';
import { freePort } from './free-port';

const root = path.resolve(import.meta.dirname, '../..');

export interface SyncServerOptions {
  /** Extra environment, e.g. fault injection for one start. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The real sync server as a separate process, on embedded PGlite in a temporary data folder
 * unless given a PostgreSQL database, so a test can kill it mid-request and start it again on
 * the same data and port.
 */
export class SyncServerProcess {
  /** `databaseUrl` null: PGlite (the end-to-end tests run on the embedded default). */
  constructor(private readonly databaseUrl: string | null = null) {}

  readonly adminToken = 'e2e-admin-token-0123456789abcdef';
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'opentill-e2e-'));
  private readonly cli = new CliProcess('sync server');
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private env(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OPENTILL_DATA_DIR: this.dataDir,
      OPENTILL_PORT: String(this.port),
      OPENTILL_ADMIN_TOKEN: this.adminToken,
      OPENTILL_SEED_PRODUCTS: '300',
      OPENTILL_LOG_LEVEL: 'info',
      OPENTILL_LEASE_MS: '1500',
      ...extra,
    };
    if (this.databaseUrl) env.DATABASE_URL = this.databaseUrl;
    else delete env.DATABASE_URL;
    return env;
  }

  /** Runs a sync-server CLI to completion against this data folder (the server must be stopped). */
  async runCli(script: string, args: readonly string[]): Promise<string> {
    if (this.port === 0) this.port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', `sync-server/cli/${script}`, ...args],
      {
        cwd: root,
        env: this.env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`${script} exited with ${code}:\n${out}`);
    return out;
  }

  get running(): boolean {
    return this.cli.running;
  }

  /** Its log (pino's JSON lines) and anything else it printed since it was last started. */
  get log(): string {
    return this.cli.printed;
  }

  async start(options: SyncServerOptions = {}): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    this.cli.start('sync-server/cli/serve.ts', [], this.env(options.env));
    await this.waitForOutput('OPENTILL_READY', 60_000);
  }

  /** Resolves once the server has printed `text` since it was last started. */
  async waitForOutput(text: string, timeoutMs = 30_000): Promise<void> {
    await this.cli.waitFor(text, timeoutMs);
  }

  /** SIGTERM lets it finish cleanly; SIGKILL is a crash with requests in flight. */
  stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    return this.cli.stop(signal);
  }

  async admin<T>(method: 'GET' | 'POST' | 'PATCH', pathname: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${pathname}`, {
      method,
      headers: {
        authorization: `Bearer ${this.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async pairingCode(storeId: string): Promise<string> {
    const { code } = await this.admin<{ code: string }>(
      'POST',
      `/api/admin/stores/${storeId}/pairing-codes`,
      {},
    );
    return code;
  }

  /** Pairs a new device to the store, as a register would; returns its id and bearer token. */
  async pairDevice(
    storeId: string,
    name = 'test device',
  ): Promise<{ deviceId: string; token: string }> {
    const code = await this.pairingCode(storeId);
    const paired = await fetch(`${this.url}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, device_name: name }),
    });
    if (!paired.ok) throw new Error(`pairing failed: ${paired.status} ${await paired.text()}`);
    const body = (await paired.json()) as { device_id: string; token: string };
    return { deviceId: body.device_id, token: body.token };
  }

  /** Pushes new documents as the device holding `token` would. */
  async push(
    token: string,
    storeId: string,
    collection: string,
    docs: readonly unknown[],
  ): Promise<{ rejected: unknown[] }> {
    const response = await fetch(`${this.url}/api/stores/${storeId}/sync/${collection}/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        docs.map((doc) => ({ assumedMasterState: null, newDocumentState: doc })),
      ),
    });
    if (!response.ok) throw new Error(`push failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { rejected: unknown[] };
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
