import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  environments,
  rcaJobs,
  turnEvents,
  turnFeedback,
  usageCounters,
  workspaces,
} from '@vibemonitor/db';
import { startTestStack, type TestStack } from './harness.js';
import { seqsOf, streamTurn } from './chat-helpers.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

// The worker in this stack runs the default investigator: the honest
// "no engine configured" one.
let stack: TestStack;
let ada: TestUser;

beforeAll(async () => {
  stack = await startTestStack();
  ada = await createSignedInUser(stack, { name: 'Ada' });
  // Ada asks many questions across these tests; the quota has its own test.
  await stack.runtime.database.db
    .update(workspaces)
    .set({ planId: 'pro' })
    .where(eq(workspaces.id, ada.personalWorkspaceId));
});
afterAll(async () => {
  await stack?.close();
});

const db = () => stack.runtime.database.db;

async function sendAndFinish(user: TestUser, message: string, extra: { sessionId?: string } = {}) {
  const sent = await user.client.chat.send.mutate({
    workspaceId: user.personalWorkspaceId,
    message,
    ...extra,
  });
  const items = await streamTurn(user.client, {
    workspaceId: user.personalWorkspaceId,
    turnId: sent.turnId,
  });
  return { ...sent, items };
}

describe('chat.send -> chat.turns.stream -> complete', () => {
  it('streams attempt_started, thinking and complete with seqs 1..3, and records the outcome', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const { sessionId, turnId } = await ada.client.chat.send.mutate({
      workspaceId,
      message: 'Why is checkout slow since the deploy?',
    });
    const items = await streamTurn(ada.client, { workspaceId, turnId });

    expect(items.map((i) => i.data.event.type)).toEqual([
      'attempt_started',
      'thinking',
      'complete',
    ]);
    expect(seqsOf(items)).toEqual([1, 2, 3]);
    expect(items.map((i) => i.id)).toEqual(['1', '2', '3']);
    expect(items[0]!.data.event).toEqual({ type: 'attempt_started', attempt: 1 });
    expect(items[1]!.data.event).toMatchObject({
      type: 'thinking',
      text: expect.stringContaining('No logs or metrics integration is connected'),
    });
    const complete = items[2]!.data.event;
    if (complete.type !== 'complete') throw new Error('expected complete');
    // Honest: with no telemetry connected there is no root cause, and the report says what could not be checked.
    expect(complete.report).toMatchObject({
      analyst: 'deterministic',
      rootCause: null,
      evidence: [],
    });
    expect(complete.report.summary).toMatch(/^Nothing could be checked/);
    expect(complete.report.notChecked.length).toBeGreaterThan(0);
    expect(complete.usage).toMatchObject({ inputTokens: 0, outputTokens: 0, toolCalls: 0 });

    const turn = await ada.client.chat.turns.get.query({ workspaceId, turnId });
    expect(turn).toMatchObject({
      id: turnId,
      sessionId,
      status: 'completed',
      attempt: 1,
      error: null,
      myFeedback: null,
      comments: [],
    });
    expect(turn.report).toEqual(complete.report);
    expect(turn.usage).toEqual(complete.usage);
    expect(turn.startedAt).toBeInstanceOf(Date);
    expect(turn.completedAt!.getTime()).toBeGreaterThanOrEqual(turn.startedAt!.getTime());

    const [job] = await db().select().from(rcaJobs).where(eq(rcaJobs.turnId, turnId));
    expect(job).toMatchObject({
      status: 'completed',
      attempts: 1,
      workspaceId,
      workerId: stack.worker!.workerId,
    });
    expect(job!.finishedAt).toBeInstanceOf(Date);
  });

  it('replays a finished turn and ends; resuming after the last event ends with nothing', async () => {
    const { turnId, items } = await sendAndFinish(ada, 'Is the API healthy?');
    const workspaceId = ada.personalWorkspaceId;
    const replay = await streamTurn(ada.client, { workspaceId, turnId });
    expect(replay).toEqual(items);
    const tail = await streamTurn(ada.client, { workspaceId, turnId, lastEventId: '2' });
    expect(seqsOf(tail)).toEqual([3]);
    const nothing = await streamTurn(ada.client, { workspaceId, turnId, lastEventId: '3' });
    expect(nothing).toEqual([]);
  });

  it('titles a new session from the first line of the message and continues an existing one', async () => {
    const user = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const long = `${'Latency on the payments service has been climbing '.repeat(3)}\nsecond line`;
    const first = await sendAndFinish(user, `  \n${long}`);
    const second = await sendAndFinish(user, 'And what about errors?', {
      sessionId: first.sessionId,
    });
    expect(second.sessionId).toBe(first.sessionId);

    const session = await user.client.chat.sessions.get.query({
      workspaceId,
      sessionId: first.sessionId,
    });
    expect(session.title!.length).toBeLessThanOrEqual(80);
    expect(session.title).toMatch(
      /^Latency on the payments service has been climbing Latency on the .*…$/,
    );
    expect(session.turns.map((t) => [t.id, t.status])).toEqual([
      [first.turnId, 'completed'],
      [second.turnId, 'completed'],
    ]);
    expect(session.turns[0]!.report?.analyst).toBe('deterministic');
  });

  it('uses the default environment when none is given, and refuses one from another workspace', async () => {
    const user = await createSignedInUser(stack);
    const other = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const [prod] = await db()
      .insert(environments)
      .values({ workspaceId, name: 'production', isDefault: true })
      .returning();
    const [staging] = await db()
      .insert(environments)
      .values({ workspaceId, name: 'staging' })
      .returning();
    const [foreign] = await db()
      .insert(environments)
      .values({ workspaceId: other.personalWorkspaceId, name: 'prod' })
      .returning();

    const byDefault = await user.client.chat.send.mutate({ workspaceId, message: 'Anything odd?' });
    const chosen = await user.client.chat.send.mutate({
      workspaceId,
      message: 'And in staging?',
      environmentId: staging!.id,
    });
    const [a, b] = await Promise.all([
      user.client.chat.sessions.get.query({ workspaceId, sessionId: byDefault.sessionId }),
      user.client.chat.sessions.get.query({ workspaceId, sessionId: chosen.sessionId }),
    ]);
    expect(a.environmentId).toBe(prod!.id);
    expect(b.environmentId).toBe(staging!.id);

    const refused = await failure(
      user.client.chat.send.mutate({ workspaceId, message: 'Hm?', environmentId: foreign!.id }),
    );
    expect(refused.code).toBe('NOT_FOUND');
    expect(refused.message).toBe('That environment does not exist in this workspace.');
  });

  it('validates the message and the session', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const blank = await failure(ada.client.chat.send.mutate({ workspaceId, message: '   ' }));
    expect(blank.code).toBe('BAD_REQUEST');
    expect(blank.validation).toEqual([{ path: 'message', message: 'Enter a question.' }]);
    const long = await failure(
      ada.client.chat.send.mutate({ workspaceId, message: 'x'.repeat(4001) }),
    );
    expect(long.code).toBe('BAD_REQUEST');
    expect(long.message).toContain('at most 4000 characters');
    await expect(
      ada.client.chat.send.mutate({ workspaceId, message: 'y'.repeat(4000) }),
    ).resolves.toMatchObject({ turnId: expect.any(String) });
    const unknownSession = await failure(
      ada.client.chat.send.mutate({
        workspaceId,
        message: 'Hello',
        sessionId: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(unknownSession.code).toBe('NOT_FOUND');
  });
});

describe('quota', () => {
  it('allows 10 investigations a day on Free and refuses the 11th with PAYMENT_REQUIRED; Pro allows more', async () => {
    const user = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const sent = [];
    for (let i = 0; i < 10; i++)
      sent.push(await user.client.chat.send.mutate({ workspaceId, message: `Question ${i}` }));
    const refused = await failure(
      user.client.chat.send.mutate({ workspaceId, message: 'One more' }),
    );
    expect(refused.code).toBe('PAYMENT_REQUIRED');
    expect(refused.httpStatus).toBe(402);
    expect(refused.message).toMatch(/^The Free plan allows 10 investigations a day/);
    expect(refused.details).toMatchObject({
      limit: 10,
      period: new Date().toISOString().slice(0, 10),
    });

    // The refused send created nothing and did not count.
    const sessions = await user.client.chat.sessions.list.query({ workspaceId, limit: 50 });
    expect(sessions.items).toHaveLength(10);
    const [counter] = await db()
      .select()
      .from(usageCounters)
      .where(
        and(eq(usageCounters.workspaceId, workspaceId), eq(usageCounters.metric, 'investigations')),
      );
    expect(counter!.count).toBe(10);

    await db().update(workspaces).set({ planId: 'pro' }).where(eq(workspaces.id, workspaceId));
    await expect(
      user.client.chat.send.mutate({ workspaceId, message: 'On Pro now' }),
    ).resolves.toMatchObject({ turnId: expect.any(String) });
  });
});

describe('chat.sessions', () => {
  it('lists newest first in keyset pages, renames and deletes', async () => {
    const user = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await user.client.chat.send.mutate({ workspaceId, message: `Session ${i}` })).sessionId,
      );
    // A new turn in the oldest session makes it the most recently active.
    await user.client.chat.send.mutate({ workspaceId, message: 'Follow-up', sessionId: ids[0] });

    const page1 = await user.client.chat.sessions.list.query({ workspaceId, limit: 2 });
    const page2 = await user.client.chat.sessions.list.query({
      workspaceId,
      limit: 2,
      cursor: page1.nextCursor!,
    });
    const page3 = await user.client.chat.sessions.list.query({
      workspaceId,
      limit: 2,
      cursor: page2.nextCursor!,
    });
    expect(page3.nextCursor).toBeNull();
    expect([...page1.items, ...page2.items, ...page3.items].map((s) => s.id)).toEqual([
      ids[0],
      ids[4],
      ids[3],
      ids[2],
      ids[1],
    ]);
    expect(page1.items[0]!.title).toBe('Session 0');

    const bad = await failure(
      user.client.chat.sessions.list.query({ workspaceId, cursor: 'garbage' }),
    );
    expect(bad.code).toBe('BAD_REQUEST');

    const renamed = await user.client.chat.sessions.update.mutate({
      workspaceId,
      sessionId: ids[1]!,
      title: '  Payments outage  ',
    });
    expect(renamed.title).toBe('Payments outage');
    const empty = await failure(
      user.client.chat.sessions.update.mutate({ workspaceId, sessionId: ids[1]!, title: ' ' }),
    );
    expect(empty.code).toBe('BAD_REQUEST');

    const session = await user.client.chat.sessions.get.query({ workspaceId, sessionId: ids[1]! });
    const turnId = session.turns[0]!.id;
    await expect(
      user.client.chat.sessions.delete.mutate({ workspaceId, sessionId: ids[1]! }),
    ).resolves.toEqual({ ok: true });
    expect(
      (await failure(user.client.chat.sessions.get.query({ workspaceId, sessionId: ids[1]! })))
        .code,
    ).toBe('NOT_FOUND');
    expect((await failure(user.client.chat.turns.get.query({ workspaceId, turnId }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await db().select().from(turnEvents).where(eq(turnEvents.turnId, turnId))).toEqual([]);
    expect(
      (await failure(user.client.chat.sessions.delete.mutate({ workspaceId, sessionId: ids[1]! })))
        .code,
    ).toBe('NOT_FOUND');
  });

  it("lets only a session's author or a workspace owner rename or delete it", async () => {
    const owner = await createSignedInUser(stack);
    const author = await createSignedInUser(stack);
    const teammate = await createSignedInUser(stack);
    const workspaceId = await createTeam(stack, owner, [{ user: author }, { user: teammate }]);
    const first = await author.client.chat.send.mutate({
      workspaceId,
      message: 'Why is orders slow?',
    });
    const second = await author.client.chat.send.mutate({
      workspaceId,
      message: 'Why is auth failing?',
    });

    const refused = await failure(
      teammate.client.chat.sessions.delete.mutate({ workspaceId, sessionId: first.sessionId }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toBe(
      'Only the author of a chat session or a workspace owner can delete it.',
    );
    const renameRefused = await failure(
      teammate.client.chat.sessions.update.mutate({
        workspaceId,
        sessionId: first.sessionId,
        title: 'Mine now',
      }),
    );
    expect(renameRefused.code).toBe('FORBIDDEN');
    await expect(
      owner.client.chat.sessions.update.mutate({
        workspaceId,
        sessionId: first.sessionId,
        title: 'Orders latency',
      }),
    ).resolves.toMatchObject({ title: 'Orders latency' });
    await expect(
      author.client.chat.sessions.get.query({ workspaceId, sessionId: first.sessionId }),
    ).resolves.toMatchObject({ id: first.sessionId });

    await expect(
      author.client.chat.sessions.delete.mutate({ workspaceId, sessionId: first.sessionId }),
    ).resolves.toEqual({ ok: true });
    await expect(
      owner.client.chat.sessions.delete.mutate({ workspaceId, sessionId: second.sessionId }),
    ).resolves.toEqual({ ok: true });
  });

  it('searches titles and turn messages with full-text ranking', async () => {
    const user = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const kafka = await user.client.chat.send.mutate({
      workspaceId,
      message: 'Consumer lag is growing',
    });
    await user.client.chat.send.mutate({
      workspaceId,
      message: 'Is the Kafka broker rebalancing again?',
      sessionId: kafka.sessionId,
    });
    const titled = await user.client.chat.send.mutate({
      workspaceId,
      message: 'Kafka brokers restarting',
    });
    await user.client.chat.send.mutate({ workspaceId, message: 'Disk usage on the database host' });
    // Another workspace's sessions are never found.
    const other = await createSignedInUser(stack);
    await other.client.chat.send.mutate({
      workspaceId: other.personalWorkspaceId,
      message: 'Kafka is down',
    });

    // "broker" matches "brokers" and "broker" (stemming); the title match ranks first.
    const found = await user.client.chat.sessions.search.query({ workspaceId, q: 'broker' });
    expect(found.items.map((s) => s.id)).toEqual([titled.sessionId, kafka.sessionId]);
    expect(found.items[0]!.rank).toBeGreaterThan(found.items[1]!.rank);

    // A word that appears only in the second turn's message.
    const byMessage = await user.client.chat.sessions.search.query({
      workspaceId,
      q: 'rebalancing',
    });
    expect(byMessage.items.map((s) => s.id)).toEqual([kafka.sessionId]);
    const phrase = await user.client.chat.sessions.search.query({
      workspaceId,
      q: '"disk usage" -kafka',
    });
    expect(phrase.items).toHaveLength(1);

    for (const q of [
      'the',
      '!!!',
      '"',
      '&|!():*',
      "'; drop table chat_sessions; --",
      'nothing-matches-this',
    ]) {
      await expect(user.client.chat.sessions.search.query({ workspaceId, q }), q).resolves.toEqual({
        items: [],
      });
    }
    const blank = await failure(user.client.chat.sessions.search.query({ workspaceId, q: '   ' }));
    expect(blank.code).toBe('BAD_REQUEST');
    expect(blank.message).toContain('Enter something to search for.');
  });

  it('keeps the stored search vector current: renames, later questions, limit', async () => {
    const user = await createSignedInUser(stack);
    const workspaceId = user.personalWorkspaceId;
    const search = async (q: string, limit?: number) =>
      (
        await user.client.chat.sessions.search.query({
          workspaceId,
          q,
          ...(limit ? { limit } : {}),
        })
      ).items.map((s) => s.id);
    const first = await user.client.chat.send.mutate({
      workspaceId,
      message: 'Checkout latency spiked',
    });
    expect(await search('checkout')).toEqual([first.sessionId]);

    await user.client.chat.sessions.update.mutate({
      workspaceId,
      sessionId: first.sessionId,
      title: 'Payments outage',
    });
    expect(await search('payments')).toEqual([first.sessionId]);
    // The first question still matches (weight B) after the title changed.
    expect(await search('checkout')).toEqual([first.sessionId]);
    // A later question in the same session becomes searchable with it.
    await user.client.chat.send.mutate({
      workspaceId,
      sessionId: first.sessionId,
      message: 'Was the redis cluster failing over?',
    });
    expect(await search('failover redis')).toEqual([]);
    expect(await search('redis cluster')).toEqual([first.sessionId]);

    const more = [];
    for (let i = 0; i < 3; i++)
      more.push(
        (await user.client.chat.send.mutate({ workspaceId, message: `Redis memory ${i}` }))
          .sessionId,
      );
    // Equal ranks: newest first, and the limit holds.
    expect(await search('memory', 2)).toEqual([more[2], more[1]]);
  });
});

describe('chat.turns feedback, comments and cancel', () => {
  it('keeps one rating per user (upsert) and lists comments with their authors', async () => {
    const { turnId } = await sendAndFinish(ada, 'Why did the pods restart?');
    const workspaceId = ada.personalWorkspaceId;
    await ada.client.chat.turns.feedback.mutate({
      workspaceId,
      turnId,
      rating: 'up',
      comment: 'Useful',
    });
    const changed = await ada.client.chat.turns.feedback.mutate({
      workspaceId,
      turnId,
      rating: 'down',
    });
    expect(changed).toMatchObject({ rating: 'down', comment: null });
    const rows = await db().select().from(turnFeedback).where(eq(turnFeedback.turnId, turnId));
    expect(rows).toHaveLength(1);

    const comment = await ada.client.chat.turns.comment.mutate({
      workspaceId,
      turnId,
      body: '  Checked the node pool too.  ',
    });
    expect(comment).toMatchObject({
      body: 'Checked the node pool too.',
      userId: ada.id,
      authorName: 'Ada',
    });
    const blank = await failure(
      ada.client.chat.turns.comment.mutate({ workspaceId, turnId, body: '' }),
    );
    expect(blank.code).toBe('BAD_REQUEST');

    const turn = await ada.client.chat.turns.get.query({ workspaceId, turnId });
    expect(turn.myFeedback).toMatchObject({ rating: 'down', comment: null });
    expect(turn.comments.map((c) => c.body)).toEqual(['Checked the node pool too.']);
  });

  it('refuses to cancel a turn that has ended', async () => {
    const { turnId } = await sendAndFinish(ada, 'Was it DNS?');
    const error = await failure(
      ada.client.chat.turns.cancel.mutate({ workspaceId: ada.personalWorkspaceId, turnId }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe(
      'This turn has already completed: only a queued or running turn can be cancelled.',
    );
  });
});

describe('isolation', () => {
  it("answers NOT_FOUND for another workspace's session and turn ids, and FORBIDDEN for its workspace id", async () => {
    const mallory = await createSignedInUser(stack, { name: 'Mallory' });
    const { sessionId, turnId } = await sendAndFinish(ada, 'Secret incident');
    const own = mallory.personalWorkspaceId;
    const c = mallory.client.chat;
    const notFound = [
      () => c.sessions.get.query({ workspaceId: own, sessionId }),
      () => c.sessions.update.mutate({ workspaceId: own, sessionId, title: 'mine' }),
      () => c.sessions.delete.mutate({ workspaceId: own, sessionId }),
      () => c.send.mutate({ workspaceId: own, message: 'hijack', sessionId }),
      () => c.turns.get.query({ workspaceId: own, turnId }),
      () => c.turns.cancel.mutate({ workspaceId: own, turnId }),
      () => c.turns.feedback.mutate({ workspaceId: own, turnId, rating: 'down' }),
      () => c.turns.comment.mutate({ workspaceId: own, turnId, body: 'hi' }),
      () => streamTurn(mallory.client, { workspaceId: own, turnId }),
    ];
    // Thunks, so each call starts (and may fail) only when awaited.
    for (const call of notFound) expect((await failure(call())).code).toBe('NOT_FOUND');
    expect(
      (await c.sessions.search.query({ workspaceId: own, q: 'secret incident' })).items,
    ).toEqual([]);
    expect((await c.sessions.list.query({ workspaceId: own })).items).toEqual([]);

    const victim = ada.personalWorkspaceId;
    const forbidden = [
      () => c.sessions.get.query({ workspaceId: victim, sessionId }),
      () => c.turns.get.query({ workspaceId: victim, turnId }),
      () => streamTurn(mallory.client, { workspaceId: victim, turnId }),
    ];
    for (const call of forbidden) expect((await failure(call())).code).toBe('FORBIDDEN');
    // Nothing changed for Ada.
    const turn = await ada.client.chat.turns.get.query({ workspaceId: victim, turnId });
    expect(turn).toMatchObject({ status: 'completed', myFeedback: null, comments: [] });
  });

  it('answers NOT_FOUND for an unknown turn id in your own workspace, and shares sessions with teammates', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const missing = '00000000-0000-4000-8000-000000000001';
    for (const call of [
      () => ada.client.chat.turns.get.query({ workspaceId, turnId: missing }),
      () => ada.client.chat.turns.cancel.mutate({ workspaceId, turnId: missing }),
      () => ada.client.chat.turns.feedback.mutate({ workspaceId, turnId: missing, rating: 'up' }),
      () => ada.client.chat.turns.comment.mutate({ workspaceId, turnId: missing, body: 'x' }),
      () => streamTurn(ada.client, { workspaceId, turnId: missing }),
    ]) {
      const error = await failure(call());
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toBe('Turn not found in this workspace.');
    }
    const badId = await failure(streamTurn(ada.client, { workspaceId, turnId: 'not-a-uuid' }));
    expect(badId.code).toBe('BAD_REQUEST');

    const grace = await createSignedInUser(stack, { name: 'Grace' });
    const team = await createTeam(stack, ada, [{ user: grace }], 'SRE');
    const sent = await ada.client.chat.send.mutate({ workspaceId: team, message: 'Team question' });
    const items = await streamTurn(grace.client, { workspaceId: team, turnId: sent.turnId });
    expect(items.at(-1)!.data.event.type).toBe('complete');
  });
});
