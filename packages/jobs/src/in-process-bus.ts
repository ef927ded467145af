import { AppError } from '@vibemonitor/contracts';
import { assertChannelName, decodeBusMessage, encodeBusMessage } from './bus-message.js';
import type { BusListener, EventBus, SubscribeIteratorOptions, Unsubscribe } from './event-bus.js';
import type { JobsLogger } from './logger.js';
import { subscribeIterator } from './subscribe-iterator.js';

/**
 * The event bus of a single process (embedded mode). Delivery is always
 * asynchronous and goes through JSON, like the Redis driver, so code that
 * works here does not rely on synchronous or by-reference delivery.
 */
export function createInProcessBus({ logger }: { logger: JobsLogger }): EventBus {
  const listenersByChannel = new Map<string, Set<BusListener>>();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new AppError('UNAVAILABLE', 'Event bus is closed');
  };

  const deliver = (channel: string, listener: BusListener, text: string) => {
    // Each listener gets its own copy and its own failure handling: one bad
    // listener must not starve the others.
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

  const bus: EventBus = {
    async publish(channel, message) {
      assertOpen();
      assertChannelName(channel);
      const text = encodeBusMessage(channel, message);
      // Snapshot now: like Redis, a listener added after the publish does not
      // receive it, and one removed before delivery does not either.
      const listeners = [...(listenersByChannel.get(channel) ?? [])];
      queueMicrotask(() => {
        const current = listenersByChannel.get(channel);
        for (const listener of listeners) {
          if (current?.has(listener)) deliver(channel, listener, text);
        }
      });
    },

    async subscribe(channel, listener) {
      assertOpen();
      assertChannelName(channel);
      // A wrapper per call, so subscribing the same function twice yields two
      // independent subscriptions, as with the Redis driver.
      const entry: BusListener = (message) => listener(message);
      let listeners = listenersByChannel.get(channel);
      if (!listeners) {
        listeners = new Set();
        listenersByChannel.set(channel, listeners);
      }
      listeners.add(entry);
      const unsubscribe: Unsubscribe = async () => {
        const current = listenersByChannel.get(channel);
        if (!current) return;
        current.delete(entry);
        if (current.size === 0) listenersByChannel.delete(channel);
      };
      return unsubscribe;
    },

    subscribeIterator(channel: string, options?: SubscribeIteratorOptions) {
      return subscribeIterator(bus, channel, options);
    },

    async ping() {
      return closed ? { ok: false, error: 'Event bus is closed' } : { ok: true, latencyMs: 0 };
    },

    async close() {
      closed = true;
      listenersByChannel.clear();
    },
  };
  return bus;
}
