import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSessions, chatTurns, turnFeedback } from '@vibemonitor/db';
import { startFakeGrafana } from '@vibemonitor/integrations/testing';
import { createScriptedInvestigator } from './chat-helpers.js';
import {
  addTeam,
  deliver,
  installSlack,
  interactionBody,
  mention,
  startSlackStack,
  waitFor,
  type SlackStack,
} from './slack-helpers.js';
import { createSignedInUser, createTeam, type TestUser } from './users.js';

let s: SlackStack;
let alice: TestUser;
let bob: TestUser;
let workspaceA: string;
let workspaceB: string;

beforeAll(async () => {
  // Health checks every few hundred ms, for the integration-failing notification.
  s = await startSlackStack(createScriptedInvestigator({ events: 2 }), {
    integrationHealthChecks: { tickMs: 100, intervalMs: 200 },
  });
  alice = await createSignedInUser(s.stack);
  bob = await createSignedInUser(s.stack);
  workspaceA = await createTeam(s.stack, alice, [], 'A');
  workspaceB = await createTeam(s.stack, bob, [], 'B');
  // Bob is also a guest in Slack team TA, but no member of workspace A.
  addTeam(s.slack, 'TA', [alice, bob]);
  addTeam(s.slack, 'TB', [bob]);
  await installSlack(s, alice, workspaceA, 'TA');
  await installSlack(s, bob, workspaceB, 'TB');
}, 60_000);

afterAll(async () => {
  await s?.close();
});

const db = () => s.stack.runtime.database.db;
const turnsIn = (workspaceId: string) =>
  db().select().from(chatTurns).where(eq(chatTurns.workspaceId, workspaceId));
const tsOf = (body: string) => (JSON.parse(body) as { event: { ts: string } }).event.ts;

describe('Slack isolation between two workspaces on two Slack teams', () => {
  it('each team investigates in its own workspace, even with the same channel and thread ids', async () => {
    const inA = mention('TA', 'UTA0', 'why is checkout failing?');
    const ts = tsOf(inA.body);
    // Same channel id and ts in the other team: a different thread there.
    const inB = mention('TB', 'UTB0', 'why is login failing?', { ts });
    await deliver(s, 'events', inA.body);
    await deliver(s, 'events', inB.body);
    await waitFor('both answers', () => {
      const answered = s.slack.messages.filter(
        (m) => m.threadTs === ts && JSON.stringify(m.blocks).includes('vm_feedback_up'),
      );
      return answered.length === 2 ? answered : undefined;
    });
    const a = await turnsIn(workspaceA);
    const b = await turnsIn(workspaceB);
    expect(a.map((t) => t.message)).toEqual(['why is checkout failing?']);
    expect(b.map((t) => t.message)).toEqual(['why is login failing?']);
    expect(a[0]!.userId).toBe(alice.id);
    expect(b[0]!.userId).toBe(bob.id);
    // Each answer went to its own team, with its own token.
    const answerA = s.slack.messages.find(
      (m) => m.teamId === 'TA' && m.threadTs === ts && JSON.stringify(m.blocks).includes(a[0]!.id),
    );
    const answerB = s.slack.messages.find(
      (m) => m.teamId === 'TB' && m.threadTs === ts && JSON.stringify(m.blocks).includes(b[0]!.id),
    );
    expect(answerA).toBeDefined();
    expect(answerB).toBeDefined();
  });

  it('a Slack user of team A who is only a member of workspace B is refused in team A', async () => {
    const before = (await turnsIn(workspaceA)).length + (await turnsIn(workspaceB)).length;
    const event = mention('TA', 'UTA1', 'why is search failing?');
    await deliver(s, 'events', event.body);
    await waitFor('the refusal', () =>
      s.slack
        .thread('C0INCIDENT', tsOf(event.body))
        .find((m) => m.teamId === 'TA' && m.text.includes('only investigate for members')),
    );
    expect((await turnsIn(workspaceA)).length + (await turnsIn(workspaceB)).length).toBe(before);
  });

  it('feedback from team B cannot touch a turn of workspace A', async () => {
    const [turnA] = await turnsIn(workspaceA);
    await deliver(
      s,
      'interactivity',
      interactionBody({
        type: 'block_actions',
        team: { id: 'TB' },
        user: { id: 'UTB0' },
        trigger_id: 'x',
        actions: [{ action_id: 'vm_feedback_down', value: turnA!.id }],
      }),
    );
    await deliver(
      s,
      'interactivity',
      interactionBody({
        type: 'block_actions',
        team: { id: 'TB' },
        user: { id: 'UTB0' },
        trigger_id: 'trigger-b',
        actions: [{ action_id: 'vm_comment', value: turnA!.id }],
      }),
    );
    expect(
      await db().select().from(turnFeedback).where(eq(turnFeedback.turnId, turnA!.id)),
    ).toEqual([]);
    // Nor can a session of A be continued from B: the thread map is per installation.
    const sessionsB = await db()
      .select()
      .from(chatSessions)
      .where(eq(chatSessions.workspaceId, workspaceB));
    expect(sessionsB.every((session) => session.id !== turnA!.sessionId)).toBe(true);
  });

  it('channel settings: environment mapping and notifications stay in their workspace', async () => {
    const env = await alice.client.environment.create.mutate({
      workspaceId: workspaceA,
      name: 'production',
    });
    await alice.client.slack.setChannel.mutate({
      workspaceId: workspaceA,
      channelId: 'C0PROD',
      environmentId: env.id,
    });
    await alice.client.slack.setChannel.mutate({
      workspaceId: workspaceA,
      channelId: 'C0NOTIFY',
      notifications: true,
    });
    const missing = await bob.client.slack.setChannel
      .mutate({ workspaceId: workspaceB, channelId: 'C0PROD', environmentId: env.id })
      .catch((error: unknown) => error as { data?: { code?: string } });
    expect((missing as { data?: { code?: string } }).data?.code).toBe('NOT_FOUND');
    const status = await alice.client.slack.status.query({ workspaceId: workspaceA });
    expect(status.channels).toEqual([
      { channelId: 'C0NOTIFY', environmentId: null, notifications: true, alerts: false },
      { channelId: 'C0PROD', environmentId: env.id, notifications: false, alerts: false },
    ]);
    expect((await bob.client.slack.status.query({ workspaceId: workspaceB })).channels).toEqual([]);

    const event = mention('TA', 'UTA0', 'why is prod failing?', { channel: 'C0PROD' });
    await deliver(s, 'events', event.body);
    const turn = await waitFor('the prod turn', async () =>
      (await turnsIn(workspaceA)).find((t) => t.message === 'why is prod failing?'),
    );
    const [session] = await db()
      .select()
      .from(chatSessions)
      .where(eq(chatSessions.id, turn.sessionId));
    expect(session!.environmentId).toBe(env.id);

    // A question asked on the web is announced in A's notification channel, in team A only.
    const asked = await alice.client.chat.send.mutate({
      workspaceId: workspaceA,
      message: 'why is the web failing?',
    });
    const note = await waitFor('the notification', () =>
      s.slack.messages.find(
        (m) => m.channel === 'C0NOTIFY' && m.text.includes('Investigation finished'),
      ),
    );
    expect(note.teamId).toBe('TA');
    expect(note.text).toContain(asked.turnId);
    // Turns asked from Slack are answered in their thread, not announced again.
    expect(s.slack.messages.filter((m) => m.channel === 'C0NOTIFY')).toHaveLength(1);
  });

  it('an integration that starts failing is announced once in the notification channel', async () => {
    const grafana = await startFakeGrafana();
    await alice.client.integration.connect.mutate({
      workspaceId: workspaceA,
      provider: 'grafana',
      name: 'Grafana',
      url: grafana.url,
      token: grafana.token,
    });
    await grafana.close();
    const note = await waitFor('the integration notification', () =>
      s.slack.messages.find(
        (m) => m.channel === 'C0NOTIFY' && m.text.includes('is failing its health checks'),
      ),
    );
    expect(note.teamId).toBe('TA');
    expect(note.text).toContain('Grafana');
    // Still failing at the next checks: no repeat.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(
      s.slack.messages.filter((m) => m.text.includes('is failing its health checks')),
    ).toHaveLength(1);
  });
});
