import { isTerminalRcaEvent, type TurnStreamItem } from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import type { EventBus } from '@vibemonitor/jobs';
import { isTerminalTurnStatus } from './chat-views.js';
import { findTurn, loadTurn } from './load-turn.js';
import { turnBroadcasterFor, type TurnSubscriber } from './turn-broadcaster.js';
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

/**
 * Opens the event stream of one turn: checks the turn exists (NOT_FOUND
 * before anything is streamed), joins the process-wide broadcaster of its
 * channel (one bus subscription and one silence poll per turn per process,
 * shared by every stream of that turn) and only then returns the iterator,
 * which replays stored events after `afterSeq` and tails live ones. Joining
 * before the replay is what makes it gap-free: an event stored during the
 * replay is also delivered by the channel, where the seq filter drops it if
 * the replay already had it.
 *
 * Every event is yielded exactly once, in seq order: deliveries at or below
 * the last yielded seq are dropped, a jump (seq > last + 1) is filled from the
 * database, and the channel reads the database when the bus is silent for
 * `silencePollMs`. The iterator ends after a terminal event, right after the
 * replay when the turn had already ended, or when the turn is deleted. A
 * consumer more than STREAM_BUFFER_LIMIT events behind gets
 * AppError('UNAVAILABLE') and resumes with its last seq.
 */
export async function openTurnStream(
  options: OpenTurnStreamOptions,
): Promise<AsyncGenerator<TurnStreamItem, void, undefined>> {
  const { db, bus, workspaceId, turnId, silencePollMs = STREAM_SILENCE_POLL_MS } = options;
  await loadTurn({ db, workspaceId, turnId });
  const subscriber = await turnBroadcasterFor(db, bus, silencePollMs).join(
    workspaceId,
    turnId,
    options.afterSeq,
  );
  return tail(options, subscriber);
}

async function* tail(
  options: OpenTurnStreamOptions,
  subscriber: TurnSubscriber,
): AsyncGenerator<TurnStreamItem, void, undefined> {
  const { db, workspaceId, turnId, signal } = options;
  let last = options.afterSeq;

  /** Stored events after `last`, page by page; true once a terminal event was yielded. */
  async function* fromDatabase(): AsyncGenerator<TurnStreamItem, boolean, undefined> {
    for (;;) {
      const page = await listTurnEvents({ db, workspaceId, turnId, afterSeq: last });
      for (const item of page) {
        last = item.seq;
        subscriber.seen(last);
        yield item;
        if (isTerminalRcaEvent(item.event)) return true;
      }
      if (page.length === 0) return false;
    }
  }

  const onAbort = () => subscriber.leave();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal.aborted) return;
    // Read before the replay: a turn's terminal status is committed with its
    // terminal event, so if it had ended, the replay holds everything.
    const before = await findTurn({ db, workspaceId, turnId });
    if (!before) return;
    if (yield* fromDatabase()) return;
    if (isTerminalTurnStatus(before.status)) return;
    subscriber.caughtUp(last);

    while (!signal.aborted) {
      const received = await subscriber.next();
      if (received.kind === 'failed') throw received.error;
      if (received.kind === 'ended') {
        // The channel saw the terminal event or the turn's end: anything this
        // stream has not yielded yet is stored.
        if (!signal.aborted) yield* fromDatabase();
        return;
      }
      const item = received.item;
      if (item.seq <= last) continue;
      if (item.seq > last + 1) {
        if (yield* fromDatabase()) return;
        continue;
      }
      last = item.seq;
      subscriber.seen(last);
      yield item;
      if (isTerminalRcaEvent(item.event)) return;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    subscriber.leave();
  }
}
