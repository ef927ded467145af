import { AppError, isAppError } from '@vibemonitor/contracts';
import type { Redis } from 'ioredis';
import { assertChannelName, decodeBusMessage, encodeBusMessage } from './bus-message.js';
import { withTimeout } from './deadline.js';
import { errorMessage } from './error-message.js';
import type { BusListener, EventBus, SubscribeIteratorOptions, Unsubscribe } from './event-bus.js';
import type { JobsLogger } from './logger.js';
import { closeRedis, redisUnavailable, toRedisError } from './redis-connection.js';
import { subscribeIterator } from './subscribe-iterator.js';

export interface RedisBusOptions {
  /** Fail-fast connection for PUBLISH and PING. The bus owns it and closes it. */
  publisher: Redis;
  /** The process's one subscriber connection. The bus owns it and closes it. */
  subscriber: Redis;
  /** Namespaces channel names, like queue keys: `<prefix>:bus:<channel>`. */
  prefix: string;
  logger: JobsLogger;
  pingTimeoutMs?: number;
}

/** Local listeners of one channel and whether Redis has us subscribed to it. */
interface ChannelState {
  listeners: Set<BusListener>;
  subscribedOnServer: boolean;
  /** SUBSCRIBE/UNSUBSCRIBE calls run one at a time per channel, in order. */
  chain: Promise<void>;
  pendingSyncs: number;
}

/**
 * Event bus over Redis pub/sub. One subscriber connection per process, fanned
 * out to local listeners: Redis sees one SUBSCRIBE per channel however many
 * SSE streams follow it (SUBSCRIBE on the first listener, UNSUBSCRIBE after
 * the last). On reconnect ioredis re-subscribes the channels it holds, so
 * local listeners survive Redis restarts (messages published during the gap
 * are lost: consumers replay from storage).
 */
export function createRedisBus({
  publisher,
  subscriber,
  prefix,
  logger,
  pingTimeoutMs = 1_000,
}: RedisBusOptions): EventBus {
  const channelPrefix = `${prefix}:bus:`;
  const states = new Map<string, ChannelState>();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new AppError('UNAVAILABLE', 'Event bus is closed');
  };

  const deliver = (channel: string, listener: BusListener, text: string) => {
    try {
      const result = listener(decodeBusMessage(text));
      if (result instanceof Promise) {
        result.catch((error: unknown) =>
          logger.error({ err: error, channel }, 'event bus listener failed'),
        );
      }
    } catch (error) {
      logger.error({ err: error, channel }, 'event bus listener failed');
    }
  };

  subscriber.on('message', (redisChannel: string, text: string) => {
    if (!redisChannel.startsWith(channelPrefix)) return;
    const channel = redisChannel.slice(channelPrefix.length);
    const state = states.get(channel);
    if (!state) return;
    for (const listener of [...state.listeners]) deliver(channel, listener, text);
  });

  /**
   * Brings Redis in line with the local listeners of a channel: SUBSCRIBE if
   * someone listens, UNSUBSCRIBE if nobody does. Serialised per channel, so a
   * subscribe racing an unsubscribe always ends in the right state.
   */
  const sync = (channel: string, state: ChannelState): Promise<void> => {
    state.pendingSyncs += 1;
    const run = state.chain
      .then(async () => {
        if (closed) return;
        if (state.listeners.size > 0 && !state.subscribedOnServer) {
          await subscriber.subscribe(channelPrefix + channel);
          state.subscribedOnServer = true;
        } else if (state.listeners.size === 0 && state.subscribedOnServer) {
          await subscriber.unsubscribe(channelPrefix + channel);
          state.subscribedOnServer = false;
        }
      })
      .finally(() => {
        state.pendingSyncs -= 1;
        const idle =
          state.pendingSyncs === 0 && state.listeners.size === 0 && !state.subscribedOnServer;
        if (idle && states.get(channel) === state) states.delete(channel);
      });
    state.chain = run.catch(() => undefined);
    return run;
  };

  // An UNSUBSCRIBE that failed during an outage leaves a channel subscribed
  // with no listeners; ioredis re-subscribes it on reconnect. Reconcile after
  // ioredis has sent its own re-SUBSCRIBEs (they go out right after 'ready').
  subscriber.on('ready', () => {
    setImmediate(() => {
      for (const [channel, state] of states) {
        sync(channel, state).catch((error: unknown) =>
          logger.warn(
            { err: error, channel },
            'event bus: could not reconcile subscription after reconnect',
          ),
        );
      }
    });
  });

  const bus: EventBus = {
    async publish(channel, message) {
      assertOpen();
      assertChannelName(channel);
      const text = encodeBusMessage(channel, message);
      try {
        await publisher.publish(channelPrefix + channel, text);
      } catch (error) {
        throw toRedisError(error);
      }
    },

    async subscribe(channel, listener) {
      assertOpen();
      assertChannelName(channel);
      let state = states.get(channel);
      if (!state) {
        state = {
          listeners: new Set(),
          subscribedOnServer: false,
          chain: Promise.resolve(),
          pendingSyncs: 0,
        };
        states.set(channel, state);
      }
      const entry: BusListener = (message) => listener(message);
      state.listeners.add(entry);
      const channelState = state;
      try {
        await sync(channel, channelState);
      } catch (error) {
        channelState.listeners.delete(entry);
        sync(channel, channelState).catch(() => undefined);
        throw isAppError(error) ? error : redisUnavailable(error);
      }
      if (closed) throw new AppError('UNAVAILABLE', 'Event bus is closed');

      let active = true;
      const unsubscribe: Unsubscribe = async () => {
        if (!active) return;
        active = false;
        channelState.listeners.delete(entry);
        try {
          await sync(channel, channelState);
        } catch (error) {
          // The listener is gone locally, which is all the caller needs; the
          // server-side subscription is reconciled after the next reconnect.
          logger.warn({ err: error, channel }, 'event bus: UNSUBSCRIBE failed');
        }
      };
      return unsubscribe;
    },

    subscribeIterator(channel: string, options?: SubscribeIteratorOptions) {
      return subscribeIterator(bus, channel, options);
    },

    async ping() {
      if (closed) return { ok: false, error: 'Event bus is closed' };
      // Publishing needs the publisher; receiving needs the subscriber.
      if (subscriber.status !== 'ready') {
        return {
          ok: false,
          error: `Redis is unavailable: subscriber connection is ${subscriber.status}`,
        };
      }
      const started = performance.now();
      try {
        await withTimeout(
          publisher.ping(),
          pingTimeoutMs,
          () => new Error(`PING timed out after ${pingTimeoutMs} ms`),
        );
        return { ok: true, latencyMs: performance.now() - started };
      } catch (error) {
        return { ok: false, error: `Redis is unavailable: ${errorMessage(error)}` };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      states.clear();
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
  return bus;
}
