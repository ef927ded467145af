import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementEvents, invitations, workspaces } from '@vibemonitor/db';
import { startTestStack, type TestStack } from './harness.js';
import {
  createSignedInUser,
  createTeam,
  failure,
  invitationToken,
  type TestUser,
} from './users.js';

let stack: TestStack;
let ada: TestUser;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  ada = await createSignedInUser(stack, { name: 'Ada' });
});
afterAll(async () => {
  await stack?.close();
});

describe('workspace.create', () => {
  it('creates a team workspace owned by the caller and counts workspace_created', async () => {
    const created = await ada.client.workspace.create.mutate({ name: '  Platform team  ' });
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Platform team',
      type: 'team',
      role: 'owner',
      createdAt: expect.any(Date),
    });
    const events = await stack.runtime.database.db
      .select()
      .from(engagementEvents)
      .where(
        and(
          eq(engagementEvents.kind, 'workspace_created'),
          eq(engagementEvents.workspaceId, created.id),
        ),
      );
    expect(events).toHaveLength(1);
    expect(events[0]!.userId).toBe(ada.id);
  });

  it('rejects empty and over-long names with a validation error', async () => {
    const empty = await failure(ada.client.workspace.create.mutate({ name: '   ' }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.validation).toEqual([{ path: 'name', message: 'Enter a workspace name.' }]);
    const long = await failure(ada.client.workspace.create.mutate({ name: 'x'.repeat(101) }));
    expect(long.code).toBe('BAD_REQUEST');
    expect(long.message).toContain('at most 100 characters');
  });

  it('requires a session', async () => {
    const error = await failure(stack.client().workspace.create.mutate({ name: 'Nope' }));
    expect(error.code).toBe('UNAUTHORIZED');
  });
});

describe('workspace.list', () => {
  it("lists only the caller's workspaces, personal first, then teams by name, with the caller's role", async () => {
    const grace = await createSignedInUser(stack, { name: 'Grace' });
    const linus = await createSignedInUser(stack, { name: 'Linus' });
    await createTeam(stack, linus, [], 'Not for Grace');
    const zeta = await createTeam(stack, grace, [], 'zeta');
    const alpha = await createTeam(stack, linus, [{ user: grace, role: 'user' }], 'Alpha');
    const list = await grace.client.workspace.list.query();
    expect(list.map((w) => [w.id, w.type, w.role])).toEqual([
      [grace.personalWorkspaceId, 'personal', 'owner'],
      [alpha, 'team', 'user'],
      [zeta, 'team', 'owner'],
    ]);
  });
});

describe('workspace.get', () => {
  it('shows a workspace to its members with the member count', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, ada, [{ user: member }], 'Get me');
    const seenByMember = await member.client.workspace.get.query({ workspaceId: teamId });
    expect(seenByMember).toMatchObject({
      id: teamId,
      name: 'Get me',
      type: 'team',
      role: 'user',
      memberCount: 2,
      planId: 'free',
    });
    expect((await ada.client.workspace.get.query({ workspaceId: teamId })).role).toBe('owner');
  });

  it('refuses non-members (FORBIDDEN, whether or not the workspace exists) and malformed ids', async () => {
    const stranger = await createSignedInUser(stack);
    expect(
      (await failure(stranger.client.workspace.get.query({ workspaceId: ada.personalWorkspaceId })))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await failure(stranger.client.workspace.get.query({ workspaceId: crypto.randomUUID() })))
        .code,
    ).toBe('FORBIDDEN');
    const malformed = await failure(
      stranger.client.workspace.get.query({ workspaceId: 'not-a-uuid' }),
    );
    expect(malformed.code).toBe('BAD_REQUEST');
    expect(malformed.validation?.[0]?.path).toBe('workspaceId');
  });
});

describe('workspace.update', () => {
  it('lets an owner rename, including the personal workspace', async () => {
    const teamId = await createTeam(stack, ada, [], 'Old name');
    const updated = await ada.client.workspace.update.mutate({
      workspaceId: teamId,
      name: ' New name ',
    });
    expect(updated).toMatchObject({ id: teamId, name: 'New name', role: 'owner' });
    const personal = await ada.client.workspace.update.mutate({
      workspaceId: ada.personalWorkspaceId,
      name: 'Mine',
    });
    expect(personal.name).toBe('Mine');
  });

  it('refuses plain members', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, ada, [{ user: member }], 'Owners rename');
    const error = await failure(
      member.client.workspace.update.mutate({ workspaceId: teamId, name: 'Hijacked' }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect((await ada.client.workspace.get.query({ workspaceId: teamId })).name).toBe(
      'Owners rename',
    );
  });
});

describe('workspace.delete', () => {
  it('deletes a team workspace with its members and invitations', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, ada, [{ user: member }], 'Doomed');
    await ada.client.invitation.create.mutate({
      workspaceId: teamId,
      email: 'pending@example.com',
      role: 'user',
    });
    expect(await ada.client.workspace.delete.mutate({ workspaceId: teamId })).toEqual({ ok: true });
    const db = stack.runtime.database.db;
    expect(await db.select().from(workspaces).where(eq(workspaces.id, teamId))).toEqual([]);
    expect(await db.select().from(invitations).where(eq(invitations.workspaceId, teamId))).toEqual(
      [],
    );
    expect((await member.client.workspace.list.query()).map((w) => w.id)).not.toContain(teamId);
    expect((await failure(member.client.workspace.get.query({ workspaceId: teamId }))).code).toBe(
      'FORBIDDEN',
    );
  });

  it('never deletes the personal workspace', async () => {
    const error = await failure(
      ada.client.workspace.delete.mutate({ workspaceId: ada.personalWorkspaceId }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/personal workspace cannot be deleted/);
    expect(
      (await ada.client.workspace.get.query({ workspaceId: ada.personalWorkspaceId })).type,
    ).toBe('personal');
  });

  it('refuses plain members', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, ada, [{ user: member }], 'Survives');
    expect(
      (await failure(member.client.workspace.delete.mutate({ workspaceId: teamId }))).code,
    ).toBe('FORBIDDEN');
    expect((await ada.client.workspace.get.query({ workspaceId: teamId })).memberCount).toBe(2);
  });
});

describe('workspace.leave', () => {
  it('lets a member leave a team', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, ada, [{ user: member }], 'Leavable');
    expect(await member.client.workspace.leave.mutate({ workspaceId: teamId })).toEqual({
      ok: true,
    });
    expect((await member.client.workspace.list.query()).map((w) => w.id)).toEqual([
      member.personalWorkspaceId,
    ]);
    expect((await ada.client.workspace.get.query({ workspaceId: teamId })).memberCount).toBe(1);
    expect(
      (await failure(member.client.workspace.leave.mutate({ workspaceId: teamId }))).code,
    ).toBe('FORBIDDEN');
  });

  it('refuses the last owner, even with other members, and allows an owner who is not the last', async () => {
    const member = await createSignedInUser(stack);
    const coOwner = await createSignedInUser(stack);
    const teamId = await createTeam(stack, ada, [{ user: member }], 'Needs an owner');
    const error = await failure(ada.client.workspace.leave.mutate({ workspaceId: teamId }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/last owner/);

    await ada.client.invitation.create.mutate({
      workspaceId: teamId,
      email: coOwner.email,
      role: 'owner',
    });
    await coOwner.client.invitation.accept.mutate({
      token: await invitationToken(stack, coOwner.email),
    });
    await ada.client.workspace.leave.mutate({ workspaceId: teamId });
    expect((await coOwner.client.workspace.get.query({ workspaceId: teamId })).memberCount).toBe(2);
  });

  it('refuses a solo owner too (delete the workspace instead)', async () => {
    const teamId = await createTeam(stack, ada, [], 'Solo');
    expect((await failure(ada.client.workspace.leave.mutate({ workspaceId: teamId }))).code).toBe(
      'PRECONDITION_FAILED',
    );
  });

  it('refuses the personal workspace', async () => {
    const error = await failure(
      ada.client.workspace.leave.mutate({ workspaceId: ada.personalWorkspaceId }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe('You cannot leave your personal workspace.');
  });

  it('keeps an owner when the last two owners leave at the same moment', async () => {
    const other = await createSignedInUser(stack);
    const teamId = await createTeam(stack, ada, [{ user: other, role: 'owner' }], 'Race');
    const results = await Promise.allSettled([
      ada.client.workspace.leave.mutate({ workspaceId: teamId }),
      other.client.workspace.leave.mutate({ workspaceId: teamId }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((await failure(Promise.reject(rejected.reason))).code).toBe('PRECONDITION_FAILED');
  });
});
