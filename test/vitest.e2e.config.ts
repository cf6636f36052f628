import { defineConfig } from 'vitest/config';

// End-to-end tests drive real Chromium against a real sync server process: one file at a time,
// since each starts its own server and browser and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
