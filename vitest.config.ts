import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Builds the essay once (tests/support/global-setup.ts); tests read its outputs.
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: Chromium and Java validators run in parallel files; keep it at two.
    maxWorkers: 2,
  },
});
