import { defineConfig } from 'vitest/config';

// Tests check correctness, never speed: generous timeouts so a busy shared machine cannot fail them.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
