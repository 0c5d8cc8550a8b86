import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['test/support/console-assets-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
