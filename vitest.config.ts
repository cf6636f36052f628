import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{domain,renderer,electron,sync-server,test/integration}/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
