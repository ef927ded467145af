import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { SIGNUP_ANSWER_FLOOR_MS } from '@vibemonitor/core';
import { securityEvents } from '@vibemonitor/db';
import { startTestStack, type TestStack } from '../apps/standalone/test/harness.js';
import { formatMs, percentile } from './lib/stats.js';

/**
 * auth.register for a new address vs an address that already has an account:
 * both must answer the same, in about the same time (issue 17's account
 * oracle; the answer waits for a floor of SIGNUP_ANSWER_FLOOR_MS, and the work
 * must fit under it). Requests go one at a time, alternating which path goes first, over
 * plain HTTP as a browser sends them; the per-network sign-up limit is reset
 * before each one (every request comes from 127.0.0.1). Each taken address is
 * tried once, so the per-address limit never answers instead.
 *   npx tsx bench/signup-timing.ts            (50 requests per path)
 *   SIGNUP_BENCH_REQUESTS=200 npx tsx bench/signup-timing.ts
 */
export async function benchSignupTiming(options: {
  requests: number;
}): Promise<Record<string, string | number>> {
  const stack = await startTestStack({ worker: false });
  try {
    const run = randomBytes(3).toString('hex');
    const password = 'timing-bench-password-42';
    const address = (kind: string, i: number) => `${kind}-${run}-${i}@example.com`;
    const register = (email: string) => signUp(stack, email, password);

    // The taken addresses, signed up through the API like any account (the limit reset between).
    const ip = await takenAddresses(stack, options.requests + 3, address, register);
    const resetLimit = () => stack.runtime.rateLimiter.reset('register_ip', ip);

    const times = { new: [] as number[], taken: [] as number[] };
    const bodies = new Set<string>();
    const statuses = new Set<number>();
    // Three of each to warm up (JIT, pools), not counted.
    for (let i = -3; i < options.requests; i += 1) {
      const order = Math.random() < 0.5 ? (['new', 'taken'] as const) : (['taken', 'new'] as const);
      for (const kind of order) {
        await resetLimit();
        const email = kind === 'new' ? address('new', i + 3) : address('taken', i + 3);
        const started = performance.now();
        const response = await register(email);
        const ms = performance.now() - started;
        statuses.add(response.status);
        bodies.add(response.body.replace(email, '<email>'));
        if (i >= 0) times[kind].push(ms);
      }
    }
    const over = (kind: 'new' | 'taken') =>
      times[kind].filter((ms) => ms > SIGNUP_ANSWER_FLOOR_MS + 50).length;
    const median = (kind: 'new' | 'taken') => percentile(times[kind], 50);
    const mean = (kind: 'new' | 'taken') =>
      times[kind].reduce((a, b) => a + b, 0) / times[kind].length;
    return {
      'requests per path': options.requests,
      'distinct statuses / bodies (want 1 / 1)': `${statuses.size} / ${bodies.size}`,
      'new address: median / p90 / mean': `${formatMs(median('new'))} / ${formatMs(percentile(times.new, 90))} / ${formatMs(mean('new'))}`,
      'taken address: median / p90 / mean': `${formatMs(median('taken'))} / ${formatMs(percentile(times.taken, 90))} / ${formatMs(mean('taken'))}`,
      'median difference (taken - new)': formatMs(median('taken') - median('new')),
      [`answers over the ${SIGNUP_ANSWER_FLOOR_MS} ms floor + 50 ms (new / taken)`]: `${over('new')} / ${over('taken')}`,
    };
  } finally {
    await stack.close();
  }
}

async function signUp(stack: TestStack, email: string, password: string) {
  const response = await fetch(`${stack.url}/trpc/auth.register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { email, password, name: 'Timing Bench' } }),
  });
  return { status: response.status, body: await response.text() };
}

/** Signs up `count` accounts and returns the client address the server sees (the limit's subject). */
async function takenAddresses(
  stack: TestStack,
  count: number,
  address: (kind: string, i: number) => string,
  register: (email: string) => Promise<{ status: number; body: string }>,
): Promise<string> {
  // One taken-address attempt records the client address in a security event.
  for (let i = 0; i < 2; i += 1) {
    const { status, body } = await register(address('probe', 0));
    if (status !== 200) throw new Error(`probe sign-up ${i} answered ${status}: ${body}`);
  }
  const [event] = await stack.runtime.database.db
    .select({ ip: securityEvents.ip })
    .from(securityEvents)
    .where(eq(securityEvents.kind, 'signup_existing_email'))
    .orderBy(desc(securityEvents.createdAt))
    .limit(1);
  if (!event?.ip) throw new Error('the sign-up attempt recorded no client address');
  for (let i = 0; i < count; i += 1) {
    await stack.runtime.rateLimiter.reset('register_ip', event.ip);
    const { status } = await register(address('taken', i));
    if (status !== 200) throw new Error(`seeding sign-up ${i} answered ${status}`);
  }
  return event.ip;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const requests = Number(process.env.SIGNUP_BENCH_REQUESTS ?? 50);
  const mode = `${process.env.DATABASE_URL ? 'postgres' : 'pglite'} + ${process.env.REDIS_URL ? 'redis' : 'in-process'}`;
  console.log(`## auth.register: new vs taken address (${mode})`);
  for (const [key, value] of Object.entries(await benchSignupTiming({ requests })))
    console.log(`  ${key.padEnd(42)} ${value}`);
  process.exit(0);
}
