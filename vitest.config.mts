// Test runner configuration: unit and integration suites under test/ (mirrors the source tree).
import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/support/longFilesFirst';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: LongFilesFirst },
  },
});
