import {
  channels,
  isTerminalRcaEvent,
  turnStreamItemSchema,
  type TurnStreamItem,
} from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import type { BusSubscription, EventBus } from '@vibemonitor/jobs';
import { isTerminalTurnStatus } from './chat-views.js';
import { findTurn, loadTurn } from './load-turn.js';
import { listTurnEvents } from './turn-events.js';

/**
 * How long a stream waits on a silent bus before reading the database:
 * bus messages are not durable (a Redis reconnect can drop some), stored
 * events are, so a lost notification delays an event by at most this long.
 */
export const STREAM_SILENCE_POLL_MS = 3_000;

export interface OpenTurnStreamOptions {
  db: Database;
  bus: EventBus;
  workspaceId: string;
  turnId: string;
  /** Resume after this seq (the client's last event id); 0 replays everything. */
  afterSeq: number;
  /** Ends the stream (client went away). */
  signal: AbortSignal;
  silencePollMs?: number;
}

const SILENCE = Symbol('silence');

/** `promise`'s result, or SILENCE when `ms` pass first; the timer never outlives the race. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof SILENCE> {
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<typeof SILENCE>((resolve) => {
    timer = setTimeout(() => resolve(SILENCE), ms);
  });
  try {
    return await Promise.race([promise, silence]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the event stream of one turn: checks the turn exists (NOT_FOUND
 * before anything is streamed), subscribes to its bus channel and only then
 * returns the iterator, which replays stored events after `afterSeq` and
 * tails live ones. Subscribing before the replay is what makes it gap-free:
 * an event stored during the replay is also announced on the bus, where the
 * seq filter drops it if the replay already had it.
 *
 * Every event is yielded exactly once, in seq order: bus messages at or
 * below the last yielded seq are dropped, a jump (seq > last + 1, a lost
 * message) is filled from the database, and a bus silent for
 * `silencePollMs` triggers a database read too. The iterator ends after a
 * terminal event, right after the replay when the turn had already ended,
 * or when the turn is deleted.
 */
export async function openTurnStream(
  options: OpenTurnStreamOptions,
): Promise<AsyncGenerator<TurnStreamItem, void, undefined>> {
  const { db, bus, workspaceId, turnId, signal } = options;
  await loadTurn({ db, workspaceId, turnId });
  const live = await bus.subscribeIterator(channels.turn(turnId), { signal });
  return tail(options, live);
}

async function* tail(
  options: OpenTurnStreamOptions,
  live: BusSubscription,
): AsyncGenerator<TurnStreamItem, void, undefined> {
  const { db, workspaceId, turnId, signal, silencePollMs = STREAM_SILENCE_POLL_MS } = options;
  let last = options.afterSeq;

  /** Stored events after `last`, page by page; true once a terminal event was yielded. */
  async function* fromDatabase(): AsyncGenerator<TurnStreamItem, boolean, undefined> {
    for (;;) {
      const page = await listTurnEvents({ db, workspaceId, turnId, afterSeq: last });
      for (const item of page) {
        last = item.seq;
        yield item;
        if (isTerminalRcaEvent(item.event)) return true;
      }
      if (page.length === 0) return false;
    }
  }

  try {
    // Read before the replay: a turn's terminal status is committed with its
    // terminal event, so if it had ended, the replay holds everything.
    const before = await findTurn({ db, workspaceId, turnId });
    if (!before) return;
    if (yield* fromDatabase()) return;
    if (isTerminalTurnStatus(before.status)) return;

    let next = live.next();
    while (!signal.aborted) {
      const received = await within(next, silencePollMs);
      if (received === SILENCE) {
        if (yield* fromDatabase()) return;
        const turn = await findTurn({ db, workspaceId, turnId });
        if (!turn) return;
        if (isTerminalTurnStatus(turn.status)) {
          // It ended between the two reads: its terminal event is stored now.
          yield* fromDatabase();
          return;
        }
        continue;
      }
      if (received.done) return;
      next = live.next();
      const parsed = turnStreamItemSchema.safeParse(received.value);
      if (!parsed.success || parsed.data.seq <= last) continue;
      if (parsed.data.seq > last + 1) {
        if (yield* fromDatabase()) return;
        continue;
      }
      last = parsed.data.seq;
      yield parsed.data;
      if (isTerminalRcaEvent(parsed.data.event)) return;
    }
  } finally {
    await live.close();
  }
}
