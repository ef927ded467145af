import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listGithubChanges } from '@vibemonitor/core';
import { githubChangeEvents, githubWebhookDeliveries } from '@vibemonitor/db';
import type { FakeGithub } from '@vibemonitor/integrations/testing';
import type { TestStack } from './harness.js';
import { deliver, install, processed, startGithubStack } from './github-helpers.js';
import { createSignedInUser, type TestUser } from './users.js';

/*
 * Webhook deliveries signed with the real HMAC (X-Hub-Signature-256), posted
 * to the real server: verified on the raw body, stored once per delivery id,
 * processed on the queue (in process or BullMQ), and turned into change
 * events for the workspace the installation is linked to.
 */

let fake: FakeGithub;
let stack: TestStack;
let owner: TestUser;
let other: TestUser;
const INSTALLATION = 6001;
const repository = { full_name: 'acme/orders', name: 'orders', default_branch: 'main' };
const installation = { id: INSTALLATION };

beforeAll(async () => {
  ({ fake, stack } = await startGithubStack([
    { id: INSTALLATION, accountLogin: 'acme', repositories: [{ fullName: 'acme/orders' }] },
    { id: 6002, accountLogin: 'globex', repositories: [{ fullName: 'globex/orders' }] },
  ]));
  owner = await createSignedInUser(stack);
  other = await createSignedInUser(stack);
  await install(stack, fake, owner, owner.personalWorkspaceId, INSTALLATION);
  await install(stack, fake, other, other.personalWorkspaceId, 6002);
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

const db = () => stack.runtime.database.db;
const changeOf = async (deliveryId: string) =>
  (await db().select().from(githubChangeEvents).where(eq(githubChangeEvents.deliveryId, deliveryId)))[0];

describe('POST /api/v1/webhooks/github', () => {
  it('refuses a bad signature with 401 and stores nothing', async () => {
    const payload = { action: 'created', installation, repository, deployment: { sha: 'f'.repeat(40) } };
    const forged = await deliver(stack, fake, 'deployment', payload, {
      signature: `sha256=${'0'.repeat(64)}`,
    });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const missing = await fetch(new URL('/api/v1/webhooks/github', stack.url), {
      method: 'POST',
      headers: { 'x-github-event': 'ping', 'x-github-delivery': 'abc-1' },
      body: '{}',
    });
    expect(missing.status).toBe(401);
    const [stored] = await db()
      .select({ n: count() })
      .from(githubWebhookDeliveries)
      .where(eq(githubWebhookDeliveries.deliveryId, forged.id));
    expect(stored?.n).toBe(0);
  });

  it('turns a push to the default branch into a change, and ignores other branches', async () => {
    const head = {
      id: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      message: 'Merge pull request #41 from acme/fix-rounding\n\nFix rounding',
      timestamp: '2026-12-07T10:00:00Z',
      author: { name: 'Bob', username: 'bob' },
      url: 'https://github.com/acme/orders/commit/a1b2c3d',
    };
    const main = await deliver(stack, fake, 'push', { ref: 'refs/heads/main', installation, repository, head_commit: head, pusher: { name: 'bob' } });
    expect(main.status).toBe(202);
    expect(main.body).toMatchObject({ ok: true, duplicate: false });
    expect(await processed(stack, main.id)).toBe('stored push change for acme/orders');
    expect(await changeOf(main.id)).toMatchObject({
      workspaceId: owner.personalWorkspaceId,
      kind: 'push',
      sha: head.id,
      author: 'bob',
      prNumber: 41,
      title: 'Merge pull request #41 from acme/fix-rounding',
    });
    const feature = await deliver(stack, fake, 'push', { ref: 'refs/heads/feature', installation, repository, head_commit: head });
    expect(await processed(stack, feature.id)).toContain('ignored: push to refs/heads/feature');
    expect(await changeOf(feature.id)).toBeUndefined();
  });

  it('stores deployments, final deployment statuses, published releases and merged pull requests', async () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const deployment = {
      id: 1,
      sha,
      ref: 'v2.14.0',
      environment: 'production',
      description: null,
      creator: { login: 'alice' },
      created_at: '2026-12-07T10:10:00Z',
    };
    const created = await deliver(stack, fake, 'deployment', { action: 'created', installation, repository, deployment });
    const pending = await deliver(stack, fake, 'deployment_status', { action: 'created', installation, repository, deployment, deployment_status: { state: 'in_progress', created_at: '2026-12-07T10:11:00Z' } });
    const success = await deliver(stack, fake, 'deployment_status', { action: 'created', installation, repository, deployment, deployment_status: { state: 'success', environment: 'production', created_at: '2026-12-07T10:12:00Z', target_url: 'https://ci.example/1' } });
    const release = await deliver(stack, fake, 'release', { action: 'published', installation, repository, release: { tag_name: 'v2.14.0', name: 'Pricing refactor', author: { login: 'alice' }, published_at: '2026-12-07T10:05:00Z' } });
    const draft = await deliver(stack, fake, 'release', { action: 'created', installation, repository, release: { tag_name: 'v2.15.0' } });
    const merged = await deliver(stack, fake, 'pull_request', { action: 'closed', installation, repository, number: 42, pull_request: { number: 42, title: 'switch payment client timeout', merged: true, merged_at: '2026-12-07T10:02:00Z', merge_commit_sha: sha, user: { login: 'alice' }, base: { ref: 'main' } } });
    const closed = await deliver(stack, fake, 'pull_request', { action: 'closed', installation, repository, number: 43, pull_request: { number: 43, title: 'abandoned', merged: false } });

    for (const d of [created, pending, success, release, draft, merged, closed]) expect(d.status).toBe(202);
    expect(await processed(stack, created.id)).toBe('stored deployment change for acme/orders');
    expect(await processed(stack, pending.id)).toContain('ignored: deployment status in_progress');
    expect(await processed(stack, success.id)).toBe('stored deployment_status change for acme/orders');
    expect(await processed(stack, release.id)).toBe('stored release change for acme/orders');
    expect(await processed(stack, draft.id)).toContain('ignored: release created');
    expect(await processed(stack, merged.id)).toBe('stored pull_request change for acme/orders');
    expect(await processed(stack, closed.id)).toContain('ignored: pull request closed (not a merge)');
    expect(await changeOf(success.id)).toMatchObject({ kind: 'deployment_status', state: 'success', environment: 'production', sha, author: 'alice', version: 'v2.14.0' });
    expect(await changeOf(merged.id)).toMatchObject({ kind: 'pull_request', prNumber: 42, sha });

    // What the recent-changes check reads: the deploy, citing its PR; the PR itself folded into it.
    const records = await listGithubChanges({
      db: db(),
      workspaceId: owner.personalWorkspaceId,
      environmentId: null,
      start: new Date('2026-12-07T09:00:00Z'),
      end: new Date('2026-12-07T11:00:00Z'),
    });
    const deploys = records.filter((r) => r.title.includes('0123456'));
    expect(deploys).toEqual([
      {
        at: new Date('2026-12-07T10:12:00Z'),
        service: 'orders',
        kind: 'deploy',
        version: 'v2.14.0',
        title: "0123456 by alice (PR #42: 'switch payment client timeout') of acme/orders to production (GitHub deployment)",
      },
    ]);
    expect(records.map((r) => r.title)).toContainEqual(expect.stringContaining('release v2.14.0 of acme/orders by alice'));
    // Another workspace sees none of it.
    expect(
      await listGithubChanges({ db: db(), workspaceId: other.personalWorkspaceId, environmentId: null, start: new Date(0), end: new Date() }),
    ).toEqual([]);
  });

  it("leaves out deployments to the workspace's other environments", async () => {
    const workspaceId = owner.personalWorkspaceId;
    const production = await owner.client.environment.create.mutate({ workspaceId, name: 'Production' });
    const staging = await owner.client.environment.create.mutate({ workspaceId, name: 'staging' });
    const deployment = { sha: '5'.repeat(40), ref: 'v2.15.0-rc1', environment: 'stg', creator: { login: 'erin' } };
    const toStaging = await deliver(stack, fake, 'deployment_status', { action: 'created', installation, repository, deployment, deployment_status: { state: 'success', created_at: '2026-12-07T10:20:00Z' } });
    await processed(stack, toStaging.id);
    const titles = async (environmentId: string) =>
      (await listGithubChanges({ db: db(), workspaceId, environmentId, start: new Date('2026-12-07T09:00:00Z'), end: new Date('2026-12-07T11:00:00Z') }))
        .filter((r) => r.kind === 'deploy' && r.title.includes('GitHub deployment'))
        .map((r) => r.title.slice(0, 7));
    expect(await titles(production.id)).toEqual(['0123456']);
    expect(await titles(staging.id)).toEqual(['5555555']);
  });

  it('acknowledges a duplicate delivery without storing it twice', async () => {
    const payload = { action: 'published', installation, repository, release: { tag_name: 'v3.0.0', name: 'Three', published_at: '2026-12-07T11:00:00Z' } };
    const first = await deliver(stack, fake, 'release', payload);
    await processed(stack, first.id);
    const again = await deliver(stack, fake, 'release', payload, { id: first.id });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ duplicate: true });
    const [rows] = await db().select({ n: count() }).from(githubChangeEvents).where(eq(githubChangeEvents.deliveryId, first.id));
    expect(rows?.n).toBe(1);
  });

  it('acknowledges unknown events and repository changes without storing changes', async () => {
    const star = await deliver(stack, fake, 'star', { action: 'created', installation, repository });
    expect(star.status).toBe(202);
    expect(await processed(stack, star.id)).toBe('ignored: event star is not a change');
    const repos = await deliver(stack, fake, 'installation_repositories', {
      action: 'added',
      installation,
      repositories_added: [{ full_name: 'acme/payments' }],
      repositories_removed: [],
    });
    expect(await processed(stack, repos.id)).toBe('repositories added: acme/payments; removed: none');
  });

  it('prunes processed deliveries after two weeks, keeping their change events', async () => {
    const old = await deliver(stack, fake, 'release', { action: 'published', installation, repository, release: { tag_name: 'v0.9', published_at: '2026-11-01T00:00:00Z' } });
    await processed(stack, old.id);
    await db()
      .update(githubWebhookDeliveries)
      .set({ receivedAt: new Date(Date.now() - 15 * 24 * 60 * 60_000) })
      .where(eq(githubWebhookDeliveries.deliveryId, old.id));
    const fresh = await deliver(stack, fake, 'star', { action: 'created', installation, repository });
    await processed(stack, fresh.id);
    const left = await db().select({ id: githubWebhookDeliveries.deliveryId }).from(githubWebhookDeliveries).where(eq(githubWebhookDeliveries.deliveryId, old.id));
    expect(left).toEqual([]);
    expect(await changeOf(old.id)).toMatchObject({ kind: 'release', version: 'v0.9' });
  });

  it('ignores changes from an installation that no workspace linked', async () => {
    const stray = await deliver(stack, fake, 'release', { action: 'published', installation: { id: 7777 }, repository, release: { tag_name: 'v1' } });
    expect(await processed(stack, stray.id)).toBe('ignored: installation 7777 is not linked to a workspace');
  });

  it('follows installation suspend, unsuspend and delete', async () => {
    const workspaceId = other.personalWorkspaceId;
    const event = (action: string) => ({ action, installation: { id: 6002, account: { login: 'globex' } } });
    const suspend = await deliver(stack, fake, 'installation', event('suspend'));
    await processed(stack, suspend.id);
    expect((await other.client.github.status.query({ workspaceId })).installation?.suspended).toBe(true);
    const listed = await other.client.environment.availableRepositories.query({ workspaceId });
    expect(listed.message).toContain('suspended');
    const unsuspend = await deliver(stack, fake, 'installation', event('unsuspend'));
    await processed(stack, unsuspend.id);
    expect((await other.client.github.status.query({ workspaceId })).installation?.suspended).toBe(false);
    const created = await deliver(stack, fake, 'installation', event('created'));
    expect(await processed(stack, created.id)).toContain('installation created');
    const deleted = await deliver(stack, fake, 'installation', event('deleted'));
    expect(await processed(stack, deleted.id)).toBe('installation deleted on GitHub: link forgotten');
    expect((await other.client.github.status.query({ workspaceId })).connected).toBe(false);
    // The owner's link is untouched.
    expect((await owner.client.github.status.query({ workspaceId: owner.personalWorkspaceId })).connected).toBe(true);
  });
});
