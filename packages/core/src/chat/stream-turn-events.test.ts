import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type TurnStreamItem } from '@vibemonitor/contracts';
import { eq } from 'drizzle-orm';
import { chatTurns } from '@vibemonitor/db';
import { openTurnStream } from './stream-turn-events.js';
import { appendTurnEvent, insertTurnEvent } from './turn-events.js';
import { openChatFixture, seedTurn } from './test/chat-fixture.js';

let fixture: Awaited<ReturnType<typeof openChatFixture>>;
beforeAll(async () => {
  fixture = await openChatFixture();
});
afterAll(async () => {
  await fixture?.close();
});

async function collect(
  stream: AsyncGenerator<TurnStreamItem, void, undefined>,
): Promise<TurnStreamItem[]> {
  const items: TurnStreamItem[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe('openTurnStream', () => {
  it('picks up an event whose bus message was lost by polling the database after a silence', async () => {
    const db = fixture.database.db;
    const bus = fixture.jobs.bus;
    const ref = await seedTurn(db);
    const controller = new AbortController();
    const stream = await openTurnStream({
      db,
      bus,
      ...ref,
      afterSeq: 0,
      signal: controller.signal,
      silencePollMs: 200,
    });
    const done = collect(stream);
    await sleep(100); // past the replay, so only the silence poll can find what follows
    // Stored but never published: as if Redis dropped the notification.
    await insertTurnEvent({ db, ...ref, event: { type: 'thinking', text: 'unannounced' } });
    await insertTurnEvent({ db, ...ref, event: { type: 'complete', report: emptyReport, usage } });
    const items = await done;
    expect(items.map((item) => [item.seq, item.event.type])).toEqual([
      [1, 'thinking'],
      [2, 'complete'],
    ]);
  });

  it('fills a gap from the database when a bus message skips seqs, and drops duplicates', async () => {
    const db = fixture.database.db;
    const bus = fixture.jobs.bus;
    const ref = await seedTurn(db);
    const stream = await openTurnStream({
      db,
      bus,
      ...ref,
      afterSeq: 0,
      signal: new AbortController().signal,
      silencePollMs: 60_000,
    });
    const done = collect(stream);
    await sleep(100); // past the replay: what follows arrives through the bus
    const first = await appendTurnEvent({
      db,
      bus,
      ...ref,
      event: { type: 'thinking', text: 'one' },
    });
    await insertTurnEvent({ db, ...ref, event: { type: 'thinking', text: 'two (unannounced)' } });
    const third = await appendTurnEvent({
      db,
      bus,
      ...ref,
      event: { type: 'thinking', text: 'three' },
    });
    // A stale duplicate on the bus must not be yielded twice.
    await bus.publish(channels.turn(ref.turnId), first);
    await bus.publish(channels.turn(ref.turnId), third);
    await appendTurnEvent({
      db,
      bus,
      ...ref,
      event: { type: 'error', code: 'UNAVAILABLE', message: 'gone' },
    });
    const items = await done;
    expect(items.map((item) => item.seq)).toEqual([1, 2, 3, 4]);
    expect(items[1]!.event).toEqual({ type: 'thinking', text: 'two (unannounced)' });
  });

  it('ends when the client goes away, and when the turn is deleted', async () => {
    const db = fixture.database.db;
    const bus = fixture.jobs.bus;
    const ref = await seedTurn(db);
    const controller = new AbortController();
    const stream = await openTurnStream({
      db,
      bus,
      ...ref,
      afterSeq: 0,
      signal: controller.signal,
      silencePollMs: 100,
    });
    const done = collect(stream);
    controller.abort();
    await expect(done).resolves.toEqual([]);

    const deleted = await seedTurn(db);
    const orphan = await openTurnStream({
      db,
      bus,
      ...deleted,
      afterSeq: 0,
      signal: new AbortController().signal,
      silencePollMs: 100,
    });
    const orphanDone = collect(orphan);
    await db.delete(chatTurns).where(eq(chatTurns.id, deleted.turnId));
    await expect(orphanDone).resolves.toEqual([]);
  });

  it('refuses to open a stream for a turn outside the workspace', async () => {
    const db = fixture.database.db;
    const ref = await seedTurn(db);
    const other = await seedTurn(db);
    await expect(
      openTurnStream({
        db,
        bus: fixture.jobs.bus,
        workspaceId: other.workspaceId,
        turnId: ref.turnId,
        afterSeq: 0,
        signal: new AbortController().signal,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

const emptyReport = {
  analyst: 'deterministic' as const,
  summary: 'done',
  rootCause: null,
  evidence: [],
  ruledOut: [],
  timeline: [],
  nextSteps: [],
  notChecked: [],
};
const usage = { inputTokens: 0, outputTokens: 0, toolCalls: 0, durationMs: 0 };
