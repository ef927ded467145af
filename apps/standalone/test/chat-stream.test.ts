import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type RcaEvent } from '@vibemonitor/contracts';
import { chatSessions, chatTurns, rcaJobs, turnEvents, workspaces } from '@vibemonitor/db';
import type { StartedWorker } from '@vibemonitor/worker';
import { startTestStack, type TestStack } from './harness.js';
import {
  createScriptedInvestigator,
  seqsOf,
  startChatWorker,
  streamTurn,
  type ScriptedInvestigator,
} from './chat-helpers.js';
import { createSignedInUser, failure, type TestUser } from './users.js';

/*
 * The stream contract with a scripted engine injected into the worker:
 * resume with lastEventId, several subscribers, cancel, failures, and the
 * recovery of turns whose worker died (stale-turn sweeper, attempt limit).
 * The question picks the scenario.
 */
let stack: TestStack;
let worker: StartedWorker;
let engine: ScriptedInvestigator;
let ada: TestUser;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  engine = createScriptedInvestigator((question) => {
    if (question.startsWith('slow')) return { events: 200, delayMs: 50 };
    if (question.startsWith('paced')) return { events: 20, delayMs: 40 };
    // Silent for longer than the stale age: only the heartbeat shows it is alive.
    if (question.startsWith('quiet')) return { events: 2, delayMs: 1_600 };
    if (question.startsWith('app error'))
      return {
        events: 1,
        failWith: new AppError('UNAVAILABLE', 'Loki did not answer within 10 s.'),
      };
    if (question.startsWith('bug'))
      return {
        events: 1,
        failWith: new Error('connection to 10.0.0.7 refused (password=hunter2)'),
      };
    return { events: 3, delayMs: 10 };
  });
  // One run at a time, so a turn can be held in the queue behind a slow one.
  worker = await startChatWorker(stack, engine, {
    concurrency: 1,
    staleTurnSweep: { staleAfterMs: 1_000, heartbeatIntervalMs: 250, intervalMs: 250 },
  });
  ada = await createSignedInUser(stack, { name: 'Ada' });
  await stack.runtime.database.db
    .update(workspaces)
    .set({ planId: 'pro' })
    .where(eq(workspaces.id, ada.personalWorkspaceId));
});
afterAll(async () => {
  await worker?.close(2_000);
  await stack?.close();
});

const db = () => stack.runtime.database.db;

async function storedSeqs(turnId: string): Promise<number[]> {
  const rows = await db()
    .select({ seq: turnEvents.seq })
    .from(turnEvents)
    .where(eq(turnEvents.turnId, turnId))
    .orderBy(turnEvents.seq);
  return rows.map((r) => r.seq);
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe('resume with lastEventId', () => {
  it('a subscriber that disconnects after N events gets exactly the rest after reconnecting', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const { turnId } = await ada.client.chat.send.mutate({
      workspaceId,
      message: 'paced: why is the queue backing up?',
    });
    const first = await streamTurn(
      ada.client,
      { workspaceId, turnId },
      { until: (items) => items.length === 5 },
    );
    expect(seqsOf(first)).toEqual([1, 2, 3, 4, 5]);
    // Stay away while more events are produced.
    await until(async () => (await storedSeqs(turnId)).length >= 9);

    const rest = await streamTurn(ada.client, {
      workspaceId,
      turnId,
      lastEventId: first.at(-1)!.id,
    });
    const all = [...first, ...rest];
    // attempt_started + 20 thinking + complete, each exactly once, in order.
    expect(seqsOf(all)).toEqual(range(1, 22));
    expect(all.map((i) => i.id)).toEqual(range(1, 22).map(String));
    expect(all.at(-1)!.data.event.type).toBe('complete');
    expect(all.slice(1, -1).map((i) => i.data.event)).toEqual(
      range(1, 20).map((n) => ({ type: 'thinking', text: `step ${n}` })),
    );
    expect(await storedSeqs(turnId)).toEqual(range(1, 22));
  });

  it('two subscribers see identical sequences, and the stream gauge counts open streams', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const { turnId } = await ada.client.chat.send.mutate({
      workspaceId,
      message: 'paced: two watchers',
    });
    const gauge = async () => {
      const text = await (await fetch(`${stack.url}/metrics`)).text();
      return Number(
        /vm_sse_active_streams\{path="chat\.turns\.stream"\} (\d+)/.exec(text)?.[1] ?? 0,
      );
    };
    let peak = 0;
    const watch = () =>
      streamTurn(
        ada.client,
        { workspaceId, turnId },
        {
          onItem: (_item, items) =>
            void (items.length === 3 && gauge().then((n) => (peak = Math.max(peak, n)))),
        },
      );
    const [a, b] = await Promise.all([watch(), watch()]);
    expect(a).toEqual(b);
    expect(seqsOf(a), JSON.stringify(a.map((i) => i.data.event))).toEqual(range(1, 22));
    expect(peak).toBe(2);
    await until(async () => (await gauge()) === 0);
  });
});

describe('cancel', () => {
  it('stops a running turn: the engine sees the abort and the stream ends with cancelled', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const { turnId } = await ada.client.chat.send.mutate({
      workspaceId,
      message: 'slow: investigate everything',
    });
    let cancelled: Promise<unknown> | undefined;
    const items = await streamTurn(
      ada.client,
      { workspaceId, turnId },
      {
        onItem: (_item, all) => {
          if (all.length === 4)
            cancelled = ada.client.chat.turns.cancel.mutate({ workspaceId, turnId });
        },
      },
    );
    await cancelled;
    const last = items.at(-1)!.data;
    expect(last.event).toEqual({ type: 'cancelled', reason: 'cancelled by Ada' });
    expect(seqsOf(items)).toEqual(range(1, items.length));
    expect(items.length).toBeLessThan(20);

    await until(() => engine.runs.find((r) => r.turnId === turnId)?.aborted === true);
    // Nothing was added after the terminal event.
    await sleep(200);
    expect(await storedSeqs(turnId)).toEqual(range(1, last.seq));
    const turn = await ada.client.chat.turns.get.query({ workspaceId, turnId });
    expect(turn).toMatchObject({ status: 'cancelled', report: null });
    const [job] = await db().select().from(rcaJobs).where(eq(rcaJobs.turnId, turnId));
    expect(job!.status).toBe('cancelled');

    const again = await failure(ada.client.chat.turns.cancel.mutate({ workspaceId, turnId }));
    expect(again.code).toBe('PRECONDITION_FAILED');
    expect(again.message).toBe(
      'This turn has already been cancelled: only a queued or running turn can be cancelled.',
    );
  });

  it('cancels a queued turn before any worker starts it; the worker then skips it', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const busy = await ada.client.chat.send.mutate({
      workspaceId,
      message: 'paced: keeps the only worker slot busy',
    });
    const queued = await ada.client.chat.send.mutate({
      workspaceId,
      message: 'waits in the queue',
    });
    await ada.client.chat.turns.cancel.mutate({ workspaceId, turnId: queued.turnId });
    const items = await streamTurn(ada.client, { workspaceId, turnId: queued.turnId });
    expect(items.map((i) => i.data)).toEqual([
      { seq: 1, event: { type: 'cancelled', reason: 'cancelled by Ada' } },
    ]);

    await streamTurn(ada.client, { workspaceId, turnId: busy.turnId });
    // The queued job ran after the busy one and left the cancelled turn alone.
    await sleep(300);
    expect(engine.runs.some((r) => r.turnId === queued.turnId)).toBe(false);
    expect(await storedSeqs(queued.turnId)).toEqual([1]);
    const [job] = await db().select().from(rcaJobs).where(eq(rcaJobs.turnId, queued.turnId));
    expect(job).toMatchObject({ status: 'cancelled', attempts: 0 });
  });
});

describe('failures', () => {
  it("ends with an error event carrying an AppError's code and message", async () => {
    const workspaceId = ada.personalWorkspaceId;
    const { turnId } = await ada.client.chat.send.mutate({
      workspaceId,
      message: 'app error: check logs',
    });
    const items = await streamTurn(ada.client, { workspaceId, turnId });
    expect(items.map((i) => i.data.event.type)).toEqual(['attempt_started', 'thinking', 'error']);
    expect(items[2]!.data.event).toEqual({
      type: 'error',
      code: 'UNAVAILABLE',
      message: 'Loki did not answer within 10 s.',
    });
    const turn = await ada.client.chat.turns.get.query({ workspaceId, turnId });
    expect(turn).toMatchObject({
      status: 'failed',
      error: { code: 'UNAVAILABLE', message: 'Loki did not answer within 10 s.' },
    });
  });

  it('reports an unexpected failure as INTERNAL without leaking its details', async () => {
    const workspaceId = ada.personalWorkspaceId;
    const { turnId } = await ada.client.chat.send.mutate({
      workspaceId,
      message: 'bug: crash please',
    });
    const items = await streamTurn(ada.client, { workspaceId, turnId });
    const event = items.at(-1)!.data.event;
    expect(event).toMatchObject({ type: 'error', code: 'INTERNAL' });
    expect(JSON.stringify(event)).not.toMatch(/hunter2|10\.0\.0\.7/);
    const [job] = await db().select().from(rcaJobs).where(eq(rcaJobs.turnId, turnId));
    expect(job).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('internal error'),
    });
  });
});

/** The rows a worker that died mid-run leaves behind: turn and job `running`, a few events, all old. */
async function insertInterruptedTurn(options: {
  attempt: number;
  ageMs: number;
  message?: string;
}): Promise<string> {
  const workspaceId = ada.personalWorkspaceId;
  const at = new Date(Date.now() - options.ageMs);
  const [session] = await db()
    .insert(chatSessions)
    .values({ workspaceId, userId: ada.id, title: 'Interrupted', createdAt: at, updatedAt: at })
    .returning();
  const [turn] = await db()
    .insert(chatTurns)
    .values({
      workspaceId,
      sessionId: session!.id,
      userId: ada.id,
      message: options.message ?? 'left running',
      status: 'running',
      attempt: options.attempt,
      createdAt: at,
      startedAt: at,
    })
    .returning();
  await db().insert(rcaJobs).values({
    workspaceId,
    turnId: turn!.id,
    status: 'running',
    attempts: options.attempt,
    queuedAt: at,
    startedAt: at,
    workerId: 'dead-worker',
  });
  const events: RcaEvent[] = [
    { type: 'attempt_started', attempt: options.attempt },
    { type: 'thinking', text: 'half way' },
  ];
  await db()
    .insert(turnEvents)
    .values(
      events.map((event, i) => ({
        workspaceId,
        turnId: turn!.id,
        seq: i + 1,
        type: event.type,
        payload: event,
        createdAt: at,
      })),
    );
  return turn!.id;
}

describe('recovery of turns whose worker died', () => {
  it('the sweeper re-enqueues a stale running turn; it completes as attempt 2 with no seq reused', async () => {
    const turnId = await insertInterruptedTurn({ attempt: 1, ageMs: 10 * 60_000 });
    const items = await streamTurn(ada.client, { workspaceId: ada.personalWorkspaceId, turnId });
    expect(seqsOf(items)).toEqual(range(1, items.length));
    expect(items.map((i) => i.data.event.type)).toEqual([
      'attempt_started',
      'thinking',
      'attempt_started',
      'thinking',
      'thinking',
      'thinking',
      'complete',
    ]);
    expect(items[2]!.data.event).toEqual({
      type: 'attempt_started',
      attempt: 2,
      reason: 'the previous attempt was interrupted',
    });
    const turn = await ada.client.chat.turns.get.query({
      workspaceId: ada.personalWorkspaceId,
      turnId,
    });
    expect(turn).toMatchObject({ status: 'completed', attempt: 2 });
    const [job] = await db().select().from(rcaJobs).where(eq(rcaJobs.turnId, turnId));
    expect(job).toMatchObject({ status: 'completed', attempts: 2, workerId: worker.workerId });
  });

  it('leaves a live run alone while its worker beats, even when it emits nothing for longer than the stale age', async () => {
    const { turnId } = await ada.client.chat.send.mutate({
      workspaceId: ada.personalWorkspaceId,
      message: 'quiet: why is the batch job slow?',
    });
    const items = await streamTurn(
      ada.client,
      { workspaceId: ada.personalWorkspaceId, turnId },
      { timeoutMs: 20_000 },
    );
    expect(items.map((i) => i.data.event.type)).toEqual([
      'attempt_started',
      'thinking',
      'thinking',
      'complete',
    ]);
    expect(engine.runs.filter((r) => r.turnId === turnId)).toHaveLength(1);
    const [job] = await db().select().from(rcaJobs).where(eq(rcaJobs.turnId, turnId));
    expect(job).toMatchObject({ status: 'completed', attempts: 1 });
    expect(job!.heartbeatAt).not.toBeNull();
  });

  it('fails a turn that was interrupted too often instead of running it a fourth time', async () => {
    const turnId = await insertInterruptedTurn({ attempt: 3, ageMs: 10 * 60_000 });
    const items = await streamTurn(ada.client, { workspaceId: ada.personalWorkspaceId, turnId });
    expect(items.map((i) => i.data.event.type)).toEqual(['attempt_started', 'thinking', 'error']);
    expect(items[2]!.data.event).toMatchObject({
      type: 'error',
      code: 'INTERRUPTED',
      message: expect.stringContaining('interrupted 3 times'),
    });
    expect(engine.runs.some((r) => r.turnId === turnId)).toBe(false);
    expect(
      (await ada.client.chat.turns.get.query({ workspaceId: ada.personalWorkspaceId, turnId }))
        .status,
    ).toBe('failed');
  });

  it('abandons a turn stale for longer than the give-up age, so nothing stays running forever', async () => {
    const turnId = await insertInterruptedTurn({ attempt: 1, ageMs: 3 * 60 * 60_000 });
    const items = await streamTurn(ada.client, { workspaceId: ada.personalWorkspaceId, turnId });
    expect(items.at(-1)!.data.event).toEqual({
      type: 'error',
      code: 'INTERRUPTED',
      message: 'The investigation stopped making progress and was abandoned. Ask again to retry.',
    });
    expect(engine.runs.some((r) => r.turnId === turnId)).toBe(false);
  });
});
