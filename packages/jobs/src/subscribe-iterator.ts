import { AppError } from '@vibemonitor/contracts';
import type { BusSubscription, EventBus, SubscribeIteratorOptions } from './event-bus.js';

const defaultMaxBuffered = 10_000;

/**
 * Turns `bus.subscribe` into an async iterator. Resolves once the subscription
 * is live, so callers can replay stored events before pulling. Messages that
 * arrive while nobody pulls are buffered in order; past `maxBuffered` the
 * iterator fails (the consumer is too slow and should resume from storage)
 * instead of growing without bound.
 */
export async function subscribeIterator(
  bus: Pick<EventBus, 'subscribe'>,
  channel: string,
  options: SubscribeIteratorOptions = {},
): Promise<BusSubscription> {
  const { signal, maxBuffered = defaultMaxBuffered } = options;
  const buffer: unknown[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;

  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  const unsubscribe = await bus.subscribe(channel, (message) => {
    if (ended) return;
    if (buffer.length >= maxBuffered) {
      failure = new AppError(
        'UNAVAILABLE',
        `Subscriber of "${channel}" fell behind: more than ${maxBuffered} messages buffered`,
      );
      void end();
      return;
    }
    buffer.push(message);
    notify();
  });

  const onAbort = () => void end();

  async function end(): Promise<void> {
    if (ended) return;
    ended = true;
    signal?.removeEventListener('abort', onAbort);
    notify();
    await unsubscribe();
  }

  const iterator: BusSubscription = {
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async next(): Promise<IteratorResult<unknown>> {
      for (;;) {
        if (failure) {
          const error = failure;
          failure = undefined;
          buffer.length = 0;
          throw error;
        }
        if (ended) {
          buffer.length = 0;
          return { value: undefined, done: true };
        }
        if (buffer.length > 0) {
          return { value: buffer.shift(), done: false };
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    async return(): Promise<IteratorResult<unknown>> {
      await end();
      return { value: undefined, done: true };
    },
    close: end,
  };

  if (signal?.aborted) {
    await end();
  } else {
    signal?.addEventListener('abort', onAbort, { once: true });
  }
  return iterator;
}
