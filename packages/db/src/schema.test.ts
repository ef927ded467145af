import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, postgresErrorInfo } from './errors.js';
import {
  chatSessions,
  chatTurns,
  emailTokens,
  environments,
  githubInstallations,
  grafanaCredentials,
  integrations,
  memberships,
  oauthAccounts,
  rcaJobs,
  services,
  sessions,
  turnEvents,
  usageCounters,
  users,
  webhookEvents,
  workspaces,
} from './schema/index.js';
import { openScratchDatabase, type ScratchDatabase } from './test-support.js';
import type { Database } from './types.js';

let scratch: ScratchDatabase;
let db: Database;

beforeAll(async () => {
  scratch = await openScratchDatabase();
  db = scratch.handle.db;
});
afterAll(async () => {
  await scratch?.drop();
});

const unique = () => randomBytes(4).toString('hex');

async function insertUser() {
  const [user] = await db
    .insert(users)
    .values({ email: `user-${unique()}@example.com` })
    .returning();
  return user!;
}

async function insertWorkspace(ownerUserId: string | null, type: 'personal' | 'team' = 'team') {
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: `ws-${unique()}`, type, ownerUserId })
    .returning();
  return workspace!;
}

async function expectRejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe('account deletion', () => {
  it('deletes sessions, oauth accounts, email tokens and memberships, and keeps the workspace', async () => {
    const user = await insertUser();
    const workspace = await insertWorkspace(user.id, 'personal');
    await db.insert(memberships).values({ workspaceId: workspace.id, userId: user.id, role: 'owner' });
    await db.insert(sessions).values({
      id: `s-${unique()}`,
      userId: user.id,
      secretHash: 'ab'.repeat(32),
      expiresAt: new Date(Date.now() + 60_000),
    });
    await db.insert(oauthAccounts).values({ userId: user.id, provider: 'github', providerUserId: unique() });
    await db.insert(emailTokens).values({
      userId: user.id,
      purpose: 'verify_email',
      tokenHash: unique(),
      expiresAt: new Date(Date.now() + 60_000),
    });

    await db.delete(users).where(eq(users.id, user.id));

    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await db.select().from(oauthAccounts).where(eq(oauthAccounts.userId, user.id))).toEqual([]);
    expect(await db.select().from(emailTokens).where(eq(emailTokens.userId, user.id))).toEqual([]);
    expect(await db.select().from(memberships).where(eq(memberships.userId, user.id))).toEqual([]);
    const [kept] = await db.select().from(workspaces).where(eq(workspaces.id, workspace.id));
    expect(kept?.ownerUserId).toBeNull();
  });
});

describe('workspace deletion', () => {
  it('deletes everything scoped to the workspace and keeps the webhook ledger', async () => {
    const user = await insertUser();
    const workspace = await insertWorkspace(user.id);
    const other = await insertWorkspace(user.id);
    const workspaceId = workspace.id;

    const [environment] = await db
      .insert(environments)
      .values({ workspaceId, name: 'production', isDefault: true })
      .returning();
    await db.update(workspaces).set({ defaultEnvironmentId: environment!.id }).where(eq(workspaces.id, workspaceId));
    await db.insert(memberships).values({ workspaceId, userId: user.id, role: 'owner' });
    await db.insert(services).values([
      { workspaceId, name: 'api' },
      { workspaceId: other.id, name: 'api' },
    ]);
    const [integration] = await db
      .insert(integrations)
      .values({ workspaceId, provider: 'grafana', name: 'grafana' })
      .returning();
    await db
      .insert(grafanaCredentials)
      .values({ integrationId: integration!.id, workspaceId, url: 'https://grafana.example.com', tokenEnc: 'x' });
    const [session] = await db
      .insert(chatSessions)
      .values({ workspaceId, userId: user.id, environmentId: environment!.id })
      .returning();
    const [turn] = await db
      .insert(chatTurns)
      .values({ workspaceId, sessionId: session!.id, userId: user.id, message: 'why is checkout slow?' })
      .returning();
    await db.insert(turnEvents).values({ workspaceId, turnId: turn!.id, seq: 1, type: 'thinking', payload: {} });
    await db.insert(rcaJobs).values({ workspaceId, turnId: turn!.id });
    await db.insert(usageCounters).values({ workspaceId, metric: 'investigations', period: '2026-11-29', count: 1 });
    const eventId = unique();
    await db.insert(webhookEvents).values({ workspaceId, provider: 'stripe', eventId });

    await db.delete(workspaces).where(eq(workspaces.id, workspaceId));

    for (const table of [environments, memberships, services, integrations, chatSessions, chatTurns, turnEvents, rcaJobs, usageCounters]) {
      expect(await db.select().from(table).where(eq(table.workspaceId, workspaceId))).toEqual([]);
    }
    expect(await db.select().from(grafanaCredentials).where(eq(grafanaCredentials.integrationId, integration!.id))).toEqual([]);
    expect(await db.select().from(services).where(eq(services.workspaceId, other.id))).toHaveLength(1);
    const [ledger] = await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, eventId));
    expect(ledger?.workspaceId).toBeNull();
  });
});

describe('constraints', () => {
  it('allows one personal workspace per user and any number of team workspaces', async () => {
    const user = await insertUser();
    await insertWorkspace(user.id, 'personal');
    await insertWorkspace(user.id, 'team');
    await insertWorkspace(user.id, 'team');

    const error = await expectRejection(insertWorkspace(user.id, 'personal'));
    expect(isUniqueViolation(error, 'workspaces_one_personal_per_owner')).toBe(true);
  });

  it('allows one default environment per workspace', async () => {
    const workspace = await insertWorkspace(null);
    await db.insert(environments).values({ workspaceId: workspace.id, name: 'prod', isDefault: true });
    await db.insert(environments).values({ workspaceId: workspace.id, name: 'staging' });
    const error = await expectRejection(
      db.insert(environments).values({ workspaceId: workspace.id, name: 'dev', isDefault: true }),
    );
    expect(isUniqueViolation(error, 'environments_one_default_per_workspace')).toBe(true);
  });

  it('rejects an email that is not lowercased', async () => {
    const error = await expectRejection(db.insert(users).values({ email: 'Mixed@Example.com' }));
    expect(postgresErrorInfo(error)).toEqual({ code: '23514', constraint: 'users_email_lowercase' });
  });

  it('rejects a value outside a closed set', async () => {
    const workspace = await insertWorkspace(null);
    const error = await expectRejection(
      db.insert(integrations).values({ workspaceId: workspace.id, provider: 'splunk' as 'grafana', name: 'x' }),
    );
    expect(postgresErrorInfo(error)?.code).toBe('23514');
  });
});

describe('column types', () => {
  it('round-trips arrays, jsonb, timestamps and bigints on both drivers', async () => {
    const workspace = await insertWorkspace(null);
    const labelMatchers = { prometheus: { job: 'api' }, cloudwatch: { logGroups: ['/aws/api'] } };
    const [service] = await db
      .insert(services)
      .values({ workspaceId: workspace.id, name: 'checkout', aliases: ['co', "it's"], labelMatchers })
      .returning();
    const [read] = await db.select().from(services).where(eq(services.id, service!.id));
    expect(read?.aliases).toEqual(['co', "it's"]);
    expect(read?.labelMatchers).toEqual(labelMatchers);
    expect(read?.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(read!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

    const [defaults] = await db.insert(services).values({ workspaceId: workspace.id, name: 'bare' }).returning();
    expect(defaults?.aliases).toEqual([]);
    expect(defaults?.labelMatchers).toEqual({});

    const installationId = 2 ** 40 + 7;
    await db.insert(githubInstallations).values({ workspaceId: workspace.id, installationId, accountLogin: 'acme' });
    const [installation] = await db
      .select()
      .from(githubInstallations)
      .where(eq(githubInstallations.installationId, installationId));
    expect(installation?.installationId).toBe(installationId);
  });

  it('bumps updated_at on update', async () => {
    const workspace = await insertWorkspace(null);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [updated] = await db
      .update(workspaces)
      .set({ name: 'renamed' })
      .where(eq(workspaces.id, workspace.id))
      .returning();
    expect(updated!.updatedAt.getTime()).toBeGreaterThan(workspace.updatedAt.getTime());
  });
});
