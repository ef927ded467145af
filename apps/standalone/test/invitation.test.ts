import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@vibemonitor/auth';
import { engagementEvents, invitations } from '@vibemonitor/db';
import { startTestStack, type TestStack } from './harness.js';
import {
  createSignedInUser,
  createTeam,
  failure,
  invitationToken,
  uniqueEmail,
  type TestUser,
} from './users.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let stack: TestStack;
let owner: TestUser;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  owner = await createSignedInUser(stack, { name: 'Olivia Owner' });
});
afterAll(async () => {
  await stack?.close();
});

async function invitationRow(id: string) {
  const [row] = await stack.runtime.database.db
    .select()
    .from(invitations)
    .where(eq(invitations.id, id));
  return row!;
}

async function expireInvitation(id: string) {
  await stack.runtime.database.db
    .update(invitations)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(invitations.id, id));
}

describe('invitation.create', () => {
  it('emails a 7-day link and stores only the hash of its token', async () => {
    const teamId = await createTeam(stack, owner, [], 'Invite team');
    const email = uniqueEmail('invitee');
    const before = Date.now();
    const { invitation, resent } = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: `  ${email.toUpperCase()} `,
      role: 'owner',
    });
    expect(resent).toBe(false);
    expect(invitation).toMatchObject({
      workspaceId: teamId,
      email,
      role: 'owner',
      status: 'pending',
    });
    expect(invitation.invitedBy).toEqual({
      userId: owner.id,
      name: 'Olivia Owner',
      email: owner.email,
    });
    expect(invitation.expiresAt.getTime() - before).toBeGreaterThanOrEqual(7 * DAY_MS - 5_000);
    expect(invitation.expiresAt.getTime() - before).toBeLessThanOrEqual(7 * DAY_MS + 5_000);
    expect(JSON.stringify(invitation)).not.toMatch(/token/i);

    const sent = (await stack.outbox()).filter((m) => m.to === email);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      tag: 'invitation',
      subject: 'Olivia Owner invited you to Invite team on VibeMonitor',
    });
    expect(sent[0]!.text).toContain(sent[0]!.link);
    const token = await invitationToken(stack, email);
    expect(token.length).toBeGreaterThanOrEqual(43);
    const row = await invitationRow(invitation.id);
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('refreshes the token, expiry and role when inviting the same address again; the old link stops working', async () => {
    const invitee = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [], 'Re-invite');
    const first = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: invitee.email,
      role: 'owner',
    });
    const oldToken = await invitationToken(stack, invitee.email);
    await expireInvitation(first.invitation.id);
    const second = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: invitee.email,
      role: 'user',
    });
    expect(second.resent).toBe(true);
    expect(second.invitation.id).toBe(first.invitation.id);
    expect(second.invitation.role).toBe('user');
    expect(second.invitation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * DAY_MS);
    const newToken = await invitationToken(stack, invitee.email);
    expect(newToken).not.toBe(oldToken);
    expect((await stack.outbox()).filter((m) => m.to === invitee.email)).toHaveLength(2);

    expect((await failure(invitee.client.invitation.accept.mutate({ token: oldToken }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await invitee.client.invitation.accept.mutate({ token: newToken })).toEqual({
      workspace: { id: teamId, name: 'Re-invite' },
      role: 'user',
    });
  });

  it('answers CONFLICT for an existing member and refuses personal workspaces', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [{ user: member }], 'Conflict');
    const conflict = await failure(
      owner.client.invitation.create.mutate({
        workspaceId: teamId,
        email: member.email,
        role: 'user',
      }),
    );
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toBe(`${member.email} is already a member of this workspace.`);
    const personal = await failure(
      owner.client.invitation.create.mutate({
        workspaceId: owner.personalWorkspaceId,
        email: uniqueEmail(),
        role: 'user',
      }),
    );
    expect(personal.code).toBe('PRECONDITION_FAILED');
    expect(personal.message).toMatch(/Personal workspaces cannot have other members/);
  });

  it('rejects malformed emails and roles, and plain members', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [{ user: member }], 'Invite sad');
    const badEmail = await failure(
      owner.client.invitation.create.mutate({
        workspaceId: teamId,
        email: 'not-an-email',
        role: 'user',
      }),
    );
    expect(badEmail.code).toBe('BAD_REQUEST');
    expect(badEmail.validation?.[0]?.path).toBe('email');
    const badRole = await failure(
      owner.client.invitation.create.mutate({
        workspaceId: teamId,
        email: uniqueEmail(),
        role: 'boss' as 'user',
      }),
    );
    expect(badRole.code).toBe('BAD_REQUEST');
    expect(
      (
        await failure(
          member.client.invitation.create.mutate({
            workspaceId: teamId,
            email: uniqueEmail(),
            role: 'user',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('defaults the role to user', async () => {
    const teamId = await createTeam(stack, owner, [], 'Default role');
    const { invitation } = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: uniqueEmail(),
    });
    expect(invitation.role).toBe('user');
  });
});

describe('invitation.listForWorkspace', () => {
  it('lists open invitations (expired ones flagged), never tokens, paginated; owners only', async () => {
    const member = await createSignedInUser(stack);
    const accepter = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [{ user: member }], 'Listing');
    const emails = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('c')];
    const created = [];
    for (const email of emails) {
      created.push(
        (await owner.client.invitation.create.mutate({ workspaceId: teamId, email, role: 'user' }))
          .invitation,
      );
    }
    await expireInvitation(created[1]!.id);
    const revoked = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: uniqueEmail('revoked'),
    });
    await owner.client.invitation.revoke.mutate({
      workspaceId: teamId,
      invitationId: revoked.invitation.id,
    });
    await owner.client.invitation.create.mutate({ workspaceId: teamId, email: accepter.email });
    await accepter.client.invitation.accept.mutate({
      token: await invitationToken(stack, accepter.email),
    });

    const first = await owner.client.invitation.listForWorkspace.query({
      workspaceId: teamId,
      limit: 2,
    });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await owner.client.invitation.listForWorkspace.query({
      workspaceId: teamId,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.map((i) => [i.email, i.status])).toEqual([
      [emails[0], 'pending'],
      [emails[1], 'expired'],
      [emails[2], 'pending'],
    ]);
    expect(JSON.stringify(all)).not.toMatch(/token/i);
    expect(
      (await failure(member.client.invitation.listForWorkspace.query({ workspaceId: teamId })))
        .code,
    ).toBe('FORBIDDEN');
  });
});

describe('invitation.revoke', () => {
  it('makes the link unusable; revoking twice is fine', async () => {
    const invitee = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [], 'Revoke');
    const { invitation } = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: invitee.email,
    });
    const token = await invitationToken(stack, invitee.email);
    expect(
      await owner.client.invitation.revoke.mutate({
        workspaceId: teamId,
        invitationId: invitation.id,
      }),
    ).toEqual({ ok: true });
    expect(
      await owner.client.invitation.revoke.mutate({
        workspaceId: teamId,
        invitationId: invitation.id,
      }),
    ).toEqual({ ok: true });
    const error = await failure(invitee.client.invitation.accept.mutate({ token }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.details).toEqual({ reason: 'revoked' });
    expect(error.message).toBe('This invitation was revoked by a workspace owner.');
    expect((await invitee.client.invitation.listMine.query()).items).toEqual([]);
  });

  it("answers NOT_FOUND for unknown ids and another workspace's invitation, PRECONDITION_FAILED once accepted", async () => {
    const invitee = await createSignedInUser(stack);
    const teamA = await createTeam(stack, owner, [], 'Revoke A');
    const teamB = await createTeam(stack, owner, [{ user: invitee }], 'Revoke B');
    const inB = await owner.client.invitation.create.mutate({
      workspaceId: teamB,
      email: uniqueEmail(),
    });
    expect(
      (
        await failure(
          owner.client.invitation.revoke.mutate({
            workspaceId: teamA,
            invitationId: inB.invitation.id,
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await failure(
          owner.client.invitation.revoke.mutate({
            workspaceId: teamA,
            invitationId: crypto.randomUUID(),
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await failure(
          owner.client.invitation.revoke.mutate({ workspaceId: teamA, invitationId: 'x' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    const [accepted] = await stack.runtime.database.db
      .select({ id: invitations.id })
      .from(invitations)
      .where(and(eq(invitations.workspaceId, teamB), eq(invitations.email, invitee.email)));
    const error = await failure(
      owner.client.invitation.revoke.mutate({ workspaceId: teamB, invitationId: accepted!.id }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/already accepted/);
  });
});

describe('invitation.listMine', () => {
  it("shows the caller's pending invitations, without expired, revoked or other people's", async () => {
    const invitee = await createSignedInUser(stack);
    const bystander = await createSignedInUser(stack);
    const open = await createTeam(stack, owner, [], 'Open invite');
    const expired = await createTeam(stack, owner, [], 'Expired invite');
    const revoked = await createTeam(stack, owner, [], 'Revoked invite');
    const pending = await owner.client.invitation.create.mutate({
      workspaceId: open,
      email: invitee.email,
      role: 'owner',
    });
    const toExpire = await owner.client.invitation.create.mutate({
      workspaceId: expired,
      email: invitee.email,
    });
    await expireInvitation(toExpire.invitation.id);
    const toRevoke = await owner.client.invitation.create.mutate({
      workspaceId: revoked,
      email: invitee.email,
    });
    await owner.client.invitation.revoke.mutate({
      workspaceId: revoked,
      invitationId: toRevoke.invitation.id,
    });

    const mine = await invitee.client.invitation.listMine.query();
    expect(mine).toEqual({
      emailVerified: true,
      items: [
        {
          id: pending.invitation.id,
          workspace: { id: open, name: 'Open invite' },
          role: 'owner',
          invitedBy: { name: 'Olivia Owner', email: owner.email },
          expiresAt: pending.invitation.expiresAt,
          createdAt: pending.invitation.createdAt,
        },
      ],
    });
    expect(await bystander.client.invitation.listMine.query()).toEqual({
      emailVerified: true,
      items: [],
    });
  });

  it('is empty until the email is verified', async () => {
    const unverified = await createSignedInUser(stack, { verified: false });
    const teamId = await createTeam(stack, owner, [], 'Unverified');
    await owner.client.invitation.create.mutate({ workspaceId: teamId, email: unverified.email });
    expect(await unverified.client.invitation.listMine.query()).toEqual({
      emailVerified: false,
      items: [],
    });
  });

  it('requires a session', async () => {
    expect((await failure(stack.client().invitation.listMine.query())).code).toBe('UNAUTHORIZED');
  });
});

describe('invitation.accept', () => {
  it('joins the workspace with the invited role, once, and counts invitation_accepted', async () => {
    const invitee = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [], 'Accept');
    const { invitation } = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: invitee.email,
      role: 'owner',
    });
    const token = await invitationToken(stack, invitee.email);
    expect(await invitee.client.invitation.accept.mutate({ token })).toEqual({
      workspace: { id: teamId, name: 'Accept' },
      role: 'owner',
    });
    expect((await invitee.client.workspace.get.query({ workspaceId: teamId })).role).toBe('owner');
    expect((await invitationRow(invitation.id)).acceptedAt).toBeInstanceOf(Date);
    const events = await stack.runtime.database.db
      .select({ userId: engagementEvents.userId })
      .from(engagementEvents)
      .where(
        and(
          eq(engagementEvents.kind, 'invitation_accepted'),
          eq(engagementEvents.workspaceId, teamId),
        ),
      );
    expect(events).toEqual([{ userId: invitee.id }]);

    const reused = await failure(invitee.client.invitation.accept.mutate({ token }));
    expect(reused.code).toBe('BAD_REQUEST');
    expect(reused.details).toEqual({ reason: 'accepted' });
    expect(reused.message).toBe('This invitation has already been accepted.');
  });

  it('accepts by id from listMine', async () => {
    const invitee = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [], 'Accept by id');
    await owner.client.invitation.create.mutate({ workspaceId: teamId, email: invitee.email });
    const [mine] = (await invitee.client.invitation.listMine.query()).items;
    expect(await invitee.client.invitation.accept.mutate({ invitationId: mine!.id })).toMatchObject(
      { role: 'user' },
    );
    expect((await invitee.client.invitation.listMine.query()).items).toEqual([]);
  });

  it("refuses someone else's invitation: FORBIDDEN by token, NOT_FOUND by id", async () => {
    const invitee = await createSignedInUser(stack);
    const intruder = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [], 'Not yours');
    const { invitation } = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: invitee.email,
    });
    const token = await invitationToken(stack, invitee.email);
    const byToken = await failure(intruder.client.invitation.accept.mutate({ token }));
    expect(byToken.code).toBe('FORBIDDEN');
    expect(byToken.message).toMatch(/sent to a different email address/);
    expect(
      (await failure(intruder.client.invitation.accept.mutate({ invitationId: invitation.id })))
        .code,
    ).toBe('NOT_FOUND');
    expect((await failure(intruder.client.invitation.decline.mutate({ token }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await failure(intruder.client.workspace.get.query({ workspaceId: teamId }))).code).toBe(
      'FORBIDDEN',
    );
    // The real invitee can still use it.
    await invitee.client.invitation.accept.mutate({ token });
  });

  it('requires the invited email to be verified', async () => {
    const unverified = await createSignedInUser(stack, { verified: false });
    const teamId = await createTeam(stack, owner, [], 'Verify first');
    await owner.client.invitation.create.mutate({ workspaceId: teamId, email: unverified.email });
    const error = await failure(
      unverified.client.invitation.accept.mutate({
        token: await invitationToken(stack, unverified.email),
      }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/Verify your email address/);
    expect(
      (await failure(unverified.client.workspace.get.query({ workspaceId: teamId }))).code,
    ).toBe('FORBIDDEN');
  });

  it('refuses an expired invitation with a clear reason', async () => {
    const invitee = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [], 'Too late');
    const { invitation } = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: invitee.email,
    });
    await expireInvitation(invitation.id);
    const error = await failure(
      invitee.client.invitation.accept.mutate({
        token: await invitationToken(stack, invitee.email),
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.details).toEqual({ reason: 'expired' });
    expect(error.message).toMatch(/expired\. Ask a workspace owner to invite you again/);
  });

  it('answers NOT_FOUND for unknown tokens and ids, BAD_REQUEST for malformed input', async () => {
    const user = await createSignedInUser(stack);
    expect(
      (await failure(user.client.invitation.accept.mutate({ token: 'made-up-token' }))).code,
    ).toBe('NOT_FOUND');
    expect(
      (await failure(user.client.invitation.accept.mutate({ invitationId: crypto.randomUUID() })))
        .code,
    ).toBe('NOT_FOUND');
    for (const input of [
      {},
      { token: 'a', invitationId: crypto.randomUUID() },
      { invitationId: 'nope' },
      { token: '' },
    ]) {
      const error = await failure(user.client.invitation.accept.mutate(input));
      expect(error.code, JSON.stringify(input)).toBe('BAD_REQUEST');
    }
    expect((await failure(stack.client().invitation.accept.mutate({ token: 'x' }))).code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('lets exactly one of two simultaneous accepts use the token', async () => {
    const invitee = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [], 'Accept race');
    await owner.client.invitation.create.mutate({ workspaceId: teamId, email: invitee.email });
    const token = await invitationToken(stack, invitee.email);
    const results = await Promise.allSettled([
      invitee.client.invitation.accept.mutate({ token }),
      invitee.client.invitation.accept.mutate({ token }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((await failure(Promise.reject(rejected.reason))).details).toEqual({
      reason: 'accepted',
    });
  });
});

describe('invitation.decline', () => {
  it('closes the invitation without joining; the owner can invite again', async () => {
    const invitee = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [], 'Decline');
    const { invitation } = await owner.client.invitation.create.mutate({
      workspaceId: teamId,
      email: invitee.email,
    });
    const token = await invitationToken(stack, invitee.email);
    expect(await invitee.client.invitation.decline.mutate({ token })).toEqual({ ok: true });
    expect((await invitationRow(invitation.id)).declinedAt).toBeInstanceOf(Date);
    const again = await failure(invitee.client.invitation.accept.mutate({ token }));
    expect(again.details).toEqual({ reason: 'declined' });
    expect((await failure(invitee.client.workspace.get.query({ workspaceId: teamId }))).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await owner.client.invitation.listForWorkspace.query({ workspaceId: teamId })).items,
    ).toEqual([]);

    await owner.client.invitation.create.mutate({ workspaceId: teamId, email: invitee.email });
    const [mine] = (await invitee.client.invitation.listMine.query()).items;
    expect(await invitee.client.invitation.decline.mutate({ invitationId: mine!.id })).toEqual({
      ok: true,
    });
  });

  it('answers NOT_FOUND for unknown tokens', async () => {
    const user = await createSignedInUser(stack);
    expect((await failure(user.client.invitation.decline.mutate({ token: 'unknown' }))).code).toBe(
      'NOT_FOUND',
    );
  });
});
