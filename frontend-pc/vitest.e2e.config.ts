import { defineConfig } from 'vitest/config';

// Browser tests: one real backend (`cic e2e-server`, started by e2e/global-setup.ts) and
// Debian's Chromium through playwright-core. Files run one after another in one worker.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    // The default report, then one line per failure in order (the first is usually the cause).
    reporters: ['default', '../e2e-support/failure-summary.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits as long as a page element does (support.ts: 20 s), not vitest's 1 s: on a
    // busy 2-core machine a round trip to the server and a render can take longer than that.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
