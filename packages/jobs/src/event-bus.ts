import type { PingResult } from './job-queue.js';

/** Receives the (JSON-decoded) messages published on a channel. */
export type BusListener = (message: unknown) => void | Promise<void>;

/** Removes a listener; safe to call more than once. */
export type Unsubscribe = () => Promise<void>;

export interface SubscribeIteratorOptions {
  /** Ends the iteration (and unsubscribes) when aborted. */
  signal?: AbortSignal;
  /** Messages buffered for a slow consumer before the iterator fails. Default 10 000. */
  maxBuffered?: number;
}

/**
 * An async iterator over a channel's messages. `close()` ends it and
 * unsubscribes, like `return()`.
 */
export interface BusSubscription extends AsyncIterableIterator<unknown> {
  close(): Promise<void>;
}

/**
 * Fire-and-forget notifications between processes (e.g. "turn 42 has new
 * events"). Not durable: a message published while nobody listens is gone, so
 * consumers persist events elsewhere and use the bus to learn when to read.
 */
export interface EventBus {
  /**
   * Publishes a JSON-serialisable message to every current subscriber of the
   * channel, in every process.
   * @throws AppError('UNAVAILABLE') when Redis cannot be reached.
   */
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Adds a listener. The promise resolves once the subscription is live: a
   * message published after it resolves is delivered. Subscribe first, then
   * replay stored events, then tail, or events in between are lost.
   * @throws AppError('UNAVAILABLE') when Redis cannot be reached.
   */
  subscribe(channel: string, listener: BusListener): Promise<Unsubscribe>;
  /** `subscribe` as an async iterator; resolves once live, like `subscribe`. */
  subscribeIterator(channel: string, options?: SubscribeIteratorOptions): Promise<BusSubscription>;
  /** Readiness: can we publish and receive right now? */
  ping(): Promise<PingResult>;
  close(): Promise<void>;
}
