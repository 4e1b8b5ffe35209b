import { defineConfig } from 'vitest/config';

// Two projects: `fast` (pure, in-memory) and `slow` (real processes: *.slow.test.ts).
// `npm run test:fast` is the inner loop; `npm test` runs both.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'fast',
          include: ['src/**/*.test.ts', 'fixtures/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.slow.test.ts', 'node_modules/**', 'dist/**'],
          // A guard against hangs, not a speed goal (those live in benchmarks): the property
          // tests and fuzzers run hundreds of cases and must not fail because the machine is busy.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'slow',
          include: ['test/**/*.slow.test.ts', 'fixtures/**/*.slow.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Real processes on a shared 2-core machine: one retry absorbs a scheduling stall;
          // a behaviour that is really broken fails twice.
          retry: 1,
        },
      },
    ],
  },
});
