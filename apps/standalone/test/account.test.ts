import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '@vibemonitor/auth';
import {
  chatSessions,
  oauthAccounts,
  securityEvents,
  services,
  sessions,
  users,
  workspaces,
} from '@vibemonitor/db';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure } from './users.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
});
afterAll(async () => {
  await stack?.close();
});

/**
 * A user in every situation account deletion distinguishes: a personal
 * workspace (with a service and a chat), a team they are alone in, a team
 * where they are a plain member, a team with a co-owner, and a team they
 * alone own while others are members.
 */
async function userWithEverything() {
  const user = await createSignedInUser(stack, { name: 'Dana Delete' });
  const teammate = await createSignedInUser(stack, { name: 'Tess Teammate' });
  const soloTeam = await createTeam(stack, user, [], 'Solo team');
  const memberOf = await createTeam(stack, teammate, [{ user }], 'Member of');
  const coOwned = await createTeam(stack, user, [{ user: teammate, role: 'owner' }], 'Co-owned');
  const blocking = await createTeam(stack, user, [{ user: teammate }], 'Blocking');
  const db = stack.runtime.database.db;
  await db.insert(services).values([
    { workspaceId: user.personalWorkspaceId, name: 'api' },
    { workspaceId: soloTeam, name: 'web' },
    { workspaceId: memberOf, name: 'stays' },
  ]);
  await db.insert(chatSessions).values([
    { workspaceId: user.personalWorkspaceId, userId: user.id, title: 'goes' },
    { workspaceId: memberOf, userId: user.id, title: 'stays, unattributed' },
  ]);
  await db
    .insert(oauthAccounts)
    .values({ userId: user.id, provider: 'github', providerUserId: `gh-${user.id}` });
  await createSession({ db, userId: user.id });
  return { user, teammate, soloTeam, memberOf, coOwned, blocking };
}

describe('account.get', () => {
  it('returns the account and how it signs in, never a password hash', async () => {
    const user = await createSignedInUser(stack, { name: 'Gina Get' });
    await stack.runtime.database.db
      .insert(oauthAccounts)
      .values({ userId: user.id, provider: 'google', providerUserId: `g-${user.id}` });
    const account = await user.client.account.get.query();
    expect(account).toEqual({
      id: user.id,
      email: user.email,
      emailVerified: true,
      emailVerifiedAt: expect.any(Date),
      name: 'Gina Get',
      avatarUrl: null,
      hasPassword: false,
      oauthProviders: ['google'],
      lastLoginAt: null,
      createdAt: expect.any(Date),
    });
    expect(JSON.stringify(account)).not.toMatch(/hash/i);
  });

  it('requires a session', async () => {
    expect((await failure(stack.client().account.get.query())).code).toBe('UNAUTHORIZED');
    expect((await failure(stack.client('aaaa.bbbb').account.get.query())).code).toBe(
      'UNAUTHORIZED',
    );
  });
});

describe('account.update', () => {
  it('changes the name and avatar; omitted fields stay, null clears the avatar', async () => {
    const user = await createSignedInUser(stack, { name: 'Before' });
    const updated = await user.client.account.update.mutate({
      name: '  After  ',
      avatarUrl: 'https://cdn.example.com/a.png',
    });
    expect(updated).toMatchObject({ name: 'After', avatarUrl: 'https://cdn.example.com/a.png' });
    expect(await user.client.account.update.mutate({})).toMatchObject({
      name: 'After',
      avatarUrl: 'https://cdn.example.com/a.png',
    });
    expect(await user.client.account.update.mutate({ avatarUrl: null })).toMatchObject({
      name: 'After',
      avatarUrl: null,
    });
  });

  it('rejects empty names and non-http avatar URLs', async () => {
    const user = await createSignedInUser(stack);
    const name = await failure(user.client.account.update.mutate({ name: '  ' }));
    expect(name.code).toBe('BAD_REQUEST');
    expect(name.validation?.[0]?.path).toBe('name');
    for (const avatarUrl of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'not a url']) {
      const error = await failure(user.client.account.update.mutate({ avatarUrl }));
      expect(error.code, avatarUrl).toBe('BAD_REQUEST');
      expect(error.validation?.[0]?.path).toBe('avatarUrl');
    }
    expect((await user.client.account.get.query()).avatarUrl).toBeNull();
  });
});

describe('account.deletionPreview', () => {
  it('sorts workspaces into deleted, left and blocking, names the blockers and counts what goes', async () => {
    const { user, teammate, soloTeam, memberOf, coOwned, blocking } = await userWithEverything();
    const preview = await user.client.account.deletionPreview.query();
    expect(preview.canDelete).toBe(false);
    expect(preview.workspacesToDelete.map((w) => [w.id, w.type])).toEqual([
      [user.personalWorkspaceId, 'personal'],
      [soloTeam, 'team'],
    ]);
    expect(preview.workspacesToLeave.map((w) => [w.id, w.role]).sort()).toEqual(
      [
        [coOwned, 'owner'],
        [memberOf, 'user'],
      ].sort(),
    );
    expect(preview.blockingWorkspaces).toEqual([
      {
        id: blocking,
        name: 'Blocking',
        type: 'team',
        role: 'owner',
        otherMembers: [
          { userId: teammate.id, email: teammate.email, name: 'Tess Teammate', role: 'user' },
        ],
        otherMemberCount: 1,
      },
    ]);
    expect(preview.counts).toEqual({
      sessions: 2,
      memberships: 5,
      oauthAccounts: 1,
      workspaces: 2,
      chatSessions: 1,
      services: 2,
      integrations: 0,
    });
  });

  it('says a brand-new account can be deleted with just its personal workspace', async () => {
    const user = await createSignedInUser(stack);
    const preview = await user.client.account.deletionPreview.query();
    expect(preview).toMatchObject({
      canDelete: true,
      workspacesToDelete: [{ id: user.personalWorkspaceId, type: 'personal', role: 'owner' }],
      workspacesToLeave: [],
      blockingWorkspaces: [],
    });
  });
});

describe('account.delete', () => {
  it('requires the account email as confirmation', async () => {
    const user = await createSignedInUser(stack);
    for (const confirm of ['DELETE', 'someone@example.com']) {
      const error = await failure(user.client.account.delete.mutate({ confirm }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe(
        `To confirm deleting your account, set confirm to your account's email address (${user.email}).`,
      );
    }
    expect((await failure(user.client.account.delete.mutate({ confirm: '' }))).code).toBe(
      'BAD_REQUEST',
    );
    expect((await user.client.account.get.query()).id).toBe(user.id);
  });

  it('refuses while the user alone owns a team with members, naming the team and its members', async () => {
    const { user } = await userWithEverything();
    const error = await failure(user.client.account.delete.mutate({ confirm: user.email }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe(
      'You are the only owner of "Blocking" (members: Tess Teammate). Make another member an owner, or delete those workspaces, before deleting your account.',
    );
    expect(error.details).toMatchObject({
      blockingWorkspaces: [{ name: 'Blocking', otherMemberCount: 1 }],
    });
    expect((await user.client.account.get.query()).id).toBe(user.id);
    expect((await user.client.workspace.list.query()).length).toBe(5);
  });

  it('deletes the user and their data in one go once nothing blocks it', async () => {
    const { user, teammate, soloTeam, memberOf, coOwned, blocking } = await userWithEverything();
    await user.client.member.updateRole.mutate({
      workspaceId: blocking,
      userId: teammate.id,
      role: 'owner',
    });

    // Raw HTTP so the response's Set-Cookie is visible.
    const response = await fetch(`${stack.url}/trpc/account.delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ json: { confirm: user.email.toUpperCase() } }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      result: { data: { json: { ok: boolean; deletedWorkspaceIds: string[] } } };
    };
    expect(body.result.data.json.ok).toBe(true);
    expect(body.result.data.json.deletedWorkspaceIds.sort()).toEqual(
      [user.personalWorkspaceId, soloTeam].sort(),
    );
    expect(
      response.headers
        .getSetCookie()
        .some((c) => c.startsWith('vm_session=;') && c.includes('Max-Age=0')),
    ).toBe(true);

    const db = stack.runtime.database.db;
    expect(await db.select().from(users).where(eq(users.id, user.id))).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await db.select().from(oauthAccounts).where(eq(oauthAccounts.userId, user.id))).toEqual(
      [],
    );
    const remaining = await db
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(
        inArray(workspaces.id, [user.personalWorkspaceId, soloTeam, memberOf, coOwned, blocking]),
      );
    expect(remaining.map((w) => w.id).sort()).toEqual([memberOf, coOwned, blocking].sort());
    const chats = await db
      .select({ title: chatSessions.title, userId: chatSessions.userId })
      .from(chatSessions)
      .where(eq(chatSessions.workspaceId, memberOf));
    expect(chats).toEqual([{ title: 'stays, unattributed', userId: null }]);
    const [audit] = await db
      .select()
      .from(securityEvents)
      .where(eq(securityEvents.kind, 'account_deleted'));
    expect(audit?.detail).toMatchObject({ userId: user.id });
    expect(JSON.stringify(audit)).not.toContain(user.email);

    expect((await failure(user.client.account.get.query())).code).toBe('UNAUTHORIZED');
    const members = await teammate.client.member.list.query({ workspaceId: blocking });
    expect(members.items.map((m) => m.userId)).toEqual([teammate.id]);
  });
});
