import { defineConfig } from 'vitest/config';

// One config for the whole monorepo: tests live beside the code (`*.test.ts`).
// Two forks at most: CI machines have 2 cores and the suites hold real
// PostgreSQL databases and Redis connections.
export default defineConfig({
  test: {
    include: [
      '{apps,packages,tooling}/*/{src,test}/**/*.test.ts',
      'bench/**/*.test.ts',
      'eval/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
