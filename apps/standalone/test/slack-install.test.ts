import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackInstallations, webhookEvents } from '@vibemonitor/db';
import { createScriptedInvestigator } from './chat-helpers.js';
import { trpcError } from './auth-helpers.js';
import {
  addTeam,
  callback,
  deliver,
  eventEnvelope,
  installSlack,
  startSlackStack,
  waitFor,
  type SlackStack,
} from './slack-helpers.js';
import { createSignedInUser, createTeam, type TestUser } from './users.js';

let s: SlackStack;
let owner: TestUser;
let member: TestUser;
let teamWorkspace: string;

beforeAll(async () => {
  s = await startSlackStack(createScriptedInvestigator({ events: 2 }));
  owner = await createSignedInUser(s.stack);
  member = await createSignedInUser(s.stack);
  teamWorkspace = await createTeam(s.stack, owner, [{ user: member }], 'Ops');
  addTeam(s.slack, 'T1', [owner, member]);
  addTeam(s.slack, 'T2', [owner]);
}, 60_000);

afterAll(async () => {
  await s?.close();
});

const installationOf = async (teamId: string) =>
  (
    await s.stack.runtime.database.db
      .select()
      .from(slackInstallations)
      .where(eq(slackInstallations.teamId, teamId))
  )[0];

describe('Slack install', () => {
  it('system.info reports Slack configured', async () => {
    const info = await s.stack.client().system.info.query();
    expect(info.integrations.slack).toBe(true);
  });

  it('installUrl asks for the bot scopes with a signed state that names neither user nor workspace in clear', async () => {
    const { url } = await owner.client.slack.installUrl.mutate({ workspaceId: teamWorkspace });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(parsed.searchParams.get('client_id')).toBe('111.222');
    expect(parsed.searchParams.get('scope')?.split(',')).toEqual(
      expect.arrayContaining([
        'app_mentions:read',
        'chat:write',
        'im:history',
        'commands',
        'users:read.email',
      ]),
    );
    expect(parsed.searchParams.get('redirect_uri')).toBe(
      `${s.stack.url}/api/v1/slack/oauth/callback`,
    );
    const state = parsed.searchParams.get('state')!;
    expect(state).not.toContain(teamWorkspace);
    expect(state).not.toContain(owner.id);
    expect(state).not.toContain('|');
  });

  it('only owners get an install link', async () => {
    const error = await trpcError(
      member.client.slack.installUrl.mutate({ workspaceId: teamWorkspace }),
    );
    expect(error.code).toBe('FORBIDDEN');
  });

  it('installs: token stored encrypted, status connected, redirect says connected; the state cannot be replayed', async () => {
    const { location, state } = await installSlack(s, owner, teamWorkspace, 'T1');
    expect(location.origin).toBe('http://web.example');
    expect(location.searchParams.get('slack')).toBe('connected');
    const row = await installationOf('T1');
    expect(row?.workspaceId).toBe(teamWorkspace);
    const token = s.slack.tokenOf('T1')!;
    expect(row?.botTokenEnc).not.toContain(token);
    expect(s.stack.runtime.secrets.decryptSecret(row!.botTokenEnc)).toBe(token);
    const status = await member.client.slack.status.query({ workspaceId: teamWorkspace });
    expect(status).toMatchObject({
      configured: true,
      connected: true,
      teamId: 'T1',
      teamName: 'Team T1',
    });

    const replay = await callback(s, { code: s.slack.issueCode('T1'), state });
    expect(replay.searchParams.get('slack')).toBe('error');
    expect(replay.searchParams.get('error')).toBe('UNAUTHORIZED');
  });

  it('refuses a tampered or forged state without calling Slack', async () => {
    const { url } = await owner.client.slack.installUrl.mutate({
      workspaceId: owner.personalWorkspaceId,
    });
    const state = new URL(url).searchParams.get('state')!;
    const [payload, sig] = state.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = Buffer.from(JSON.stringify({ ...claims, w: teamWorkspace })).toString(
      'base64url',
    );
    const exchanges = s.slack.calls.filter((c) => c.method === 'oauth.v2.access').length;
    for (const bad of [`${forged}.${sig}`, `${teamWorkspace}|${owner.id}`, '']) {
      const location = await callback(s, { code: s.slack.issueCode('T2'), state: bad });
      expect(location.searchParams.get('slack')).toBe('error');
    }
    expect(s.slack.calls.filter((c) => c.method === 'oauth.v2.access').length).toBe(exchanges);
    expect(await installationOf('T2')).toBeUndefined();
  });

  it('refuses a Slack team already linked to another workspace', async () => {
    const { location } = await installSlack(s, owner, owner.personalWorkspaceId, 'T1');
    expect(location.searchParams.get('error')).toBe('CONFLICT');
    expect((await installationOf('T1'))?.workspaceId).toBe(teamWorkspace);
  });

  it('an app_uninstalled event removes the installation', async () => {
    const { location } = await installSlack(s, owner, owner.personalWorkspaceId, 'T2');
    expect(location.searchParams.get('slack')).toBe('connected');
    const { body, eventId } = eventEnvelope('T2', { type: 'app_uninstalled' });
    expect((await deliver(s, 'events', body)).status).toBe(200);
    await waitFor('the installation to go', async () =>
      (await installationOf('T2')) ? undefined : true,
    );
    const ledger = await s.stack.runtime.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.eventId, `event-${eventId}`));
    expect(ledger).toHaveLength(1);
    expect(
      (await owner.client.slack.status.query({ workspaceId: owner.personalWorkspaceId })).connected,
    ).toBe(false);
  });

  it('tokens_revoked removes the installation only when the bot token was revoked', async () => {
    const { location } = await installSlack(s, owner, owner.personalWorkspaceId, 'T2');
    expect(location.searchParams.get('slack')).toBe('connected');
    const userOnly = eventEnvelope('T2', { type: 'tokens_revoked', tokens: { oauth: ['UT20'] } });
    expect((await deliver(s, 'events', userOnly.body)).status).toBe(200);
    const botToo = eventEnvelope('T2', {
      type: 'tokens_revoked',
      tokens: { oauth: [], bot: ['UBOTT2'] },
    });
    // Once the user-token event is handled, the installation must still be there.
    await waitFor('the user-token event to be handled', async () => {
      const depth = (await s.stack.runtime.jobs.queue.depth())['slack.event'];
      return depth.waiting + depth.active + depth.delayed === 0 ? true : undefined;
    });
    expect(await installationOf('T2')).toBeDefined();
    expect((await deliver(s, 'events', botToo.body)).status).toBe(200);
    await waitFor('the installation to go', async () =>
      (await installationOf('T2')) ? undefined : true,
    );
  });

  it('disconnect revokes the token with auth.revoke and deletes the installation', async () => {
    const token = s.slack.tokenOf('T1')!;
    expect(await owner.client.slack.disconnect.mutate({ workspaceId: teamWorkspace })).toEqual({
      ok: true,
    });
    expect(s.slack.revoked).toContain(token);
    expect(await installationOf('T1')).toBeUndefined();
    const again = await trpcError(
      owner.client.slack.disconnect.mutate({ workspaceId: teamWorkspace }),
    );
    expect(again.code).toBe('NOT_FOUND');
  });
});
