import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_RESET_DEDUPE_WINDOW_MS } from '@vibemonitor/core';
import { emailTokens } from '@vibemonitor/db';
import { startWorker, type StartedWorker } from '@vibemonitor/worker';
import {
  emailCount,
  securityEventsOf,
  seedUser,
  waitForEmail,
  waitForIdleJobs,
} from './auth-helpers.js';
import { startTestStack, type TestStack } from './harness.js';

/*
 * auth.forgotPassword hands its work to the queue: the request issues no
 * token and sends nothing; the worker does both, once per burst of requests.
 */

let stack: TestStack;
let worker: StartedWorker | undefined;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
});
afterAll(async () => {
  await worker?.close(2_000);
  await stack?.close();
});

describe('auth.forgotPassword through the queue', () => {
  it('issues no token in the request; a double submit becomes one job and one email from the worker', async () => {
    const user = await seedUser(stack, { email: 'queued@example.com' });
    // Both submits must fall in one dedupe window: do not start right before it ends.
    const leftInWindow =
      PASSWORD_RESET_DEDUPE_WINDOW_MS - (Date.now() % PASSWORD_RESET_DEDUPE_WINDOW_MS);
    if (leftInWindow < 5_000) await sleep(leftInWindow + 10);
    const client = stack.client();
    await client.auth.forgotPassword.mutate({ email: 'queued@example.com' });
    await client.auth.forgotPassword.mutate({ email: 'QUEUED@example.com' });
    await client.auth.forgotPassword.mutate({ email: 'not-queued-anywhere@example.com' });

    const depth = await stack.runtime.jobs.queue.depth();
    // One job per address: the second request for queued@ deduped into the first.
    expect(depth['account.password-reset-email'].waiting).toBe(2);
    const db = stack.runtime.database.db;
    expect(await db.select().from(emailTokens).where(eq(emailTokens.userId, user.id))).toEqual([]);
    expect(await stack.outbox()).toEqual([]);
    expect(await securityEventsOf(stack, 'password_reset_requested')).toEqual([]);

    worker = await startWorker({ runtime: stack.runtime, concurrency: 1 });
    await waitForEmail(stack, 'queued@example.com', 'reset_password');
    await waitForIdleJobs(stack, 'account.password-reset-email');
    expect(await emailCount(stack, 'queued@example.com', 'reset_password')).toBe(1);
    expect(await stack.outbox()).toHaveLength(1);
    const tokens = await db.select().from(emailTokens).where(eq(emailTokens.userId, user.id));
    expect(tokens.map((t) => t.purpose)).toEqual(['reset_password']);
    expect((await securityEventsOf(stack, 'password_reset_requested')).length).toBe(2);
  });
});
