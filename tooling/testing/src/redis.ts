import { randomBytes } from 'node:crypto';

/** The Redis URL the suite runs against, or undefined in embedded mode. */
export function testRedisUrl(): string | undefined {
  const url = process.env.REDIS_URL;
  return url && url.length > 0 ? url : undefined;
}

/**
 * A key prefix unique to one test file (or one test), so suites can share one
 * Redis without seeing each other's queues, channels or rate-limit counters.
 */
export function uniqueRedisPrefix(label = 'test'): string {
  return `vmtest-${label}-${randomBytes(4).toString('hex')}`;
}
