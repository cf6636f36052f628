import type { RetryPolicy } from './jobs/backoff';

/** How a method's authorized payments are captured (the registry sets it per method). */
export type CaptureMode = 'automatic' | 'delayed' | 'on_fulfillment';
export const CAPTURE_MODES: readonly CaptureMode[] = ['automatic', 'delayed', 'on_fulfillment'];

export interface Config {
  /** PostgreSQL connection string; null runs embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly host: string;
  /** 0 lets the OS pick a free port (tests). */
  readonly port: number;
  readonly logLevel: LogLevel;
  /** `pretty` lines for a person at a terminal, `json` lines for a machine. */
  readonly logFormat: LogFormat;
  /** Products in the demo store seeded on first run. */
  readonly seedProducts: number;
  /** Bearer token for /api/admin; null makes the serve command generate and keep one. */
  readonly adminToken: string | null;
  /** How long an order ingest owns its ledger entry before another attempt may take it over. */
  readonly leaseMs: number;
  /** Test only: order ingest sleeps this long between claiming and writing. */
  readonly faultPushDelayMs: number;
  readonly bodyLimitBytes: number;
  readonly payments: PaymentsConfig;
  /** How often the job worker looks for due work; 0 runs no worker in this instance. */
  readonly jobPollMs: number;
  /** Jobs one instance runs at once (most wait on a provider, not on this machine). */
  readonly jobConcurrency: number;
  readonly webhooks: WebhooksConfig;
  readonly fulfillment: FulfillmentConfig;
}

/** How outgoing webhooks are delivered; docs/webhooks.md states the schedule these make. */
export interface WebhooksConfig {
  /** A receiver that has not answered in this long has failed the attempt. */
  readonly timeoutMs: number;
  /** Attempts before a delivery is dead-lettered. */
  readonly maxAttempts: number;
  readonly retry: RetryPolicy;
  /** How often each instance looks for outbox events no dispatch job has taken. */
  readonly sweepMs: number;
}

/** Who ships lines not taken at the counter. */
export interface FulfillmentConfig {
  /** The 3PL taking shipments over signed webhooks; null when the store ships nothing. */
  readonly webhook: { readonly url: string; readonly secret: string } | null;
}

/** Which provider takes each payment method, and how card payments are captured. */
export interface PaymentsConfig {
  /** `terminal` (the default without a gateway) records what a stand-alone terminal approved. */
  readonly cardProvider: 'terminal' | 'stripe';
  readonly cardCapture: CaptureMode;
  readonly stripe: {
    readonly secretKey: string;
    /** Another Stripe-compatible endpoint, e.g. the gateway sandbox; null is Stripe itself. */
    readonly apiUrl: string | null;
    readonly webhookSecret: string | null;
  } | null;
  /** A provider call that has not answered in this long is retried later with the same key. */
  readonly providerTimeoutMs: number;
  /**
   * A card authorized at the counter whose sale has not reached the server in this long is
   * canceled, so an abandoned cart never holds the customer's money for days.
   */
  readonly counterHoldMs: number;
  /** How often each instance looks for such holds. */
  readonly holdSweepMs: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = text(env, key) ?? fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${key} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function paymentsConfig(env: NodeJS.ProcessEnv): PaymentsConfig {
  const secretKey = text(env, 'STRIPE_SECRET_KEY');
  const apiUrl = text(env, 'STRIPE_API_URL');
  if (apiUrl !== null && !/^https?:\/\/[^/]+\/?$/.test(apiUrl)) {
    throw new ConfigError(`STRIPE_API_URL must be a bare http(s) origin, got "${apiUrl}"`);
  }
  const cardProvider = oneOf(
    env,
    'OPENTILL_CARD_PROVIDER',
    ['terminal', 'stripe'],
    secretKey ? 'stripe' : 'terminal',
  );
  if (cardProvider === 'stripe' && !secretKey) {
    throw new ConfigError('OPENTILL_CARD_PROVIDER=stripe needs STRIPE_SECRET_KEY');
  }
  return {
    cardProvider,
    cardCapture: oneOf(env, 'OPENTILL_CARD_CAPTURE', CAPTURE_MODES, 'automatic'),
    stripe: secretKey
      ? { secretKey, apiUrl, webhookSecret: text(env, 'STRIPE_WEBHOOK_SECRET') }
      : null,
    providerTimeoutMs: integer(env, 'OPENTILL_PROVIDER_TIMEOUT_MS', 15_000, 100, 600_000),
    counterHoldMs: integer(env, 'OPENTILL_COUNTER_HOLD_HOURS', 4, 1, 24 * 7) * 3_600_000,
    holdSweepMs: integer(env, 'OPENTILL_HOLD_SWEEP_MS', 300_000, 1000, 86_400_000),
  };
}

export function webhooksConfig(env: NodeJS.ProcessEnv): WebhooksConfig {
  return {
    timeoutMs: integer(env, 'OPENTILL_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    maxAttempts: integer(env, 'OPENTILL_WEBHOOK_MAX_ATTEMPTS', 32, 1, 1000),
    retry: {
      baseMs: integer(env, 'OPENTILL_WEBHOOK_RETRY_BASE_MS', 60_000, 1, 86_400_000),
      maxMs: integer(env, 'OPENTILL_WEBHOOK_RETRY_MAX_MS', 6 * 3_600_000, 1, 7 * 86_400_000),
    },
    sweepMs: integer(env, 'OPENTILL_WEBHOOK_SWEEP_MS', 60_000, 1000, 86_400_000),
  };
}

function fulfillmentConfig(env: NodeJS.ProcessEnv): FulfillmentConfig {
  const url = text(env, 'OPENTILL_3PL_URL');
  const secret = text(env, 'OPENTILL_3PL_SECRET');
  if ((url === null) !== (secret === null)) {
    throw new ConfigError(
      'OPENTILL_3PL_URL and OPENTILL_3PL_SECRET go together: set both or neither',
    );
  }
  if (url === null || secret === null) return { webhook: null };
  if (!/^https?:\/\/[^\s]+$/.test(url)) {
    throw new ConfigError(`OPENTILL_3PL_URL must be an http(s) URL, got "${url}"`);
  }
  if (secret.length < 16)
    throw new ConfigError('OPENTILL_3PL_SECRET must be at least 16 characters');
  return { webhook: { url, secret } };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A whole number from the environment within [min, max]; unset is the fallback. */
export function integer(
  env: NodeJS.ProcessEnv,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[key]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function text(env: NodeJS.ProcessEnv, key: string): string | null {
  const raw = env[key]?.trim();
  return raw ? raw : null;
}

/** `stdoutIsTty` picks the log format when OPENTILL_LOG_FORMAT is unset: a person is watching. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  stdoutIsTty: boolean = process.stdout.isTTY === true,
): Config {
  const databaseUrl = text(env, 'DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const logLevel = text(env, 'OPENTILL_LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(
      `OPENTILL_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }
  const adminToken = text(env, 'OPENTILL_ADMIN_TOKEN');
  if (adminToken !== null && adminToken.length < 16) {
    throw new ConfigError('OPENTILL_ADMIN_TOKEN must be at least 16 characters');
  }
  return {
    databaseUrl,
    dataDir: text(env, 'OPENTILL_DATA_DIR') ?? './data',
    host: text(env, 'OPENTILL_HOST') ?? '127.0.0.1',
    port: integer(env, 'OPENTILL_PORT', 8787, 0, 65535),
    logLevel: logLevel as LogLevel,
    logFormat: oneOf(env, 'OPENTILL_LOG_FORMAT', LOG_FORMATS, stdoutIsTty ? 'pretty' : 'json'),
    seedProducts: integer(env, 'OPENTILL_SEED_PRODUCTS', 2000, 0, 1_000_000),
    adminToken,
    leaseMs: integer(env, 'OPENTILL_LEASE_MS', 10_000, 1, 600_000),
    faultPushDelayMs: integer(env, 'OPENTILL_FAULT_PUSH_DELAY_MS', 0, 0, 600_000),
    bodyLimitBytes: integer(env, 'OPENTILL_BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 1024 ** 3),
    payments: paymentsConfig(env),
    jobPollMs: integer(env, 'OPENTILL_JOB_POLL_MS', 1000, 0, 600_000),
    jobConcurrency: integer(env, 'OPENTILL_JOB_CONCURRENCY', 16, 1, 1000),
    webhooks: webhooksConfig(env),
    fulfillment: fulfillmentConfig(env),
  };
}
