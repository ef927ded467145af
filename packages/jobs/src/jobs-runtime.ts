import { Redis } from 'ioredis';
import type { EventBus } from './event-bus.js';
import { createInProcessBus } from './in-process-bus.js';
import { createInProcessQueue } from './in-process-queue.js';
import type { CloseOptions, CloseResult, JobQueue } from './job-queue.js';
import type { JobsLogger } from './logger.js';
import { createRedisBus } from './redis-bus.js';
import {
  closeRedis,
  connectRedis,
  defaultRedisTimeouts,
  redisOptionsFor,
  watchRedisConnection,
  type RedisTimeouts,
} from './redis-connection.js';
import { createRedisQueue, type StallSettings } from './redis-queue.js';

export type JobsDriver = 'redis' | 'in-process';

export interface JobsRuntimeOptions {
  /** Redis for a distributed deployment; without it everything runs in this process. */
  redisUrl?: string | undefined;
  /** Namespaces queue keys and bus channels in a shared Redis. Default 'vm'. */
  prefix?: string;
  logger: JobsLogger;
  /** First retry delay of failed jobs; doubles per attempt. Default 1000. */
  retryBackoffMs?: number;
  /** Startup connection/PING deadline and per-command deadline of fail-fast connections. */
  redisTimeouts?: Partial<RedisTimeouts>;
  /** Lock and stalled-check timings of the Redis queue (tests shorten them). */
  stall?: Partial<StallSettings>;
}

export interface JobsRuntime {
  queue: JobQueue;
  bus: EventBus;
  driver: JobsDriver;
  /** Closes the queue (graceful drain up to the deadline), then the bus. */
  close(options?: CloseOptions): Promise<CloseResult>;
}

/**
 * Builds the queue and the event bus: on Redis when `redisUrl` is set,
 * in-process otherwise. With Redis, startup fails fast when Redis cannot be
 * reached (AppError('UNAVAILABLE') naming the redacted URL) rather than
 * booting a server that cannot enqueue anything.
 */
export async function createJobsRuntime(options: JobsRuntimeOptions): Promise<JobsRuntime> {
  const { redisUrl, prefix = 'vm', logger, retryBackoffMs = 1_000 } = options;

  if (!redisUrl) {
    const queue = createInProcessQueue({ logger, retryBackoffMs });
    const bus = createInProcessBus({ logger });
    return { queue, bus, driver: 'in-process', close: closeBoth(queue, bus) };
  }

  const timeouts: RedisTimeouts = { ...defaultRedisTimeouts, ...options.redisTimeouts };
  const connect = (role: 'producer' | 'publisher' | 'subscriber') =>
    connectRedis(redisUrl, role, { prefix, logger, timeouts });
  const opened = await Promise.allSettled([
    connect('producer'),
    connect('publisher'),
    connect('subscriber'),
  ]);
  const clients = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = opened.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(clients.map((client) => closeRedis(client)));
    throw failure.reason;
  }
  const [producer, publisher, subscriber] = clients as [Redis, Redis, Redis];

  // Never connected itself: BullMQ duplicates it for each worker.
  const workerConnection = new Redis(redisUrl, redisOptionsFor('worker', prefix, timeouts));
  watchRedisConnection(workerConnection, 'worker', logger);

  const bus = createRedisBus({ publisher, subscriber, prefix, logger });
  let queue: JobQueue;
  try {
    queue = await createRedisQueue({
      producer,
      workerConnection,
      prefix,
      logger,
      retryBackoffMs,
      ...(options.stall ? { stall: options.stall } : {}),
    });
  } catch (error) {
    await bus.close();
    await closeRedis(producer);
    workerConnection.disconnect();
    throw error;
  }
  return { queue, bus, driver: 'redis', close: closeBoth(queue, bus) };
}

// The queue closes first: jobs finishing during the drain may still publish.
function closeBoth(queue: JobQueue, bus: EventBus) {
  return async (options?: CloseOptions): Promise<CloseResult> => {
    const result = await queue.close(options);
    await bus.close();
    return result;
  };
}
