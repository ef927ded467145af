import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { channels, type TurnStreamItem } from '@vibemonitor/contracts';
import { chatTurns } from '@vibemonitor/db';
import { appendTurnEvent, listTurnEvents } from './turn-events.js';
import { openChatFixture, seedTurn } from './test/chat-fixture.js';

let fixture: Awaited<ReturnType<typeof openChatFixture>>;
beforeAll(async () => {
  fixture = await openChatFixture();
});
afterAll(async () => {
  await fixture?.close();
});

describe('appendTurnEvent', () => {
  it('numbers events 1, 2, 3... per turn and publishes { seq, event } after storing', async () => {
    const db = fixture.database.db;
    const bus = fixture.jobs.bus;
    const { workspaceId, turnId } = await seedTurn(db);
    const other = await seedTurn(db);
    const published: unknown[] = [];
    const unsubscribe = await bus.subscribe(
      channels.turn(turnId),
      (message) => void published.push(message),
    );

    const a = await appendTurnEvent({
      db,
      bus,
      workspaceId,
      turnId,
      event: { type: 'attempt_started', attempt: 1 },
    });
    const b = await appendTurnEvent({
      db,
      bus,
      workspaceId,
      turnId,
      event: { type: 'thinking', text: 'looking' },
    });
    const c = await appendTurnEvent({
      db,
      bus,
      ...other,
      event: { type: 'thinking', text: 'elsewhere' },
    });
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 1]);
    await expect.poll(() => published).toEqual([a, b]);
    await unsubscribe();

    expect(await listTurnEvents({ db, workspaceId, turnId })).toEqual([a, b]);
    expect(await listTurnEvents({ db, workspaceId, turnId, afterSeq: 1 })).toEqual([b]);
    // Workspace-scoped: the right turn id with another workspace reads nothing.
    expect(await listTurnEvents({ db, workspaceId: other.workspaceId, turnId })).toEqual([]);
  });

  it('refuses the events of a superseded attempt, so two runs never interleave', async () => {
    const db = fixture.database.db;
    const bus = fixture.jobs.bus;
    const { workspaceId, turnId } = await seedTurn(db);
    const first = await appendTurnEvent({
      db,
      bus,
      workspaceId,
      turnId,
      attempt: 1,
      event: { type: 'thinking', text: 'attempt one' },
    });
    expect(first.seq).toBe(1);
    // A re-delivered job claimed the turn as attempt 2 while attempt 1 still runs.
    await db.update(chatTurns).set({ attempt: 2 }).where(eq(chatTurns.id, turnId));
    await expect(
      appendTurnEvent({
        db,
        bus,
        workspaceId,
        turnId,
        attempt: 1,
        event: { type: 'thinking', text: 'stale' },
      }),
    ).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: 'Attempt 1 of this turn was superseded by attempt 2; its events are refused.',
    });
    const second = await appendTurnEvent({
      db,
      bus,
      workspaceId,
      turnId,
      attempt: 2,
      event: { type: 'thinking', text: 'attempt two' },
    });
    expect(second.seq).toBe(2);
    expect((await listTurnEvents({ db, workspaceId, turnId })).map((i) => i.event)).toEqual([
      { type: 'thinking', text: 'attempt one' },
      { type: 'thinking', text: 'attempt two' },
    ]);
  });

  it('hands out distinct, gapless seqs to concurrent writers', async () => {
    const db = fixture.database.db;
    const { workspaceId, turnId } = await seedTurn(db);
    const appended = await Promise.all(
      Array.from({ length: 2 }, (_, i) =>
        appendTurnEvent({
          db,
          bus: fixture.jobs.bus,
          workspaceId,
          turnId,
          event: { type: 'thinking', text: `writer ${i}` },
        }),
      ),
    );
    expect(appended.map((item) => item.seq).sort()).toEqual([1, 2]);
  });

  it('refuses any event after a terminal one, and events for a turn outside the workspace', async () => {
    const db = fixture.database.db;
    const bus = fixture.jobs.bus;
    const { workspaceId, turnId } = await seedTurn(db);
    await appendTurnEvent({
      db,
      bus,
      workspaceId,
      turnId,
      event: { type: 'cancelled', reason: 'cancelled by Ada' },
    });
    for (const event of [
      { type: 'tool_start', stepId: 's1', tool: 'logs', input: {} },
      { type: 'error', code: 'INTERNAL', message: 'late' },
    ] as const) {
      await expect(appendTurnEvent({ db, bus, workspaceId, turnId, event })).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        message: 'This turn has already ended; no more events can be added to it.',
      });
    }
    expect(
      (await listTurnEvents({ db, workspaceId, turnId })).map((item) => item.event.type),
    ).toEqual(['cancelled']);

    const elsewhere = await seedTurn(db);
    await expect(
      appendTurnEvent({
        db,
        bus,
        workspaceId: elsewhere.workspaceId,
        turnId,
        event: { type: 'thinking', text: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('validates events against the contract', async () => {
    const db = fixture.database.db;
    const { workspaceId, turnId } = await seedTurn(db);
    const event = { type: 'attempt_started', attempt: 0 } as unknown as TurnStreamItem['event'];
    await expect(
      appendTurnEvent({ db, bus: fixture.jobs.bus, workspaceId, turnId, event }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('attempt'),
    });
    expect(await listTurnEvents({ db, workspaceId, turnId })).toEqual([]);
  });
});
