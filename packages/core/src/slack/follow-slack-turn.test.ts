import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '@vibemonitor/auth';
import { slackInstallations, slackTurnMessages } from '@vibemonitor/db';
import { createSlackClient } from '@vibemonitor/integrations';
import { startFakeSlack, type FakeSlack } from '@vibemonitor/integrations/testing';
import { claimTurn } from '../chat/claim-turn.js';
import { completeTurn } from '../chat/finish-turn.js';
import { appendTurnEvent } from '../chat/turn-events.js';
import { openChatFixture, seedTurn } from '../chat/test/chat-fixture.js';
import { followSlackTurn } from './follow-slack-turn.js';
import { recordSlackDelivery } from './record-slack-delivery.js';
import type { SlackSettings } from './slack-settings.js';

let fixture: Awaited<ReturnType<typeof openChatFixture>>;
let slack: FakeSlack;
let settings: SlackSettings;
const secrets = createSecretBox({ keys: { k1: randomBytes(32) }, currentKeyId: 'k1' });

beforeAll(async () => {
  fixture = await openChatFixture();
  slack = await startFakeSlack({ clientId: 'id', clientSecret: 'secret' });
  slack.addTeam({ id: 'T1', name: 'One', botUserId: 'UBOT', users: [] });
  settings = { clientId: 'id', clientSecret: 'secret', signingSecret: 's', apiUrl: slack.apiUrl };
});
afterAll(async () => {
  await slack?.close();
  await fixture?.close();
});

/** A turn asked from Slack: installation, status message, answer target; the turn claimed and running. */
async function slackTurn() {
  const db = fixture.database.db;
  const bus = fixture.jobs.bus;
  const seeded = await seedTurn(db);
  // A real bot token, issued by the fake through the OAuth exchange.
  const access = await createSlackClient({ apiUrl: slack.apiUrl }).oauth.v2.access({
    client_id: 'id',
    client_secret: 'secret',
    code: slack.issueCode('T1'),
  });
  const [installation] = await db
    .insert(slackInstallations)
    .values({
      workspaceId: seeded.workspaceId,
      teamId: `T1-${randomBytes(3).toString('hex')}`,
      botUserId: 'UBOT',
      botTokenEnc: secrets.encryptSecret(access.access_token!),
    })
    .returning();
  const status = await createSlackClient({
    apiUrl: slack.apiUrl,
    token: access.access_token!,
  }).chat.postMessage({ channel: 'C1', thread_ts: '1.000001', text: 'Investigating…' });
  await db.insert(slackTurnMessages).values({
    turnId: seeded.turnId,
    workspaceId: seeded.workspaceId,
    installationId: installation!.id,
    channelId: 'C1',
    threadTs: '1.000001',
    statusTs: status.ts!,
    slackUserId: 'U1',
  });
  const claim = await claimTurn({ db, bus, ...seeded, workerId: 'w' });
  if (claim.kind !== 'run') throw new Error('turn not claimed');
  return { ...seeded, statusTs: status.ts!, attempt: claim.turn.attempt };
}

describe('followSlackTurn', () => {
  it('throttles status updates, ends on the final status, posts the answer once', async () => {
    const db = fixture.database.db;
    const bus = fixture.jobs.bus;
    const turn = await slackTurn();
    for (let i = 1; i <= 5; i++) {
      await appendTurnEvent({
        db,
        bus,
        workspaceId: turn.workspaceId,
        turnId: turn.turnId,
        attempt: turn.attempt,
        event: {
          type: 'finding',
          check: `check ${i}`,
          interesting: i === 3,
          summary: `found ${i}`,
        },
      });
    }
    await completeTurn({
      db,
      bus,
      workspaceId: turn.workspaceId,
      turnId: turn.turnId,
      attempt: turn.attempt,
      report: {
        analyst: 'deterministic',
        summary: 'Disk full on db-1.',
        rootCause: { service: 'db', cause: 'Disk full', confidence: 'high', evidenceIds: [] },
        evidence: [],
        ruledOut: [],
        timeline: [],
        nextSteps: [],
        notChecked: [],
      },
      usage: { inputTokens: 1, outputTokens: 1, toolCalls: 0, durationMs: 5 },
    });

    const follow = () =>
      followSlackTurn({
        db,
        bus,
        secrets,
        settings,
        workspaceId: turn.workspaceId,
        turnId: turn.turnId,
        webAppUrl: 'https://vm.example',
        // Long enough that the five steps replayed at once make one update, not five.
        minIntervalMs: 60_000,
      });
    expect(await follow()).toBe('answered');
    const status = slack.messages.find((m) => m.ts === turn.statusTs)!;
    // One throttled progress update (the first step), then the final status.
    expect(status.history).toHaveLength(2);
    expect(status.text).toContain('Investigation finished (5 steps)');
    expect(status.text).toContain('check 5: found 5');
    const answers = slack.messages.filter((m) => JSON.stringify(m.blocks).includes(turn.turnId));
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0]!.blocks)).toContain('Disk full');
    expect(JSON.stringify(answers[0]!.blocks)).toContain(
      `https://vm.example/chat/${turn.sessionId}?turn=${turn.turnId}`,
    );

    // Re-running the job (a retry) posts nothing again.
    expect(await follow()).toBe('skipped');
    expect(
      slack.messages.filter((m) => JSON.stringify(m.blocks).includes(turn.turnId)),
    ).toHaveLength(1);
  });

  it('is a no-op for a turn of another workspace', async () => {
    const turn = await slackTurn();
    const other = await seedTurn(fixture.database.db);
    expect(
      await followSlackTurn({
        db: fixture.database.db,
        bus: fixture.jobs.bus,
        secrets,
        settings,
        workspaceId: other.workspaceId,
        turnId: turn.turnId,
        webAppUrl: undefined,
      }),
    ).toBe('skipped');
  });
});

describe('recordSlackDelivery', () => {
  it('is true once per delivery id', async () => {
    const db = fixture.database.db;
    const id = `event-Ev${randomBytes(4).toString('hex')}`;
    expect(await recordSlackDelivery({ db, deliveryId: id })).toBe(true);
    expect(await recordSlackDelivery({ db, deliveryId: id })).toBe(false);
    expect(await recordSlackDelivery({ db, deliveryId: `${id}x` })).toBe(true);
  });
});
