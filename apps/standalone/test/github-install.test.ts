import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeGithubInstall, createGithubInstallUrl } from '@vibemonitor/core';
import { createGithubApp } from '@vibemonitor/integrations';
import type { FakeGithub } from '@vibemonitor/integrations/testing';
import type { TestStack } from './harness.js';
import { callSetup, install, startGithubStack, stateOf, WEB_APP_URL } from './github-helpers.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

/*
 * Installing the GitHub App through the real HTTP server and SDK, against a
 * fake GitHub that checks the app's RS256 JWT with the public half of a key
 * generated for this run: the sealed single-use state, the setup callback and
 * its refusals, status, repositories from the installation, disconnect.
 */

let fake: FakeGithub;
let stack: TestStack;
let owner: TestUser;

beforeAll(async () => {
  ({ fake, stack } = await startGithubStack([
    {
      id: 5001,
      accountLogin: 'acme',
      repositories: Array.from({ length: 45 }, (_, i) => ({
        fullName: `acme/service-${String(i).padStart(2, '0')}`,
        defaultBranch: i === 0 ? 'trunk' : 'main',
      })),
    },
    { id: 5002, accountLogin: 'globex', repositories: [{ fullName: 'globex/api' }] },
    { id: 5003, accountLogin: 'initech', repositories: [] },
  ]));
  owner = await createSignedInUser(stack, { name: 'Owner' });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

describe('GitHub App install', () => {
  it('reports GitHub as configured in system.info and not yet connected', async () => {
    const info = await owner.client.system.info.query();
    expect(info.integrations.github).toBe(true);
    const status = await owner.client.github.status.query({ workspaceId: owner.personalWorkspaceId });
    expect(status).toMatchObject({ configured: true, connected: false, installation: null });
    expect(status.message).toContain('not connected');
  });

  it('links the installation through the setup callback and redirects to the web app', async () => {
    const workspaceId = owner.personalWorkspaceId;
    const { url, expiresAt } = await owner.client.github.installUrl.mutate({ workspaceId });
    // The web root follows GITHUB_API_URL (GitHub Enterprise Server style), here the fake's origin.
    expect(url.startsWith(`${fake.url}/apps/vibemonitor-test/installations/new?state=`)).toBe(true);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const back = await callSetup(
      stack,
      { installation_id: '5001', setup_action: 'install', state: stateOf(url), code: fake.authorizeUser('owner', [5001]) },
      owner.token,
    );
    expect(back.origin).toBe(WEB_APP_URL);
    expect(back.searchParams.get('github')).toBe('connected');
    expect(back.searchParams.get('workspaceId')).toBe(workspaceId);
    const status = await owner.client.github.status.query({ workspaceId });
    expect(status).toMatchObject({
      connected: true,
      message: null,
      installation: { installationId: 5001, accountLogin: 'acme', suspended: false },
    });

    // The same state a second time: refused, and the link stays as it was.
    const replay = await callSetup(
      stack,
      { installation_id: '5001', setup_action: 'install', state: stateOf(url), code: fake.authorizeUser('owner', [5001]) },
      owner.token,
    );
    expect(replay.searchParams.get('github_error')).toBe('bad_request');
    expect(replay.searchParams.get('error_description')).toContain('already used');
  });

  it('refuses a tampered state, a state of another user and an expired one', async () => {
    const user = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const { url } = await user.client.github.installUrl.mutate({ workspaceId });
    const state = stateOf(url);
    const flipped = state.slice(0, -3) + (state.at(-3) === 'A' ? 'B' : 'A') + state.slice(-2);
    const tampered = await callSetup(stack, { installation_id: '5003', state: flipped }, user.token);
    expect(tampered.searchParams.get('github_error')).toBe('bad_request');
    expect(tampered.searchParams.get('error_description')).toContain('not valid');

    const stranger = await createSignedInUser(stack);
    const foreign = await callSetup(stack, { installation_id: '5003', state }, stranger.token);
    expect(foreign.searchParams.get('github_error')).toBe('forbidden');
    const anonymous = await callSetup(stack, { installation_id: '5003', state }, undefined);
    expect(anonymous.searchParams.get('github_error')).toBe('forbidden');

    await expect(
      completeGithubInstall({
        db: stack.runtime.database.db,
        secrets: stack.runtime.secrets,
        github: stack.server.deps.github,
        userId: user.id,
        state,
        installationId: 5003,
        now: new Date(Date.now() + 16 * 60_000),
      }),
    ).rejects.toThrow(/expired/);
    // None of the refusals used the state up: the rightful user can still finish.
    const ok = await callSetup(stack, { installation_id: '5003', state, code: fake.authorizeUser('u', [5003]) }, user.token);
    expect(ok.searchParams.get('github')).toBe('connected');
  });

  it("refuses an installation the user's GitHub account cannot see, or a redirect without the user's code", async () => {
    fake.addInstallation({ id: 5020, accountLogin: 'umbrella', repositories: [] });
    const user = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const start = async () => stateOf((await user.client.github.installUrl.mutate({ workspaceId })).url);
    // The user authorized the app but sees only their own account's installation, not umbrella's.
    const unseen = await callSetup(stack, { installation_id: '5020', state: await start(), code: fake.authorizeUser('mallory', [5003]) }, user.token);
    expect(unseen.searchParams.get('github_error')).toBe('forbidden');
    expect(unseen.searchParams.get('error_description')).toContain('cannot see the installation on umbrella');
    const noCode = await callSetup(stack, { installation_id: '5020', state: await start() }, user.token);
    expect(noCode.searchParams.get('github_error')).toBe('bad_request');
    expect(noCode.searchParams.get('error_description')).toContain('user authorization');
    const code = fake.authorizeUser('mallory', [5020]);
    expect((await callSetup(stack, { installation_id: '5020', state: await start(), code }, user.token)).searchParams.get('github')).toBe('connected');
    // A code works once.
    await user.client.github.disconnect.mutate({ workspaceId });
    fake.addInstallation({ id: 5020, accountLogin: 'umbrella', repositories: [] });
    const reused = await callSetup(stack, { installation_id: '5020', state: await start(), code }, user.token);
    expect(reused.searchParams.get('github_error')).toBe('forbidden');
  });

  it('without an OAuth client, accepts only installations created after the install started', async () => {
    const user = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const github = createGithubApp({ appId: fake.appId, privateKey: fake.privateKey, slug: 'vibemonitor-test', webhookSecret: fake.webhookSecret, apiUrl: fake.url });
    const db = stack.runtime.database.db;
    const secrets = stack.runtime.secrets;
    const { url } = await createGithubInstallUrl({ db, secrets, github, actor: user, workspaceId });
    // 5030 was installed a day ago, by whoever: its id alone must not be enough.
    fake.addInstallation({ id: 5030, accountLogin: 'old-corp', createdAt: new Date(Date.now() - 86_400_000).toISOString(), repositories: [] });
    await expect(
      completeGithubInstall({ db, secrets, github, userId: user.id, state: stateOf(url), installationId: 5030 }),
    ).rejects.toThrow(/existed before this install started/);
    const again = await createGithubInstallUrl({ db, secrets, github, actor: user, workspaceId });
    fake.addInstallation({ id: 5031, accountLogin: 'new-corp', repositories: [] });
    await expect(
      completeGithubInstall({ db, secrets, github, userId: user.id, state: stateOf(again.url), installationId: 5031 }),
    ).resolves.toEqual({ workspaceId, accountLogin: 'new-corp' });
  });

  it('refuses an installation that GitHub does not know', async () => {
    const user = await createSignedInUser(stack);
    const back = await install(stack, fake, user, user.personalWorkspaceId, 999_999);
    expect(back.searchParams.get('github_error')).toBe('not_found');
  });

  it('refuses an installation already linked to another workspace', async () => {
    const other = await createSignedInUser(stack);
    const back = await install(stack, fake, other, other.personalWorkspaceId, 5001);
    expect(back.searchParams.get('github_error')).toBe('conflict');
    expect(back.searchParams.get('error_description')).toContain('acme is already connected to another');
    const status = await other.client.github.status.query({ workspaceId: other.personalWorkspaceId });
    expect(status.connected).toBe(false);
    const mine = await owner.client.github.status.query({ workspaceId: owner.personalWorkspaceId });
    expect(mine.installation?.installationId).toBe(5001);
  });

  it('lets only owners start an install', async () => {
    const member = await createSignedInUser(stack);
    const teamId = await createTeam(stack, owner, [{ user: member }]);
    const refused = await failure(member.client.github.installUrl.mutate({ workspaceId: teamId }));
    expect(refused.code).toBe('FORBIDDEN');
  });
});

describe('environment.availableRepositories with GitHub connected', () => {
  it('lists the installation repositories page by page', async () => {
    const workspaceId = owner.personalWorkspaceId;
    const first = await owner.client.environment.availableRepositories.query({ workspaceId });
    expect(first).toMatchObject({ githubConnected: true, message: null, page: 1, perPage: 30, totalCount: 45, hasMore: true });
    expect(first.repositories).toHaveLength(30);
    expect(first.repositories[0]).toEqual({ fullName: 'acme/service-00', defaultBranch: 'trunk', private: true });
    const second = await owner.client.environment.availableRepositories.query({ workspaceId, page: 2 });
    expect(second).toMatchObject({ page: 2, hasMore: false });
    expect(second.repositories.map((r) => r.fullName).at(-1)).toBe('acme/service-44');
    const bad = await failure(owner.client.environment.availableRepositories.query({ workspaceId, perPage: 500 }));
    expect(bad.code).toBe('BAD_REQUEST');
  });

  it('says so when the installation sees no repository', async () => {
    const user = await createSignedInUser(stack);
    const { url } = await user.client.github.installUrl.mutate({ workspaceId: user.personalWorkspaceId });
    // initech (5003) is taken by the earlier test; globex is free.
    await callSetup(stack, { installation_id: '5002', state: stateOf(url), code: fake.authorizeUser('g', [5002]) }, user.token);
    const listed = await user.client.environment.availableRepositories.query({ workspaceId: user.personalWorkspaceId });
    expect(listed.repositories.map((r) => r.fullName)).toEqual(['globex/api']);
  });
});

describe('github.disconnect', () => {
  it('uninstalls on GitHub and forgets the link; a second call is a no-op', async () => {
    const user = await createSignedInUser(stack);
    fake.addInstallation({ id: 5010, accountLogin: 'hooli', repositories: [] });
    await install(stack, fake, user, user.personalWorkspaceId, 5010);
    const workspaceId = user.personalWorkspaceId;
    expect(await user.client.github.disconnect.mutate({ workspaceId })).toEqual({ disconnected: true, uninstalled: true });
    expect(fake.deleted).toContain(5010);
    expect((await user.client.github.status.query({ workspaceId })).connected).toBe(false);
    expect(await user.client.github.disconnect.mutate({ workspaceId })).toEqual({ disconnected: false, uninstalled: false });
  });
});
