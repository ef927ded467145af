import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createSession } from '@vibemonitor/auth';
import { createPersonalWorkspace } from '@vibemonitor/core';
import { users } from '@vibemonitor/db';
import { TRPCClientError, type VibeMonitorClient } from '@vibemonitor/sdk';
import type { TestStack } from './harness.js';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  personalWorkspaceId: string;
  token: string;
  /** An SDK client signed in as this user (bearer token). */
  client: VibeMonitorClient;
}

/** A fresh address on example.com, so tests in one file never collide. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.com`;
}

/**
 * Creates a user with a personal workspace and a session, straight in the
 * database: sign-up through the API is rate limited per IP (all test clients
 * are 127.0.0.1) and these tests are about what comes after signing in.
 */
export async function createSignedInUser(
  stack: TestStack,
  options: { email?: string; name?: string; verified?: boolean } = {},
): Promise<TestUser> {
  const db = stack.runtime.database.db;
  const email = (options.email ?? uniqueEmail()).toLowerCase();
  const name = options.name ?? `User ${email.split('@')[0]}`;
  const { id, personalWorkspaceId } = await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email, name, emailVerifiedAt: options.verified === false ? null : new Date() })
      .returning({ id: users.id });
    const { workspaceId } = await createPersonalWorkspace({
      db: tx,
      userId: user!.id,
      userName: name,
    });
    return { id: user!.id, personalWorkspaceId: workspaceId };
  });
  const { token } = await createSession({ db, userId: id });
  return { id, email, name, personalWorkspaceId, token, client: stack.client(token) };
}

/** A team workspace owned by `owner`, with each of `members` added through a real invitation. */
export async function createTeam(
  stack: TestStack,
  owner: TestUser,
  members: Array<{ user: TestUser; role?: 'user' | 'owner' }> = [],
  name = 'Team',
): Promise<string> {
  const workspace = await owner.client.workspace.create.mutate({ name });
  for (const { user, role } of members) {
    await owner.client.invitation.create.mutate({
      workspaceId: workspace.id,
      email: user.email,
      role: role ?? 'user',
    });
    const token = await invitationToken(stack, user.email);
    await user.client.invitation.accept.mutate({ token });
  }
  return workspace.id;
}

/** The token in the newest invitation email sent to `email`. */
export async function invitationToken(stack: TestStack, email: string): Promise<string> {
  const sent = (await stack.outbox()).filter((m) => m.to === email && m.tag === 'invitation');
  const link = sent.at(-1)?.link;
  const token = link ? new URL(link).searchParams.get('token') : null;
  if (!token) throw new Error(`no invitation email with a token was sent to ${email}`);
  return token;
}

export interface CaughtError {
  /** tRPC code, e.g. FORBIDDEN. */
  code: string;
  httpStatus: number;
  message: string;
  details: Record<string, unknown> | undefined;
  validation: Array<{ path: string; message: string }> | undefined;
}

/** Awaits a call that must fail and returns its error fields; fails the test if the call succeeded. */
export async function failure(call: Promise<unknown>): Promise<CaughtError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  const { message, data } = error as TRPCClientError<never>;
  const fields = data as unknown as {
    code: string;
    httpStatus: number;
    details?: Record<string, unknown>;
    validation?: CaughtError['validation'];
  };
  return {
    code: fields.code,
    httpStatus: fields.httpStatus,
    message,
    details: fields.details,
    validation: fields.validation,
  };
}
