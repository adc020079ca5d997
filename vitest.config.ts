import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Differential tests against cuRAND are CPU-heavy; two workers match the 2-core machines.
    maxWorkers: 2,
  },
});
