import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '@vibemonitor/db';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

let stack: TestStack;
let owner: TestUser;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  owner = await createSignedInUser(stack, { name: 'Owner' });
});
afterAll(async () => {
  await stack?.close();
});

describe('member.list', () => {
  it('pages through members in join order without gaps or repeats, for any member', async () => {
    const others = await Promise.all(Array.from({ length: 4 }, () => createSignedInUser(stack)));
    const teamId = await createTeam(
      stack,
      owner,
      others.map((user) => ({ user })),
      'Paged',
    );
    const viewer = others[2]!;
    const seen: string[] = [];
    let cursor: string | undefined;
    const pages: number[] = [];
    do {
      const page = await viewer.client.member.list.query({
        workspaceId: teamId,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(page.items.length);
      seen.push(...page.items.map((m) => m.userId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([2, 2, 1]);
    expect(seen).toEqual([owner.id, ...others.map((o) => o.id)]);

    const all = await viewer.client.member.list.query({ workspaceId: teamId });
    expect(all.nextCursor).toBeNull();
    expect(all.items[0]).toEqual({
      userId: owner.id,
      email: owner.email,
      name: 'Owner',
      avatarUrl: null,
      role: 'owner',
      joinedAt: expect.any(Date),
    });
    expect(all.items.slice(1).every((m) => m.role === 'user')).toBe(true);
  });

  it('rejects a tampered cursor and out-of-range limits with BAD_REQUEST', async () => {
    const teamId = await createTeam(stack, owner, [], 'Cursor');
    const tampered = await failure(
      owner.client.member.list.query({ workspaceId: teamId, cursor: 'bm90LWEtY3Vyc29y' }),
    );
    expect(tampered.code).toBe('BAD_REQUEST');
    expect(tampered.message).toMatch(/cursor is invalid/);
    const sqlish = Buffer.from(
      JSON.stringify(["2020-01-01'; drop table users; --", crypto.randomUUID()]),
    ).toString('base64url');
    expect(
      (await failure(owner.client.member.list.query({ workspaceId: teamId, cursor: sqlish }))).code,
    ).toBe('BAD_REQUEST');
    for (const limit of [0, 201, 1.5]) {
      const error = await failure(owner.client.member.list.query({ workspaceId: teamId, limit }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.validation?.[0]?.path).toBe('limit');
    }
  });
});

describe('member.updateRole', () => {
  it('promotes and demotes members and records a security event', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [{ user: member }], 'Roles');
    const promoted = await owner.client.member.updateRole.mutate({
      workspaceId: teamId,
      userId: member.id,
      role: 'owner',
    });
    expect(promoted).toMatchObject({ userId: member.id, role: 'owner' });
    // The promoted member can now do owner things.
    await member.client.workspace.update.mutate({ workspaceId: teamId, name: 'Roles renamed' });
    // An owner may step down while another owner remains.
    expect(
      (
        await owner.client.member.updateRole.mutate({
          workspaceId: teamId,
          userId: owner.id,
          role: 'user',
        })
      ).role,
    ).toBe('user');
    expect(
      (await failure(owner.client.workspace.update.mutate({ workspaceId: teamId, name: 'x' })))
        .code,
    ).toBe('FORBIDDEN');
    const events = await stack.runtime.database.db
      .select({ detail: securityEvents.detail })
      .from(securityEvents)
      .where(
        and(eq(securityEvents.workspaceId, teamId), eq(securityEvents.kind, 'member_role_changed')),
      );
    expect(events.map((e) => e.detail)).toEqual([
      { memberUserId: member.id, from: 'user', to: 'owner' },
      { memberUserId: owner.id, from: 'owner', to: 'user' },
    ]);
  });

  it('never demotes the last owner', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [{ user: member }], 'Last owner');
    const error = await failure(
      owner.client.member.updateRole.mutate({
        workspaceId: teamId,
        userId: owner.id,
        role: 'user',
      }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/last owner/);
    expect((await owner.client.workspace.get.query({ workspaceId: teamId })).role).toBe('owner');
    // Setting the role it already has is a no-op, not an error.
    expect(
      (
        await owner.client.member.updateRole.mutate({
          workspaceId: teamId,
          userId: owner.id,
          role: 'owner',
        })
      ).role,
    ).toBe('owner');
  });

  it('keeps one owner when two owners demote each other at the same moment', async () => {
    const other = await createSignedInUser(stack);
    const teamId = await createTeam(
      stack,
      owner,
      [{ user: other, role: 'owner' }],
      'Demotion race',
    );
    const results = await Promise.allSettled([
      owner.client.member.updateRole.mutate({
        workspaceId: teamId,
        userId: other.id,
        role: 'user',
      }),
      other.client.member.updateRole.mutate({
        workspaceId: teamId,
        userId: owner.id,
        role: 'user',
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const members = await owner.client.member.list
      .query({ workspaceId: teamId })
      .catch(() => other.client.member.list.query({ workspaceId: teamId }));
    expect(members.items.filter((m) => m.role === 'owner')).toHaveLength(1);
  });

  it('answers NOT_FOUND for someone who is not a member, FORBIDDEN for plain members, BAD_REQUEST for bad roles', async () => {
    const member = await createSignedInUser(stack);
    const outsider = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [{ user: member }], 'Sad paths');
    expect(
      (
        await failure(
          owner.client.member.updateRole.mutate({
            workspaceId: teamId,
            userId: outsider.id,
            role: 'owner',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await failure(
          member.client.member.updateRole.mutate({
            workspaceId: teamId,
            userId: member.id,
            role: 'owner',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const badRole = await failure(
      owner.client.member.updateRole.mutate({
        workspaceId: teamId,
        userId: member.id,
        role: 'admin' as 'owner',
      }),
    );
    expect(badRole.code).toBe('BAD_REQUEST');
    expect(badRole.validation?.[0]?.path).toBe('role');
  });
});

describe('member.remove', () => {
  it('removes a member, who then loses access', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [{ user: member }], 'Removal');
    expect(
      await owner.client.member.remove.mutate({ workspaceId: teamId, userId: member.id }),
    ).toEqual({ ok: true });
    expect((await failure(member.client.workspace.get.query({ workspaceId: teamId }))).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await owner.client.member.list.query({ workspaceId: teamId })).items.map((m) => m.userId),
    ).toEqual([owner.id]);
  });

  it('lets an owner remove another owner but not themselves', async () => {
    const other = await createSignedInUser(stack);
    const teamId = await createTeam(
      stack,
      owner,
      [{ user: other, role: 'owner' }],
      'Owner removal',
    );
    const self = await failure(
      owner.client.member.remove.mutate({ workspaceId: teamId, userId: owner.id }),
    );
    expect(self.code).toBe('BAD_REQUEST');
    expect(self.message).toMatch(/workspace\.leave/);
    await owner.client.member.remove.mutate({ workspaceId: teamId, userId: other.id });
    expect((await owner.client.workspace.get.query({ workspaceId: teamId })).memberCount).toBe(1);
  });

  it('refuses plain members and answers NOT_FOUND for members of other workspaces', async () => {
    const member = await createSignedInUser(stack);
    const elsewhere = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [{ user: member }], 'Remove sad');
    await createTeam(stack, owner, [{ user: elsewhere }], 'Other team');
    expect(
      (await failure(member.client.member.remove.mutate({ workspaceId: teamId, userId: owner.id })))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await failure(
          owner.client.member.remove.mutate({ workspaceId: teamId, userId: elsewhere.id }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (await failure(owner.client.member.remove.mutate({ workspaceId: teamId, userId: 'nope' })))
        .code,
    ).toBe('BAD_REQUEST');
    expect((await owner.client.workspace.get.query({ workspaceId: teamId })).memberCount).toBe(2);
  });
});
