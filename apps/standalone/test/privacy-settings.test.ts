import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

/*
 * The workspace setting that decides whether personal data is masked before
 * a model provider reads it: on unless an owner turns it off.
 */
let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let teamId: string;

beforeAll(async () => {
  stack = await startTestStack();
  owner = await createSignedInUser(stack, { name: 'Owner' });
  member = await createSignedInUser(stack, { name: 'Member' });
  teamId = await createTeam(stack, owner, [{ user: member }]);
});
afterAll(async () => {
  await stack?.close();
});

describe('workspace privacy settings', () => {
  it('masks personal data by default', async () => {
    expect(await member.client.workspace.getPrivacy.query({ workspaceId: teamId })).toEqual({
      maskPersonalData: true,
    });
  });

  it('lets an owner turn masking off and on again; every member reads the change', async () => {
    expect(
      await owner.client.workspace.updatePrivacy.mutate({
        workspaceId: teamId,
        maskPersonalData: false,
      }),
    ).toEqual({ maskPersonalData: false });
    expect(await member.client.workspace.getPrivacy.query({ workspaceId: teamId })).toEqual({
      maskPersonalData: false,
    });
    await owner.client.workspace.updatePrivacy.mutate({
      workspaceId: teamId,
      maskPersonalData: true,
    });
    expect(await owner.client.workspace.getPrivacy.query({ workspaceId: teamId })).toEqual({
      maskPersonalData: true,
    });
  });

  it('refuses the change to a member who is not an owner, and a value that is not a boolean', async () => {
    const denied = await failure(
      member.client.workspace.updatePrivacy.mutate({
        workspaceId: teamId,
        maskPersonalData: false,
      }),
    );
    expect(denied.code).toBe('FORBIDDEN');
    const invalid = await failure(
      owner.client.workspace.updatePrivacy.mutate({
        workspaceId: teamId,
        maskPersonalData: 'no' as unknown as boolean,
      }),
    );
    expect(invalid.httpStatus).toBe(400);
    expect(await owner.client.workspace.getPrivacy.query({ workspaceId: teamId })).toEqual({
      maskPersonalData: true,
    });
  });
});
