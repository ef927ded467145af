import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatTurns, webhookEvents } from '@vibemonitor/db';
import { signSlackRequest } from '@vibemonitor/integrations/testing';
import { createScriptedInvestigator, setPlan } from './chat-helpers.js';
import {
  addTeam,
  deliver,
  eventEnvelope,
  installSlack,
  interactionBody,
  mention,
  nextTs,
  SLACK_SIGNING_SECRET,
  startSlackStack,
  waitFor,
  type SlackStack,
} from './slack-helpers.js';
import { createSignedInUser, createTeam, type TestUser } from './users.js';

let s: SlackStack;
let owner: TestUser;
let member: TestUser;
let workspaceId: string;
/** Questions containing "slow" take seconds; the others finish at once after 3 steps. */
const investigator = createScriptedInvestigator((question) =>
  question.includes('slow')
    ? { events: 3, delayMs: 1_500 }
    : question.includes('flaky')
      ? { events: 12, delayMs: 60 }
      : { events: 4, delayMs: 20 },
);

beforeAll(async () => {
  s = await startSlackStack(investigator);
  owner = await createSignedInUser(s.stack);
  member = await createSignedInUser(s.stack);
  workspaceId = await createTeam(s.stack, owner, [{ user: member }], 'Ops');
  addTeam(
    s.slack,
    'T1',
    [owner, member],
    [
      { id: 'UOUTSIDER', name: 'Outsider', email: 'outsider@example.com' },
      { id: 'UUNCONFIRMED', name: 'Unconfirmed', email: member.email, emailConfirmed: false },
    ],
  );
  await installSlack(s, owner, workspaceId, 'T1');
  // More than the free plan's 10 questions a day are asked in this file.
  await setPlan(s.stack, workspaceId, 'pro');
}, 60_000);

afterAll(async () => {
  await s?.close();
});

const db = () => s.stack.runtime.database.db;
const turnsOf = async () =>
  db().select().from(chatTurns).where(eq(chatTurns.workspaceId, workspaceId));
const ownerSlackId = 'UT10';
const memberSlackId = 'UT11';

/** Waits for the thread's answer (the message carrying the feedback buttons). */
async function waitForAnswer(channel: string, threadTs: string) {
  return waitFor('the threaded answer', () =>
    s.slack
      .thread(channel, threadTs)
      .find((m) => JSON.stringify(m.blocks).includes('vm_feedback_up')),
  );
}

describe('Slack events endpoint', () => {
  it('answers url_verification with the challenge', async () => {
    const response = await deliver(
      s,
      'events',
      JSON.stringify({ type: 'url_verification', challenge: 'abc123' }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ challenge: 'abc123' });
  });

  it('refuses bad, missing and stale signatures and stores nothing', async () => {
    const before = (await db().select().from(webhookEvents)).length;
    const { body } = mention('T1', ownerSlackId, 'why is checkout failing?');
    const now = Math.floor(Date.now() / 1000);
    expect((await deliver(s, 'events', body, { secret: 'wrong' })).status).toBe(401);
    expect((await deliver(s, 'events', body, { timestampSeconds: now - 6 * 60 })).status).toBe(401);
    expect((await deliver(s, 'events', body, { timestampSeconds: now + 6 * 60 })).status).toBe(401);
    const unsigned = await fetch(`${s.stack.url}/api/v1/slack/events`, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    // A signature made for other bytes does not cover this body.
    const signedForOther = await fetch(`${s.stack.url}/api/v1/slack/events`, {
      method: 'POST',
      headers: signSlackRequest({ signingSecret: SLACK_SIGNING_SECRET, body: `${body} ` }),
      body,
    });
    expect(signedForOther.status).toBe(401);
    const zeroSignature = await fetch(`${s.stack.url}/api/v1/slack/events`, {
      method: 'POST',
      headers: {
        'x-slack-request-timestamp': String(now),
        'x-slack-signature': 'v0=' + '0'.repeat(64),
      },
      body,
    });
    expect(zeroSignature.status).toBe(401);
    for (const path of ['commands', 'interactivity'] as const) {
      expect((await deliver(s, path, 'team_id=T1', { secret: 'wrong' })).status).toBe(401);
    }
    expect((await db().select().from(webhookEvents)).length).toBe(before);
    expect((await turnsOf()).length).toBe(0);
  });

  it('a mention: ack at once, one status message updated in place, then the answer in the thread', async () => {
    const event = mention('T1', memberSlackId, 'why is checkout failing?');
    const ts = (JSON.parse(event.body) as { event: { ts: string } }).event.ts;
    const response = await deliver(s, 'events', event.body);
    expect(response.status).toBe(200);
    const answer = await waitForAnswer('C0INCIDENT', ts);
    const thread = s.slack.thread('C0INCIDENT', ts);
    const status = thread.find((m) => m.text.includes('Investigation finished'))!;
    expect(status.threadTs).toBe(ts);
    // Updated in place: earlier versions showed the steps as they arrived.
    expect(status.history.length).toBeGreaterThanOrEqual(2);
    expect(status.history.some((h) => h.includes('step'))).toBe(true);
    expect(answer.threadTs).toBe(ts);
    expect(JSON.stringify(answer.blocks)).toContain('Scripted investigation finished.');
    expect(JSON.stringify(answer.blocks)).toContain('http://web.example/chat/');
    // The turn is the member's, in the web history like a chat.send.
    const sessions = await member.client.chat.sessions.list.query({ workspaceId });
    expect(sessions.items.some((i) => i.title?.includes('checkout failing'))).toBe(true);
  });

  it('a retried delivery (same event id, X-Slack-Retry-Num) starts nothing new', async () => {
    const before = (await turnsOf()).length;
    const event = mention('T1', memberSlackId, 'why is login failing?');
    expect((await deliver(s, 'events', event.body)).status).toBe(200);
    expect(
      (
        await deliver(s, 'events', event.body, {
          headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await deliver(s, 'events', event.body, { headers: { 'x-slack-retry-num': '2' } })).status,
    ).toBe(200);
    const ts = (JSON.parse(event.body) as { event: { ts: string } }).event.ts;
    await waitForAnswer('C0INCIDENT', ts);
    expect((await turnsOf()).length).toBe(before + 1);
    expect(
      s.slack
        .thread('C0INCIDENT', ts)
        .filter((m) => m.text.includes('Investigating') || m.history.length > 0),
    ).toHaveLength(1);
  });

  it('acks within 3 seconds while the investigation is slow', async () => {
    const event = mention('T1', memberSlackId, 'why is search slow?');
    const response = await deliver(s, 'events', event.body);
    expect(response.status).toBe(200);
    expect(response.ms).toBeLessThan(3_000);
    const ts = (JSON.parse(event.body) as { event: { ts: string } }).event.ts;
    // Still running when the ack came back; the answer arrives later.
    expect(
      s.slack
        .thread('C0INCIDENT', ts)
        .some((m) => JSON.stringify(m.blocks).includes('vm_feedback_up')),
    ).toBe(false);
    await waitForAnswer('C0INCIDENT', ts);
  }, 20_000);

  it('a follow-up in the thread continues the same session', async () => {
    const first = mention('T1', ownerSlackId, 'why are payments failing?', {
      channel: 'C0PAYMENTS',
    });
    const rootTs = (JSON.parse(first.body) as { event: { ts: string } }).event.ts;
    s.slack.recordMessage({
      teamId: 'T1',
      channel: 'C0PAYMENTS',
      ts: rootTs,
      text: '<@UBOTT1> why are payments failing?',
      user: ownerSlackId,
    });
    await deliver(s, 'events', first.body);
    await waitForAnswer('C0PAYMENTS', rootTs);
    const [firstTurn] = (await turnsOf()).filter((t) => t.message === 'why are payments failing?');
    // A plain reply in the thread, no mention.
    const reply = eventEnvelope('T1', {
      type: 'message',
      channel_type: 'channel',
      channel: 'C0PAYMENTS',
      user: ownerSlackId,
      text: 'and what about refunds?',
      ts: nextTs(),
      thread_ts: rootTs,
    });
    await deliver(s, 'events', reply.body);
    const followUp = await waitFor('the follow-up turn', async () =>
      (await turnsOf()).find((t) => t.message.startsWith('and what about refunds?')),
    );
    expect(followUp.sessionId).toBe(firstTurn!.sessionId);
    // With the thread's history (conversations.replies): the question and the answer, not the progress messages.
    expect(followUp.message).toContain('Earlier in this Slack thread:');
    expect(followUp.message).toContain('- why are payments failing?');
    expect(followUp.message).toContain('Scripted investigation finished.');
    expect(followUp.message).not.toContain('Investigating');
    expect(followUp.message).not.toContain('Investigation finished');
    await waitFor('the second answer', () => {
      const answers = s.slack
        .thread('C0PAYMENTS', rootTs)
        .filter((m) => JSON.stringify(m.blocks).includes('vm_feedback_up'));
      return answers.length === 2 ? true : undefined;
    });
    // A channel message outside our threads, and the bot's own messages, start nothing.
    const before = (await turnsOf()).length;
    for (const event of [
      {
        type: 'message',
        channel_type: 'channel',
        channel: 'C0PAYMENTS',
        user: ownerSlackId,
        text: 'unrelated chatter',
        ts: nextTs(),
      },
      {
        type: 'message',
        channel_type: 'channel',
        channel: 'C0PAYMENTS',
        user: 'UBOTT1',
        text: 'my own',
        ts: nextTs(),
        thread_ts: rootTs,
      },
      {
        type: 'message',
        channel_type: 'channel',
        channel: 'C0PAYMENTS',
        bot_id: 'B1',
        user: 'UGRAFANA',
        text: 'bot',
        ts: nextTs(),
        thread_ts: rootTs,
      },
    ]) {
      await deliver(s, 'events', eventEnvelope('T1', event).body);
    }
    await waitFor('the slack.event jobs', async () => {
      const depth = (await s.stack.runtime.jobs.queue.depth())['slack.event'];
      return depth.waiting + depth.active + depth.delayed === 0 ? true : undefined;
    });
    expect((await turnsOf()).length).toBe(before);
  });

  it('a DM to the bot is answered in its thread; a greeting gets help without an investigation', async () => {
    const before = (await turnsOf()).length;
    const hello = eventEnvelope('T1', {
      type: 'message',
      channel_type: 'im',
      channel: 'D0DM',
      user: memberSlackId,
      text: 'hello',
      ts: nextTs(),
    });
    await deliver(s, 'events', hello.body);
    const helloTs = (JSON.parse(hello.body) as { event: { ts: string } }).event.ts;
    const help = await waitFor('the help reply', () =>
      s.slack.thread('D0DM', helloTs).find((m) => m.text.includes('/vibemonitor')),
    );
    expect(help.threadTs).toBe(helloTs);
    expect((await turnsOf()).length).toBe(before);

    const dm = eventEnvelope('T1', {
      type: 'message',
      channel_type: 'im',
      channel: 'D0DM',
      user: memberSlackId,
      text: 'why is the cache cold?',
      ts: nextTs(),
    });
    await deliver(s, 'events', dm.body);
    await waitForAnswer('D0DM', (JSON.parse(dm.body) as { event: { ts: string } }).event.ts);
    expect((await turnsOf()).length).toBe(before + 1);
  });

  it('a Slack user who is not a member (or whose email is unconfirmed) gets a polite refusal and no investigation', async () => {
    const before = (await turnsOf()).length;
    for (const user of ['UOUTSIDER', 'UUNCONFIRMED']) {
      const event = mention('T1', user, 'why is checkout failing?');
      await deliver(s, 'events', event.body);
      const ts = (JSON.parse(event.body) as { event: { ts: string } }).event.ts;
      const refusal = await waitFor('the refusal', () =>
        s.slack
          .thread('C0INCIDENT', ts)
          .find((m) => m.text.includes('only investigate for members')),
      );
      expect(refusal.text).toContain('invite');
    }
    expect((await turnsOf()).length).toBe(before);
  });

  it('/vibemonitor <question> posts the question and investigates in its thread', async () => {
    const body = new URLSearchParams({
      team_id: 'T1',
      channel_id: 'C0CMD',
      user_id: memberSlackId,
      command: '/vibemonitor',
      text: 'why is the queue backing up?',
      trigger_id: `trig-${Date.now()}`,
      response_url: 'http://unused.example/',
    }).toString();
    const response = await deliver(s, 'commands', body);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ response_type: 'ephemeral' });
    const root = await waitFor('the command root message', () =>
      s.slack.messages.find(
        (m) =>
          m.channel === 'C0CMD' && !m.threadTs && m.text.includes('why is the queue backing up?'),
      ),
    );
    await waitForAnswer('C0CMD', root.ts);

    // Without a question: usage, and nothing queued.
    const empty = await deliver(
      s,
      'commands',
      new URLSearchParams({
        team_id: 'T1',
        channel_id: 'C0CMD',
        user_id: memberSlackId,
        command: '/vibemonitor',
        text: ' ',
        trigger_id: `trig-empty-${Date.now()}`,
      }).toString(),
    );
    expect(JSON.parse(empty.text)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Usage'),
    });
  });

  it('status updates survive a 429 with Retry-After', async () => {
    s.slack.rateLimit('chat.update', 1, 1);
    const event = mention('T1', memberSlackId, 'why is billing failing?');
    await deliver(s, 'events', event.body);
    const ts = (JSON.parse(event.body) as { event: { ts: string } }).event.ts;
    await waitForAnswer('C0INCIDENT', ts);
    const updates = s.slack.calls.filter((c) => c.method === 'chat.update');
    expect(updates.length).toBeGreaterThan(0);
    const status = s.slack
      .thread('C0INCIDENT', ts)
      .find((m) => m.text.includes('Investigation finished'));
    expect(status).toBeDefined();
  });
});

describe('Slack alerts', () => {
  const grafana = (channel: string, ts: string) =>
    eventEnvelope('T1', {
      type: 'message',
      subtype: 'bot_message',
      channel_type: 'channel',
      channel,
      bot_id: 'BGRAFANA',
      bot_profile: { name: 'Grafana', app_id: 'AGRAFANA' },
      ts,
      text: '[FIRING:1] HighLatency (checkout critical)',
      attachments: [
        {
          title: '[FIRING:1] HighLatency',
          text: 'Labels:\n - alertname = HighLatency\n - severity = critical\n - service = checkout',
        },
      ],
    });

  it('a monitoring bot alert in a watching channel starts one investigation in its thread; repeats and look-alikes do not', async () => {
    await owner.client.slack.setChannel.mutate({
      workspaceId,
      channelId: 'C0ALERTS',
      alerts: true,
    });
    const before = (await turnsOf()).length;
    // Not watching this channel: nothing.
    await deliver(s, 'events', grafana('C0QUIET', nextTs()).body);
    // A human typing an alert-looking text: nothing.
    await deliver(
      s,
      'events',
      eventEnvelope('T1', {
        type: 'message',
        channel_type: 'channel',
        channel: 'C0ALERTS',
        user: memberSlackId,
        text: '[FIRING:1] HighLatency',
        ts: nextTs(),
      }).body,
    );

    const ts = nextTs();
    await deliver(s, 'events', grafana('C0ALERTS', ts).body);
    const answer = await waitForAnswer('C0ALERTS', ts);
    expect(answer.threadTs).toBe(ts);
    const alertTurns = (await turnsOf()).slice(before);
    expect(alertTurns).toHaveLength(1);
    expect(alertTurns[0]!.message).toContain(
      'Alert "HighLatency" from grafana, severity critical, service checkout',
    );
    expect(alertTurns[0]!.userId).toBe(owner.id);

    // The same alert firing again (a new message, a new event) within the window: nothing new.
    await deliver(s, 'events', grafana('C0ALERTS', nextTs()).body);
    await waitFor('the slack.event jobs', async () => {
      const depth = (await s.stack.runtime.jobs.queue.depth())['slack.event'];
      return depth.waiting + depth.active + depth.delayed === 0 ? true : undefined;
    });
    expect((await turnsOf()).length).toBe(before + 1);
  });
});

describe('Slack failures', () => {
  it('after repeated chat.update failures progress stops cleanly and the answer is still posted', async () => {
    s.slack.failMethod('chat.update', 'internal_error');
    try {
      const event = mention('T1', memberSlackId, 'why is the flaky job failing?');
      await deliver(s, 'events', event.body);
      const ts = (JSON.parse(event.body) as { event: { ts: string } }).event.ts;
      const answer = await waitForAnswer('C0INCIDENT', ts);
      expect(JSON.stringify(answer.blocks)).toContain('Scripted investigation finished.');
      const status = s.slack
        .thread('C0INCIDENT', ts)
        .find((m) => m.text.includes('Investigating'))!;
      const attempts = s.slack.calls.filter(
        (c) => c.method === 'chat.update' && c.params.ts === status.ts,
      );
      // 12 steps, but only SLACK_STATUS_MAX_FAILURES tries (Slack's `ok: false` is not retried), no final update.
      expect(attempts).toHaveLength(3);
    } finally {
      s.slack.failMethod('chat.update', undefined);
    }
  });
});

describe('Slack quotas', () => {
  it('a spent daily quota is explained in the thread, like chat.send refuses it', async () => {
    await setPlan(s.stack, workspaceId, 'free');
    try {
      const event = mention('T1', memberSlackId, 'why is quota exceeded?');
      await deliver(s, 'events', event.body);
      const ts = (JSON.parse(event.body) as { event: { ts: string } }).event.ts;
      const status = await waitFor('the refusal', () =>
        s.slack
          .thread('C0INCIDENT', ts)
          .find((m) => m.text.startsWith('I could not start the investigation')),
      );
      expect(status.history[0]).toContain('Investigating');
      expect((await turnsOf()).some((t) => t.message === 'why is quota exceeded?')).toBe(false);
    } finally {
      await setPlan(s.stack, workspaceId, 'pro');
    }
  });
});

describe('Slack feedback', () => {
  it('thumbs and the comment modal write the same feedback and comments as chat.turns.*', async () => {
    const event = mention('T1', memberSlackId, 'why is cart failing?');
    await deliver(s, 'events', event.body);
    const ts = (JSON.parse(event.body) as { event: { ts: string } }).event.ts;
    await waitForAnswer('C0INCIDENT', ts);
    const turn = (await turnsOf()).find((t) => t.message === 'why is cart failing?')!;
    const base = { team: { id: 'T1' }, user: { id: memberSlackId } };

    const down = await deliver(
      s,
      'interactivity',
      interactionBody({
        ...base,
        type: 'block_actions',
        trigger_id: 't1',
        actions: [{ action_id: 'vm_feedback_down', value: turn.id }],
      }),
    );
    expect(down.status).toBe(200);
    let details = await member.client.chat.turns.get.query({ workspaceId, turnId: turn.id });
    expect(details.myFeedback?.rating).toBe('down');
    await deliver(
      s,
      'interactivity',
      interactionBody({
        ...base,
        type: 'block_actions',
        trigger_id: 't2',
        actions: [{ action_id: 'vm_feedback_up', value: turn.id }],
      }),
    );
    details = await member.client.chat.turns.get.query({ workspaceId, turnId: turn.id });
    expect(details.myFeedback?.rating).toBe('up');

    const opened = await deliver(
      s,
      'interactivity',
      interactionBody({
        ...base,
        type: 'block_actions',
        trigger_id: 'trigger-comment',
        actions: [{ action_id: 'vm_comment', value: turn.id }],
      }),
    );
    expect(opened.status).toBe(200);
    const view = s.slack.views.find((v) => v.triggerId === 'trigger-comment')!;
    expect(view.view.private_metadata).toBe(turn.id);

    const empty = await deliver(
      s,
      'interactivity',
      interactionBody({
        ...base,
        type: 'view_submission',
        view: {
          callback_id: 'vm_comment_view',
          private_metadata: turn.id,
          state: { values: { comment: { body: { value: '  ' } } } },
        },
      }),
    );
    expect(JSON.parse(empty.text)).toMatchObject({ response_action: 'errors' });
    const submitted = await deliver(
      s,
      'interactivity',
      interactionBody({
        ...base,
        type: 'view_submission',
        view: {
          callback_id: 'vm_comment_view',
          private_metadata: turn.id,
          state: {
            values: { comment: { body: { value: 'The cart service was fine, it was DNS.' } } },
          },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    details = await member.client.chat.turns.get.query({ workspaceId, turnId: turn.id });
    expect(details.comments.map((c) => c.body)).toContain('The cart service was fine, it was DNS.');

    // A non-member's click changes nothing.
    await deliver(
      s,
      'interactivity',
      interactionBody({
        team: { id: 'T1' },
        user: { id: 'UOUTSIDER' },
        type: 'view_submission',
        view: {
          callback_id: 'vm_comment_view',
          private_metadata: turn.id,
          state: { values: { comment: { body: { value: 'spam' } } } },
        },
      }),
    );
    details = await member.client.chat.turns.get.query({ workspaceId, turnId: turn.id });
    expect(details.comments.map((c) => c.body)).not.toContain('spam');
  });
});
