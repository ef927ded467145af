import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerExample } from './alerts-payloads.js';
import { createScriptedInvestigator } from './chat-helpers.js';
import {
  addTeam,
  installSlack,
  startSlackStack,
  waitFor,
  type SlackStack,
} from './slack-helpers.js';
import { createSignedInUser, createTeam } from './users.js';

let s: SlackStack;
beforeAll(async () => {
  s = await startSlackStack(createScriptedInvestigator({ events: 1 }));
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('alerts in Slack', () => {
  it('open a thread per alert group in the notification channel, where the result lands', async () => {
    const owner = await createSignedInUser(s.stack);
    const workspaceId = await createTeam(s.stack, owner, [], 'Alerts Slack');
    addTeam(s.slack, 'TAL', [owner]);
    await installSlack(s, owner, workspaceId, 'TAL');
    await owner.client.slack.setChannel.mutate({
      workspaceId,
      channelId: 'C0ALERTS',
      notifications: true,
    });
    const { endpoint, secret } = await owner.client.alert.endpoints.create.mutate({
      workspaceId,
      name: 'am',
    });

    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify(alertmanagerExample),
    });
    expect(res.status).toBe(202);
    const { turnId } = (await res.json()) as { turnId: string };

    const root = await waitFor('the alert message', () =>
      s.slack.messages.find((m) => m.channel === 'C0ALERTS' && m.text.includes('ProbeFailure')),
    );
    expect(root.threadTs).toBeUndefined();
    expect(root.text).toContain('http_checks');
    const answer = await waitFor('the result in the thread', () =>
      s.slack.messages.find(
        (m) =>
          m.channel === 'C0ALERTS' &&
          m.threadTs === root.ts &&
          m.text.includes('Investigation finished'),
      ),
    );
    expect(answer.text).toContain(turnId);
    // Said once, in the thread: never again unthreaded in the channel.
    expect(s.slack.messages.filter((m) => m.text.includes('Investigation finished'))).toHaveLength(
      1,
    );
  }, 60_000);
});
