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

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db/opentill',
      OPENTILL_DATA_DIR: '/var/lib/opentill',
      OPENTILL_HOST: '0.0.0.0',
      OPENTILL_PORT: '0',
      OPENTILL_LOG_LEVEL: 'warn',
      OPENTILL_SEED_PRODUCTS: '100000',
      OPENTILL_ADMIN_TOKEN: 'a-long-enough-admin-token',
      OPENTILL_LEASE_MS: '2500',
      OPENTILL_FAULT_PUSH_DELAY_MS: '3000',
      OPENTILL_BODY_LIMIT_BYTES: '2048',
    });
    expect(config).toEqual({
      databaseUrl: 'postgres://u@db/opentill',
      dataDir: '/var/lib/opentill',
      host: '0.0.0.0',
      port: 0,
      logLevel: 'warn',
      seedProducts: 100000,
      adminToken: 'a-long-enough-admin-token',
      leaseMs: 2500,
      faultPushDelayMs: 3000,
      bodyLimitBytes: 2048,
    });
  });

  it('names the variable and the bad value', () => {
    expect(() => loadConfig({ OPENTILL_PORT: '80a' })).toThrow(/OPENTILL_PORT.*"80a"/);
    expect(() => loadConfig({ OPENTILL_PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPENTILL_LOG_LEVEL: 'loud' })).toThrow(/OPENTILL_LOG_LEVEL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ OPENTILL_ADMIN_TOKEN: 'short' })).toThrow(/OPENTILL_ADMIN_TOKEN/);
  });
});
