import { defineConfig } from 'vitest/config';

// Every test prints for real (a fault test kills Chromium mid-print; the determinism test compares two prints);
// the print cache has its own tests, which turn it on in a folder of their own.
process.env.PAIBAN_CACHE ??= 'off';

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
