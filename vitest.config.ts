import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['test/support/console-assets-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // a browser page on a loaded 2-core machine can take seconds to answer; a poll's default 1 s is too short
    expect: { poll: { timeout: 15_000 } },
  },
});
