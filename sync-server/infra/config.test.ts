import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs on embedded PGlite in ./data on 127.0.0.1:8787 when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({
      databaseUrl: null,
      dataDir: './data',
      host: '127.0.0.1',
      port: 8787,
      logLevel: 'info',
      seedProducts: 2000,
      adminToken: null,
      faultPushDelayMs: 0,
    });
  });

  it('logs pretty lines to a terminal and JSON lines elsewhere, unless told which', () => {
    expect(loadConfig({}, true).logFormat).toBe('pretty');
    expect(loadConfig({}, false).logFormat).toBe('json');
    expect(loadConfig({ OPENTILL_LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(loadConfig({ OPENTILL_LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
    expect(() => loadConfig({ OPENTILL_LOG_FORMAT: 'text' })).toThrow(
      'OPENTILL_LOG_FORMAT must be one of pretty, json, got "text"',
    );
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db/opentill',
      OPENTILL_DATA_DIR: '/var/lib/opentill',
      OPENTILL_HOST: '0.0.0.0',
      OPENTILL_PORT: '0',
      OPENTILL_LOG_LEVEL: 'warn',
      OPENTILL_LOG_FORMAT: 'json',
      OPENTILL_SEED_PRODUCTS: '100000',
      OPENTILL_ADMIN_TOKEN: 'a-long-enough-admin-token',
      OPENTILL_LEASE_MS: '2500',
      OPENTILL_FAULT_PUSH_DELAY_MS: '3000',
      OPENTILL_BODY_LIMIT_BYTES: '2048',
      OPENTILL_JOB_POLL_MS: '250',
      OPENTILL_JOB_CONCURRENCY: '4',
      OPENTILL_CARD_CAPTURE: 'on_fulfillment',
      OPENTILL_PROVIDER_TIMEOUT_MS: '5000',
      OPENTILL_COUNTER_HOLD_HOURS: '2',
      OPENTILL_HOLD_SWEEP_MS: '60000',
      OPENTILL_WEBHOOK_TIMEOUT_MS: '3000',
      OPENTILL_WEBHOOK_MAX_ATTEMPTS: '8',
      OPENTILL_WEBHOOK_RETRY_BASE_MS: '500',
      OPENTILL_WEBHOOK_RETRY_MAX_MS: '60000',
      OPENTILL_WEBHOOK_SWEEP_MS: '5000',
      STRIPE_SECRET_KEY: 'sk_test_key',
      STRIPE_API_URL: 'http://127.0.0.1:8790',
      STRIPE_WEBHOOK_SECRET: 'whsec_test',
      OPENTILL_3PL_URL: 'https://3pl.example.com/opentill',
      OPENTILL_3PL_SECRET: 'a-shared-3pl-secret',
    });
    expect(config).toEqual({
      databaseUrl: 'postgres://u@db/opentill',
      dataDir: '/var/lib/opentill',
      host: '0.0.0.0',
      port: 0,
      logLevel: 'warn',
      logFormat: 'json',
      seedProducts: 100000,
      adminToken: 'a-long-enough-admin-token',
      leaseMs: 2500,
      faultPushDelayMs: 3000,
      bodyLimitBytes: 2048,
      jobPollMs: 250,
      jobConcurrency: 4,
      webhooks: {
        timeoutMs: 3000,
        maxAttempts: 8,
        retry: { baseMs: 500, maxMs: 60000 },
        sweepMs: 5000,
      },
      payments: {
        cardProvider: 'stripe',
        cardCapture: 'on_fulfillment',
        providerTimeoutMs: 5000,
        counterHoldMs: 7_200_000,
        holdSweepMs: 60000,
        stripe: {
          secretKey: 'sk_test_key',
          apiUrl: 'http://127.0.0.1:8790',
          webhookSecret: 'whsec_test',
        },
      },
      fulfillment: {
        webhook: { url: 'https://3pl.example.com/opentill', secret: 'a-shared-3pl-secret' },
      },
    });
  });

  it('ships through a 3PL only when both its URL and its secret are set', () => {
    expect(loadConfig({}).fulfillment).toEqual({ webhook: null });
    expect(() => loadConfig({ OPENTILL_3PL_URL: 'https://3pl.example.com' })).toThrow(
      /OPENTILL_3PL_URL and OPENTILL_3PL_SECRET go together/,
    );
    expect(() =>
      loadConfig({ OPENTILL_3PL_URL: 'ftp://3pl', OPENTILL_3PL_SECRET: 'a-shared-3pl-secret' }),
    ).toThrow(/OPENTILL_3PL_URL must be an http\(s\) URL/);
    expect(() =>
      loadConfig({ OPENTILL_3PL_URL: 'https://3pl.example.com', OPENTILL_3PL_SECRET: 'short' }),
    ).toThrow(/OPENTILL_3PL_SECRET/);
  });

  it('takes card payments on a stand-alone terminal unless a Stripe key is set', () => {
    expect(loadConfig({}).payments).toMatchObject({ cardProvider: 'terminal', stripe: null });
    expect(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_x' }).payments.cardProvider).toBe('stripe');
    expect(
      loadConfig({ STRIPE_SECRET_KEY: 'sk_test_x', OPENTILL_CARD_PROVIDER: 'terminal' }).payments
        .cardProvider,
    ).toBe('terminal');
    expect(() => loadConfig({ OPENTILL_CARD_PROVIDER: 'stripe' })).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => loadConfig({ OPENTILL_CARD_CAPTURE: 'later' })).toThrow(
      /OPENTILL_CARD_CAPTURE must be one of automatic, delayed, on_fulfillment/,
    );
    expect(() => loadConfig({ STRIPE_API_URL: 'http://x/v1/' })).toThrow(/STRIPE_API_URL/);
  });

  it('retries webhooks for about three days, up to six hours apart, unless told otherwise', () => {
    expect(loadConfig({}).webhooks).toEqual({
      timeoutMs: 10_000,
      maxAttempts: 32,
      retry: { baseMs: 60_000, maxMs: 6 * 3_600_000 },
      sweepMs: 60_000,
    });
    expect(() => loadConfig({ OPENTILL_WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(
      /OPENTILL_WEBHOOK_MAX_ATTEMPTS.*"0"/,
    );
    expect(() => loadConfig({ OPENTILL_WEBHOOK_TIMEOUT_MS: '10s' })).toThrow(
      /OPENTILL_WEBHOOK_TIMEOUT_MS/,
    );
  });

  it('names the variable and the bad value', () => {
    expect(() => loadConfig({ OPENTILL_PORT: '80a' })).toThrow(/OPENTILL_PORT.*"80a"/);
    expect(() => loadConfig({ OPENTILL_PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPENTILL_LOG_LEVEL: 'loud' })).toThrow(/OPENTILL_LOG_LEVEL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ OPENTILL_ADMIN_TOKEN: 'short' })).toThrow(/OPENTILL_ADMIN_TOKEN/);
  });
});
