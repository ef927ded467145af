import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type TurnStreamItem } from '@vibemonitor/contracts';
import type { EventBus } from '@vibemonitor/jobs';
import { openTurnStream } from './stream-turn-events.js';
import { createTurnBroadcaster } from './turn-broadcaster.js';
import { appendTurnEvent } from './turn-events.js';
import { openChatFixture, seedTurn } from './test/chat-fixture.js';

let fixture: Awaited<ReturnType<typeof openChatFixture>>;
beforeAll(async () => {
  fixture = await openChatFixture();
});
afterAll(async () => {
  await fixture?.close();
});

/** The fixture's bus, counting subscriptions (a new object, so it gets its own broadcaster). */
function countingBus(): { bus: EventBus; subscriptions: () => number } {
  const inner = fixture.jobs.bus;
  let subscriptions = 0;
  const bus: EventBus = {
    publish: (channel, message) => inner.publish(channel, message),
    subscribe: (channel, listener) => {
      subscriptions++;
      return inner.subscribe(channel, listener);
    },
    subscribeIterator: (channel, options) => inner.subscribeIterator(channel, options),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return { bus, subscriptions: () => subscriptions };
}

async function collect(stream: AsyncGenerator<TurnStreamItem, void, undefined>): Promise<number[]> {
  const seqs: number[] = [];
  for await (const item of stream) seqs.push(item.seq);
  return seqs;
}

describe('turn broadcaster', () => {
  it('serves every stream of a turn from one bus subscription, each event once and in order', async () => {
    const db = fixture.database.db;
    const { bus, subscriptions } = countingBus();
    const ref = await seedTurn(db);
    const controller = new AbortController();
    const streams = await Promise.all(
      Array.from({ length: 50 }, () =>
        openTurnStream({
          db,
          bus,
          ...ref,
          afterSeq: 0,
          signal: controller.signal,
          silencePollMs: 60_000,
        }),
      ),
    );
    const done = Promise.all(streams.map(collect));
    for (let i = 0; i < 5; i++)
      await appendTurnEvent({ db, bus, ...ref, event: { type: 'thinking', text: `step ${i}` } });
    await appendTurnEvent({
      db,
      bus,
      ...ref,
      event: { type: 'complete', report: emptyReport, usage },
    });
    const received = await done;
    expect(subscriptions()).toBe(1);
    for (const seqs of received) expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('ends a consumer that falls behind with a resumable UNAVAILABLE, never buffering without limit', async () => {
    const db = fixture.database.db;
    const { bus } = countingBus();
    const ref = await seedTurn(db);
    const broadcaster = createTurnBroadcaster({ db, bus, silencePollMs: 60_000, bufferLimit: 3 });
    const slow = await broadcaster.join(ref.workspaceId, ref.turnId, 0);
    slow.caughtUp(0);
    const fast = await broadcaster.join(ref.workspaceId, ref.turnId, 0);
    expect(broadcaster.stats()).toEqual({ channels: 1, subscribers: 2 });
    const fastSeqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      await appendTurnEvent({ db, bus, ...ref, event: { type: 'thinking', text: `step ${i}` } });
      const next = await fast.next();
      if (next.kind === 'item') fastSeqs.push(next.item.seq);
    }
    expect(fastSeqs).toEqual([1, 2, 3, 4, 5]);
    // The slow one never pulled: it was dropped at the fourth event, with where to resume.
    const dropped = await slow.next();
    expect(dropped.kind).toBe('failed');
    if (dropped.kind !== 'failed') return;
    expect(isAppError(dropped.error) && dropped.error.code).toBe('UNAVAILABLE');
    expect(dropped.error.message).toContain('reconnect with lastEventId 0');
    slow.leave();
    fast.leave();
    expect(broadcaster.stats()).toEqual({ channels: 0, subscribers: 0 });

    // Resuming from the last seq it saw gives it exactly the rest.
    const controller = new AbortController();
    const resumed = await openTurnStream({
      db,
      bus,
      ...ref,
      afterSeq: 0,
      signal: controller.signal,
      silencePollMs: 60_000,
    });
    const rest = collect(resumed);
    await appendTurnEvent({
      db,
      bus,
      ...ref,
      event: { type: 'complete', report: emptyReport, usage },
    });
    expect(await rest).toEqual([1, 2, 3, 4, 5, 6]);
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
