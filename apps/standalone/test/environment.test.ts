import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environments, repositories, workspaces } from '@vibemonitor/db';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

let stack: TestStack;
let ada: TestUser;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  ada = await createSignedInUser(stack, { name: 'Ada' });
});
afterAll(async () => {
  await stack?.close();
});

/** A fresh team workspace owned by Ada, so each test starts without environments. */
async function freshWorkspace(
  members: Array<{ user: TestUser; role?: 'user' | 'owner' }> = [],
): Promise<string> {
  return createTeam(stack, ada, members, 'Environments');
}

async function defaultsInDb(
  workspaceId: string,
): Promise<{ flagged: string[]; pointer: string | null }> {
  const db = stack.runtime.database.db;
  const flagged = await db
    .select({ id: environments.id })
    .from(environments)
    .where(and(eq(environments.workspaceId, workspaceId), eq(environments.isDefault, true)));
  const [workspace] = await db
    .select({ pointer: workspaces.defaultEnvironmentId })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return { flagged: flagged.map((row) => row.id), pointer: workspace?.pointer ?? null };
}

describe('environment.create and environment.list', () => {
  it('makes the first environment the default and lists the default first, then by name', async () => {
    const workspaceId = await freshWorkspace();
    expect(await ada.client.environment.list.query({ workspaceId })).toEqual([]);
    const production = await ada.client.environment.create.mutate({
      workspaceId,
      name: '  production ',
    });
    expect(production).toEqual({
      id: expect.any(String),
      name: 'production',
      isDefault: true,
      repositories: [],
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    const staging = await ada.client.environment.create.mutate({ workspaceId, name: 'staging' });
    expect(staging.isDefault).toBe(false);
    await ada.client.environment.create.mutate({ workspaceId, name: 'Alpha' });
    const list = await ada.client.environment.list.query({ workspaceId });
    expect(list.map((e) => [e.name, e.isDefault])).toEqual([
      ['production', true],
      ['Alpha', false],
      ['staging', false],
    ]);
    expect(await defaultsInDb(workspaceId)).toEqual({
      flagged: [production.id],
      pointer: production.id,
    });
  });

  it('switches the default when created with makeDefault', async () => {
    const workspaceId = await freshWorkspace();
    const first = await ada.client.environment.create.mutate({ workspaceId, name: 'production' });
    const second = await ada.client.environment.create.mutate({
      workspaceId,
      name: 'canary',
      makeDefault: true,
    });
    expect(second.isDefault).toBe(true);
    expect(await defaultsInDb(workspaceId)).toEqual({ flagged: [second.id], pointer: second.id });
    const list = await ada.client.environment.list.query({ workspaceId });
    expect(list.find((e) => e.id === first.id)?.isDefault).toBe(false);
  });

  it('refuses a duplicate name, ignoring case (CONFLICT)', async () => {
    const workspaceId = await freshWorkspace();
    await ada.client.environment.create.mutate({ workspaceId, name: 'Production' });
    const error = await failure(
      ada.client.environment.create.mutate({ workspaceId, name: 'production' }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      'An environment named "Production" already exists in this workspace.',
    );
    expect(await ada.client.environment.list.query({ workspaceId })).toHaveLength(1);
  });

  it('allows the same name in another workspace', async () => {
    const one = await freshWorkspace();
    const two = await freshWorkspace();
    await ada.client.environment.create.mutate({ workspaceId: one, name: 'production' });
    await expect(
      ada.client.environment.create.mutate({ workspaceId: two, name: 'production' }),
    ).resolves.toMatchObject({
      isDefault: true,
    });
  });

  it('validates names', async () => {
    const workspaceId = await freshWorkspace();
    const empty = await failure(ada.client.environment.create.mutate({ workspaceId, name: '  ' }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.validation).toEqual([{ path: 'name', message: 'Enter an environment name.' }]);
    const long = await failure(
      ada.client.environment.create.mutate({ workspaceId, name: 'x'.repeat(65) }),
    );
    expect(long.validation?.[0]?.message).toBe('Environment names are at most 64 characters.');
    const control = await failure(
      ada.client.environment.create.mutate({ workspaceId, name: 'prod\u0007' }),
    );
    expect(control.validation?.[0]?.message).toBe(
      'Environment names cannot contain control characters.',
    );
  });

  it('gives exactly one default when two first environments are created at once', async () => {
    const workspaceId = await freshWorkspace();
    const created = await Promise.all([
      ada.client.environment.create.mutate({ workspaceId, name: 'one' }),
      ada.client.environment.create.mutate({ workspaceId, name: 'two' }),
    ]);
    expect(created.filter((e) => e.isDefault)).toHaveLength(1);
    const { flagged, pointer } = await defaultsInDb(workspaceId);
    expect(flagged).toHaveLength(1);
    expect(pointer).toBe(flagged[0]);
  });

  it('lets plain members list but not create', async () => {
    const member = await createSignedInUser(stack);
    const workspaceId = await freshWorkspace([{ user: member }]);
    await ada.client.environment.create.mutate({ workspaceId, name: 'production' });
    expect(
      (await member.client.environment.list.query({ workspaceId })).map((e) => e.name),
    ).toEqual(['production']);
    const error = await failure(
      member.client.environment.create.mutate({ workspaceId, name: 'sneaky' }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('Only workspace owners can do this.');
  });
});

describe('environment.update', () => {
  it('renames an environment and refuses a name another one has', async () => {
    const workspaceId = await freshWorkspace();
    const prod = await ada.client.environment.create.mutate({ workspaceId, name: 'prod' });
    await ada.client.environment.create.mutate({ workspaceId, name: 'staging' });
    const renamed = await ada.client.environment.update.mutate({
      workspaceId,
      environmentId: prod.id,
      name: 'production',
    });
    expect(renamed).toMatchObject({ id: prod.id, name: 'production', isDefault: true });
    // Changing only the case of its own name is allowed.
    await expect(
      ada.client.environment.update.mutate({
        workspaceId,
        environmentId: prod.id,
        name: 'Production',
      }),
    ).resolves.toMatchObject({ name: 'Production' });
    const clash = await failure(
      ada.client.environment.update.mutate({
        workspaceId,
        environmentId: prod.id,
        name: 'STAGING',
      }),
    );
    expect(clash.code).toBe('CONFLICT');
  });

  it("answers NOT_FOUND for another workspace's environment, leaving it unchanged", async () => {
    const mine = await freshWorkspace();
    const grace = await createSignedInUser(stack);
    const theirs = await grace.client.environment.create.mutate({
      workspaceId: grace.personalWorkspaceId,
      name: 'production',
    });
    const error = await failure(
      ada.client.environment.update.mutate({
        workspaceId: mine,
        environmentId: theirs.id,
        name: 'pwned',
      }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(
      (await grace.client.environment.list.query({ workspaceId: grace.personalWorkspaceId }))[0]
        ?.name,
    ).toBe('production');
  });
});

describe('environment.setDefault', () => {
  it('moves the default, keeping exactly one, and mirrors it on the workspace', async () => {
    const workspaceId = await freshWorkspace();
    const prod = await ada.client.environment.create.mutate({ workspaceId, name: 'production' });
    const staging = await ada.client.environment.create.mutate({ workspaceId, name: 'staging' });
    const switched = await ada.client.environment.setDefault.mutate({
      workspaceId,
      environmentId: staging.id,
    });
    expect(switched).toMatchObject({ id: staging.id, isDefault: true });
    expect(await defaultsInDb(workspaceId)).toEqual({ flagged: [staging.id], pointer: staging.id });
    // Setting the current default again is a no-op, not an error.
    await ada.client.environment.setDefault.mutate({ workspaceId, environmentId: staging.id });
    await ada.client.environment.setDefault.mutate({ workspaceId, environmentId: prod.id });
    expect(await defaultsInDb(workspaceId)).toEqual({ flagged: [prod.id], pointer: prod.id });
  });

  it('ends with one default when owners switch at the same moment', async () => {
    const workspaceId = await freshWorkspace();
    const envs = [];
    for (const name of ['a', 'b', 'c', 'd'])
      envs.push(await ada.client.environment.create.mutate({ workspaceId, name }));
    await Promise.all(
      envs.map((env) =>
        ada.client.environment.setDefault.mutate({ workspaceId, environmentId: env.id }),
      ),
    );
    const { flagged, pointer } = await defaultsInDb(workspaceId);
    expect(flagged).toHaveLength(1);
    expect(pointer).toBe(flagged[0]);
  });

  it('refuses unknown environments and malformed ids', async () => {
    const workspaceId = await freshWorkspace();
    const unknown = await failure(
      ada.client.environment.setDefault.mutate({ workspaceId, environmentId: crypto.randomUUID() }),
    );
    expect(unknown.code).toBe('NOT_FOUND');
    const malformed = await failure(
      ada.client.environment.setDefault.mutate({ workspaceId, environmentId: 'prod' }),
    );
    expect(malformed.code).toBe('BAD_REQUEST');
    expect(malformed.validation).toEqual([
      { path: 'environmentId', message: 'environmentId must be a UUID' },
    ]);
  });
});

describe('environment.delete', () => {
  it('promotes the oldest remaining environment when the default goes, and clears it with the last one', async () => {
    const workspaceId = await freshWorkspace();
    const prod = await ada.client.environment.create.mutate({ workspaceId, name: 'production' });
    const staging = await ada.client.environment.create.mutate({ workspaceId, name: 'staging' });
    const dev = await ada.client.environment.create.mutate({ workspaceId, name: 'dev' });
    await ada.client.environment.addRepository.mutate({
      workspaceId,
      environmentId: prod.id,
      fullName: 'acme/api',
    });

    expect(
      await ada.client.environment.delete.mutate({ workspaceId, environmentId: dev.id }),
    ).toEqual({
      ok: true,
      defaultEnvironmentId: prod.id,
    });
    expect(
      await ada.client.environment.delete.mutate({ workspaceId, environmentId: prod.id }),
    ).toEqual({
      ok: true,
      defaultEnvironmentId: staging.id,
    });
    expect(await defaultsInDb(workspaceId)).toEqual({ flagged: [staging.id], pointer: staging.id });
    const orphans = await stack.runtime.database.db
      .select()
      .from(repositories)
      .where(eq(repositories.environmentId, prod.id));
    expect(orphans).toEqual([]);

    expect(
      await ada.client.environment.delete.mutate({ workspaceId, environmentId: staging.id }),
    ).toEqual({
      ok: true,
      defaultEnvironmentId: null,
    });
    expect(await defaultsInDb(workspaceId)).toEqual({ flagged: [], pointer: null });
    const again = await failure(
      ada.client.environment.delete.mutate({ workspaceId, environmentId: staging.id }),
    );
    expect(again.code).toBe('NOT_FOUND');
  });
});

describe('environment.addRepository and environment.removeRepository', () => {
  it('attaches repositories with a branch (main by default) and changes the branch when added again', async () => {
    const workspaceId = await freshWorkspace();
    const prod = await ada.client.environment.create.mutate({ workspaceId, name: 'production' });
    const withApi = await ada.client.environment.addRepository.mutate({
      workspaceId,
      environmentId: prod.id,
      fullName: ' acme/api ',
    });
    expect(withApi.repositories).toEqual([
      { id: expect.any(String), fullName: 'acme/api', branch: 'main' },
    ]);
    await ada.client.environment.addRepository.mutate({
      workspaceId,
      environmentId: prod.id,
      fullName: 'acme/web.app',
      branch: 'release/2024-06',
    });
    const moved = await ada.client.environment.addRepository.mutate({
      workspaceId,
      environmentId: prod.id,
      fullName: 'ACME/API',
      branch: 'stable',
    });
    expect(moved.repositories.map((r) => [r.fullName, r.branch])).toEqual([
      ['ACME/API', 'stable'],
      ['acme/web.app', 'release/2024-06'],
    ]);
    expect(moved.repositories[0]?.id).toBe(withApi.repositories[0]?.id);
    const listed = await ada.client.environment.list.query({ workspaceId });
    expect(listed[0]?.repositories).toHaveLength(2);

    const removed = await ada.client.environment.removeRepository.mutate({
      workspaceId,
      environmentId: prod.id,
      fullName: 'acme/api',
    });
    expect(removed.repositories.map((r) => r.fullName)).toEqual(['acme/web.app']);
    const missing = await failure(
      ada.client.environment.removeRepository.mutate({
        workspaceId,
        environmentId: prod.id,
        fullName: 'acme/api',
      }),
    );
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('acme/api is not attached to this environment.');
  });

  it('validates owner/name and the branch', async () => {
    const workspaceId = await freshWorkspace();
    const prod = await ada.client.environment.create.mutate({ workspaceId, name: 'production' });
    for (const fullName of [
      'acme',
      'https://github.com/acme/api',
      'acme/api/extra',
      '-acme/api',
      'acme/..',
    ]) {
      const error = await failure(
        ada.client.environment.addRepository.mutate({
          workspaceId,
          environmentId: prod.id,
          fullName,
        }),
      );
      expect(error.code, fullName).toBe('BAD_REQUEST');
      expect(error.validation, fullName).toEqual([
        {
          path: 'fullName',
          message: 'Enter the repository as owner/name, e.g. acme/checkout-api.',
        },
      ]);
    }
    for (const branch of ['feature x', '../main', 'main.lock', 'a..b']) {
      const error = await failure(
        ada.client.environment.addRepository.mutate({
          workspaceId,
          environmentId: prod.id,
          fullName: 'acme/api',
          branch,
        }),
      );
      expect(error.validation?.[0]?.path, branch).toBe('branch');
    }
    expect((await ada.client.environment.list.query({ workspaceId }))[0]?.repositories).toEqual([]);
  });

  it('caps an environment at 50 repositories', async () => {
    const workspaceId = await freshWorkspace();
    const prod = await ada.client.environment.create.mutate({ workspaceId, name: 'production' });
    await stack.runtime.database.db
      .insert(repositories)
      .values(
        Array.from({ length: 50 }, (_, i) => ({
          workspaceId,
          environmentId: prod.id,
          fullName: `acme/repo-${i}`,
        })),
      );
    const error = await failure(
      ada.client.environment.addRepository.mutate({
        workspaceId,
        environmentId: prod.id,
        fullName: 'acme/one-more',
      }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/at most 50 repositories/);
    // Changing the branch of an attached repository still works at the cap.
    await expect(
      ada.client.environment.addRepository.mutate({
        workspaceId,
        environmentId: prod.id,
        fullName: 'acme/repo-7',
        branch: 'dev',
      }),
    ).resolves.toMatchObject({ id: prod.id });
  });

  it("refuses another workspace's environment", async () => {
    const mine = await freshWorkspace();
    const grace = await createSignedInUser(stack);
    const theirs = await grace.client.environment.create.mutate({
      workspaceId: grace.personalWorkspaceId,
      name: 'production',
    });
    const error = await failure(
      ada.client.environment.addRepository.mutate({
        workspaceId: mine,
        environmentId: theirs.id,
        fullName: 'acme/api',
      }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(
      (await grace.client.environment.list.query({ workspaceId: grace.personalWorkspaceId }))[0]
        ?.repositories,
    ).toEqual([]);
  });
});

describe('environment.availableRepositories', () => {
  it('says plainly that GitHub is not configured on this server', async () => {
    const member = await createSignedInUser(stack);
    const workspaceId = await freshWorkspace([{ user: member }]);
    const available = await member.client.environment.availableRepositories.query({ workspaceId });
    expect(available).toEqual({
      repositories: [],
      githubConnected: false,
      message: expect.stringContaining('GitHub is not configured on this server'),
      page: 1,
      perPage: 30,
      totalCount: 0,
      hasMore: false,
    });
  });
});
