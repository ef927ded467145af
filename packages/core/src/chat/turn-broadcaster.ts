import {
  AppError,
  channels,
  isTerminalRcaEvent,
  turnStreamItemSchema,
  type TurnStreamItem,
} from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import type { EventBus, Unsubscribe } from '@vibemonitor/jobs';
import { isTerminalTurnStatus } from './chat-views.js';
import { findTurn } from './load-turn.js';
import { listTurnEvents } from './turn-events.js';

/** Items a subscriber may have waiting before it is dropped (resumable: it reconnects with its last seq). */
export const STREAM_BUFFER_LIMIT = 1_000;

/**
 * One per process (per bus, database and poll interval): every stream of a
 * turn in this process shares ONE bus subscription, ONE parse of each bus
 * message, and ONE database catch-up poll per silence, instead of one of each
 * per stream. Subscribers hold a bounded queue; one that falls behind by more
 * than `bufferLimit` items is ended with AppError('UNAVAILABLE') naming the
 * seq to resume after, never buffered without limit.
 */
export interface TurnBroadcaster {
  /** Registers a subscriber of the turn; resolves once the shared bus subscription is live. */
  join(workspaceId: string, turnId: string, afterSeq: number): Promise<TurnSubscriber>;
  /** Open channels (turns) and subscribers, for metrics and tests. */
  stats(): { channels: number; subscribers: number };
}

export interface TurnSubscriber {
  /** Next item the channel delivered (in seq order, after its seq filter), or a terminal signal. */
  next(): Promise<ChannelSignal>;
  /** The seq the consumer has seen up to; deliveries at or below it are dropped. */
  seen(seq: number): void;
  /** Tells the channel how far the subscriber's own replay got (where its first poll starts). */
  caughtUp(seq: number): void;
  leave(): void;
}

export type ChannelSignal =
  { kind: 'item'; item: TurnStreamItem } | { kind: 'ended' } | { kind: 'failed'; error: Error };

interface Subscriber {
  last: number;
  queue: TurnStreamItem[];
  wake?: () => void;
  ended: boolean;
  failure?: Error;
}

interface Channel {
  workspaceId: string;
  turnId: string;
  subscribers: Set<Subscriber>;
  /** Highest seq delivered to the channel's subscribers (-1 until a message or a poll sets it). */
  last: number;
  /** Until `last` is set: the lowest seq a subscriber's replay reached (where a poll starts). */
  base: number;
  unsubscribe?: Promise<Unsubscribe>;
  timer?: NodeJS.Timeout;
  /** Serialises database reads of the channel (one poll or gap fill at a time). */
  reading: Promise<void>;
  closed: boolean;
}

const byBus = new WeakMap<EventBus, Map<string, TurnBroadcaster>>();

/** The process-wide broadcaster for this bus, database and poll interval. */
export function turnBroadcasterFor(
  db: Database,
  bus: EventBus,
  silencePollMs: number,
  bufferLimit = STREAM_BUFFER_LIMIT,
): TurnBroadcaster {
  let perBus = byBus.get(bus);
  if (!perBus) byBus.set(bus, (perBus = new Map()));
  const key = `${silencePollMs}:${bufferLimit}`;
  let broadcaster = perBus.get(key);
  // One database per bus in practice; a different one gets its own broadcaster.
  if (!broadcaster || broadcasterDb.get(broadcaster) !== db) {
    broadcaster = createTurnBroadcaster({ db, bus, silencePollMs, bufferLimit });
    broadcasterDb.set(broadcaster, db);
    perBus.set(key, broadcaster);
  }
  return broadcaster;
}
const broadcasterDb = new WeakMap<TurnBroadcaster, Database>();

export function createTurnBroadcaster({
  db,
  bus,
  silencePollMs,
  bufferLimit,
}: {
  db: Database;
  bus: EventBus;
  silencePollMs: number;
  bufferLimit: number;
}): TurnBroadcaster {
  const open = new Map<string, Channel>();

  function push(subscriber: Subscriber, item: TurnStreamItem): void {
    if (subscriber.ended || item.seq <= subscriber.last) return;
    if (subscriber.queue.length >= bufferLimit) {
      subscriber.failure = new AppError(
        'UNAVAILABLE',
        `This stream fell behind by more than ${bufferLimit} events; reconnect with lastEventId ${subscriber.last} to resume.`,
      );
      subscriber.ended = true;
      subscriber.queue.length = 0;
    } else {
      subscriber.queue.push(item);
    }
    wake(subscriber);
  }

  function wake(subscriber: Subscriber): void {
    const resolve = subscriber.wake;
    subscriber.wake = undefined;
    resolve?.();
  }

  function deliver(channel: Channel, item: TurnStreamItem): void {
    if (item.seq <= channel.last && channel.last >= 0) return;
    channel.last = item.seq;
    for (const subscriber of channel.subscribers) push(subscriber, item);
    if (isTerminalRcaEvent(item.event)) finish(channel);
  }

  /** Ends the channel: subscribers drain what they have, then end. */
  function finish(channel: Channel): void {
    if (channel.closed) return;
    channel.closed = true;
    clearTimeout(channel.timer);
    if (open.get(channel.turnId) === channel) open.delete(channel.turnId);
    for (const subscriber of channel.subscribers) {
      subscriber.ended = true;
      wake(subscriber);
    }
    void channel.unsubscribe?.then((unsubscribe) => unsubscribe()).catch(() => undefined);
  }

  /** Stored events after the channel's last seq, delivered in order (one reader at a time). */
  function readStored(channel: Channel, alsoStatus: boolean): Promise<void> {
    const run = channel.reading.then(async () => {
      if (channel.closed || (channel.last < 0 && channel.base === Infinity)) return;
      for (;;) {
        const afterSeq = channel.last >= 0 ? channel.last : channel.base;
        const page = await listTurnEvents({
          db,
          workspaceId: channel.workspaceId,
          turnId: channel.turnId,
          afterSeq,
        });
        for (const item of page) deliver(channel, item);
        if (page.length === 0 || channel.closed) break;
      }
      if (!alsoStatus || channel.closed) return;
      const turn = await findTurn({ db, workspaceId: channel.workspaceId, turnId: channel.turnId });
      if (!turn) return finish(channel);
      if (isTerminalTurnStatus(turn.status)) {
        // It ended between the two reads: its terminal event is stored now.
        const afterSeq = channel.last >= 0 ? channel.last : channel.base;
        const page = await listTurnEvents({
          db,
          workspaceId: channel.workspaceId,
          turnId: channel.turnId,
          afterSeq,
        });
        for (const item of page) deliver(channel, item);
        finish(channel);
      }
    });
    channel.reading = run.catch(() => undefined);
    return run;
  }

  function armPoll(channel: Channel): void {
    clearTimeout(channel.timer);
    if (channel.closed) return;
    channel.timer = setTimeout(() => {
      void readStored(channel, true)
        .catch(() => undefined)
        .finally(() => armPoll(channel));
    }, silencePollMs);
    channel.timer.unref?.();
  }

  function onMessage(channel: Channel, message: unknown): void {
    if (channel.closed) return;
    armPoll(channel);
    const parsed = turnStreamItemSchema.safeParse(message);
    if (!parsed.success) return;
    const item = parsed.data;
    if (channel.last >= 0 && item.seq <= channel.last) return;
    if (channel.last >= 0 && item.seq > channel.last + 1) {
      // A lost message: fill from the database (which also holds this one).
      void readStored(channel, false).catch(() => undefined);
      return;
    }
    deliver(channel, item);
  }

  function channelFor(workspaceId: string, turnId: string): Channel {
    const existing = open.get(turnId);
    if (existing && existing.workspaceId === workspaceId && !existing.closed) return existing;
    const channel: Channel = {
      workspaceId,
      turnId,
      subscribers: new Set(),
      last: -1,
      base: Infinity,
      reading: Promise.resolve(),
      closed: false,
    };
    channel.unsubscribe = bus.subscribe(channels.turn(turnId), (message) =>
      onMessage(channel, message),
    );
    channel.unsubscribe.catch(() => finish(channel));
    open.set(turnId, channel);
    armPoll(channel);
    return channel;
  }

  return {
    async join(workspaceId, turnId, afterSeq) {
      const channel = channelFor(workspaceId, turnId);
      const subscriber: Subscriber = { last: afterSeq, queue: [], ended: false };
      channel.subscribers.add(subscriber);
      try {
        await channel.unsubscribe;
      } catch (error) {
        channel.subscribers.delete(subscriber);
        throw error;
      }
      const leave = () => {
        if (!channel.subscribers.delete(subscriber)) return;
        subscriber.ended = true;
        wake(subscriber);
        if (channel.subscribers.size === 0) finish(channel);
      };
      return {
        async next() {
          for (;;) {
            const item = subscriber.queue.shift();
            if (item) return { kind: 'item', item };
            if (subscriber.failure) return { kind: 'failed', error: subscriber.failure };
            if (subscriber.ended) return { kind: 'ended' };
            await new Promise<void>((resolve) => (subscriber.wake = resolve));
          }
        },
        seen(seq) {
          subscriber.last = Math.max(subscriber.last, seq);
        },
        caughtUp(seq) {
          if (channel.last < 0) channel.base = Math.min(channel.base, seq);
        },
        leave,
      };
    },
    stats() {
      let subscribers = 0;
      for (const channel of open.values()) subscribers += channel.subscribers.size;
      return { channels: open.size, subscribers };
    },
  };
}
