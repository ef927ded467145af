import { setTimeout as sleep } from 'node:timers/promises';
import { and, asc, eq } from 'drizzle-orm';
import { hashPassword } from '@vibemonitor/auth';
import type { AuthSecurityEventKind } from '@vibemonitor/core';
import { securityEvents, users } from '@vibemonitor/db';
import type { JobName } from '@vibemonitor/jobs';
import { TRPCClientError } from '@vibemonitor/sdk';
import { expect } from 'vitest';
import type { TestStack } from './harness.js';

import { GOOD_PASSWORD } from './sign-up.js';

export { GOOD_PASSWORD, signUpThroughApi } from './sign-up.js';

export interface CaughtTrpcError {
  code: string;
  httpStatus: number;
  message: string;
  appCode: string | undefined;
  details: Record<string, unknown> | undefined;
  validation: Array<{ path: string; message: string }> | undefined;
}

/** Awaits a call that must fail and returns its tRPC error fields (fails the test if it succeeded). */
export async function trpcError(call: Promise<unknown>): Promise<CaughtTrpcError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  const { message, data } = error as TRPCClientError<never>;
  const fields = data as unknown as Omit<CaughtTrpcError, 'message'>;
  return {
    code: fields.code,
    httpStatus: fields.httpStatus,
    message,
    appCode: fields.appCode,
    details: fields.details,
    validation: fields.validation,
  };
}

export interface RawResponse {
  status: number;
  setCookies: string[];
  headers: Headers;
  /** The procedure's result (`result.data.json`) or error (`error.json`). */
  data: Record<string, unknown> | undefined;
  error: { message: string; code: number; data: Record<string, unknown> } | undefined;
}

/**
 * One unbatched tRPC call over plain HTTP, the way a browser's fetch sends
 * it: lets tests set Cookie and Origin and read Set-Cookie, which the SDK's
 * streaming link does not expose.
 */
export async function rawTrpc(
  stack: TestStack,
  path: string,
  options: {
    type?: 'query' | 'mutation';
    input?: unknown;
    cookie?: string;
    origin?: string;
    bearer?: string;
  } = {},
): Promise<RawResponse> {
  const type = options.type ?? 'mutation';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const body = options.input === undefined ? {} : { json: options.input };
  const url =
    type === 'query'
      ? `${stack.url}/trpc/${path}${options.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(body))}`}`
      : `${stack.url}/trpc/${path}`;
  const response = await fetch(url, {
    method: type === 'query' ? 'GET' : 'POST',
    headers,
    ...(type === 'mutation' ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json()) as {
    result?: { data?: { json?: Record<string, unknown> } };
    error?: { json: RawResponse['error'] };
  };
  return {
    status: response.status,
    setCookies: response.headers.getSetCookie(),
    headers: response.headers,
    data: json.result?.data?.json,
    error: json.error?.json,
  };
}

/** `name=value` of the first Set-Cookie for `name`, ready to send back as a Cookie header. */
export function cookiePair(setCookies: string[], name = 'vm_session'): string {
  const found = setCookies.find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(setCookies)}`);
  return found.split(';')[0]!;
}

/** The newest email of `tag` sent to `to`. */
export async function lastEmail(stack: TestStack, to: string, tag: string) {
  const matching = (await stack.outbox()).filter((m) => m.to === to && m.tag === tag);
  const last = matching.at(-1);
  if (!last) throw new Error(`no ${tag} email to ${to}`);
  return last;
}

export async function emailCount(stack: TestStack, to: string, tag: string): Promise<number> {
  return (await stack.outbox()).filter((m) => m.to === to && m.tag === tag).length;
}

/** Polls `check` every 25 ms until it returns a value other than undefined; fails after `timeoutMs`. */
async function pollUntil<T>(
  describe: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe}`);
    await sleep(25);
  }
}

/**
 * Waits until `to` has received at least `count` emails of `tag` (the worker
 * writes them asynchronously) and returns the newest.
 */
export async function waitForEmail(
  stack: TestStack,
  to: string,
  tag: string,
  { count = 1, timeoutMs = 10_000 }: { count?: number; timeoutMs?: number } = {},
) {
  return pollUntil(
    `email #${count} of ${tag} to ${to}`,
    async () => {
      const matching = (await stack.outbox()).filter((m) => m.to === to && m.tag === tag);
      return matching.length >= count ? matching.at(-1) : undefined;
    },
    timeoutMs,
  );
}

/**
 * Waits until no job of `name` is waiting, delayed or running: after it, a
 * job's effects (or their absence) are final, and a new job may reuse its id.
 */
export async function waitForIdleJobs(stack: TestStack, name: JobName, timeoutMs = 10_000) {
  await pollUntil(
    `the ${name} jobs to finish`,
    async () => {
      const { waiting, delayed, active } = (await stack.runtime.jobs.queue.depth())[name];
      return waiting + delayed + active === 0 ? true : undefined;
    },
    timeoutMs,
  );
}

/** The security events of one kind, oldest first, optionally only those of `userId`. */
export async function securityEventsOf(
  stack: TestStack,
  kind: AuthSecurityEventKind,
  userId?: string,
) {
  return stack.runtime.database.db
    .select()
    .from(securityEvents)
    .where(
      and(
        eq(securityEvents.kind, kind),
        userId === undefined ? undefined : eq(securityEvents.userId, userId),
      ),
    )
    .orderBy(asc(securityEvents.createdAt));
}

export function tokenFromLink(link: string | undefined): string {
  const token = link ? new URL(link).searchParams.get('token') : null;
  if (!token) throw new Error(`no token in link ${String(link)}`);
  return token;
}

/**
 * Inserts a user directly, for tests about signing in: sign-ups are rate
 * limited per IP and every test client shares 127.0.0.1.
 */
export async function seedUser(
  stack: TestStack,
  input: { email: string; password?: string | null; name?: string; verified?: boolean },
): Promise<{ id: string; email: string }> {
  const passwordHash =
    input.password === null ? null : await hashPassword(input.password ?? GOOD_PASSWORD);
  const [row] = await stack.runtime.database.db
    .insert(users)
    .values({
      email: input.email,
      name: input.name ?? 'Seeded User',
      passwordHash,
      emailVerifiedAt: input.verified ? new Date() : null,
    })
    .returning({ id: users.id, email: users.email });
  return row!;
}

export async function userRow(stack: TestStack, email: string) {
  // The relational query API brings its own operators: this package does not depend on drizzle-orm.
  return stack.runtime.database.db.query.users.findFirst({
    where: (u, { eq }) => eq(u.email, email),
  });
}
