import { AppError } from '@vibemonitor/contracts';
import { Redis, type RedisOptions } from 'ioredis';
import { withTimeout } from './deadline.js';
import { errorMessage } from './error-message.js';
import type { JobsLogger } from './logger.js';

/**
 * What a connection is for. Each role needs different failure behaviour:
 * - producer/publisher: fail fast while Redis is down (no offline queue), so
 *   an HTTP request gets a clear 503 instead of hanging;
 * - worker: BullMQ's blocking commands must wait out outages
 *   (`maxRetriesPerRequest: null`, BullMQ refuses to run otherwise);
 * - subscriber: SUBSCRIBE fails fast while down; ioredis re-subscribes the
 *   channels it holds by itself after a reconnect.
 */
export type RedisRole = 'producer' | 'publisher' | 'subscriber' | 'worker';

export interface RedisTimeouts {
  /** Initial connection and startup PING. */
  connectTimeoutMs: number;
  /** Any command on a fail-fast connection. */
  commandTimeoutMs: number;
}

export const defaultRedisTimeouts: RedisTimeouts = {
  connectTimeoutMs: 5_000,
  commandTimeoutMs: 5_000,
};

/** ioredis options per role. Never `keyPrefix`: BullMQ's `prefix` namespaces keys. */
export function redisOptionsFor(
  role: RedisRole,
  prefix: string,
  timeouts: RedisTimeouts,
): RedisOptions {
  const common: RedisOptions = {
    lazyConnect: true,
    connectionName: `${prefix}:${role}`,
    connectTimeout: timeouts.connectTimeoutMs,
    // Reconnect quickly after a blip, at most every 2 s during an outage.
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  };
  if (role === 'worker') return { ...common, maxRetriesPerRequest: null };
  return {
    ...common,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: timeouts.commandTimeoutMs,
  };
}

/** The URL with any password replaced, safe for logs and error messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid Redis URL>';
  }
}

// ioredis and BullMQ report connectivity problems as plain Errors: recognise
// them by name/message so callers get UNAVAILABLE and everything else stays a
// bug (500).
const connectionErrorPattern =
  /Stream isn't writeable|Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Command timed out|max retries|Redis is unavailable/i;

export function isRedisConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'MaxRetriesPerRequestError' || connectionErrorPattern.test(error.message);
}

export function redisUnavailable(error: unknown): AppError {
  return new AppError('UNAVAILABLE', `Redis is unavailable: ${errorMessage(error)}`);
}

/** Rethrows connectivity failures as AppError('UNAVAILABLE'), anything else unchanged. */
export function toRedisError(error: unknown): unknown {
  return isRedisConnectionError(error) ? redisUnavailable(error) : error;
}

/**
 * Logs the first error of an outage and the recovery, not every reconnect
 * attempt (ioredis emits 'error' on each), and keeps ioredis from printing
 * "Unhandled error event" to stderr.
 */
export function watchRedisConnection(client: Redis, role: RedisRole, logger: JobsLogger): void {
  let down = false;
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err: error, redisRole: role }, 'Redis connection error; reconnecting');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ redisRole: role }, 'Redis connection restored');
  });
}

/**
 * Opens a connection and waits until it is ready and answers PING.
 * @throws AppError('UNAVAILABLE') naming the (redacted) URL when Redis cannot
 *   be reached within `connectTimeoutMs`; the client is disconnected then.
 */
export async function connectRedis(
  url: string,
  role: RedisRole,
  options: { prefix: string; logger: JobsLogger; timeouts: RedisTimeouts },
): Promise<Redis> {
  const { prefix, logger, timeouts } = options;
  const client = new Redis(url, redisOptionsFor(role, prefix, timeouts));
  watchRedisConnection(client, role, logger);
  try {
    await withTimeout(
      client.connect().then(() => client.ping()),
      timeouts.connectTimeoutMs,
      () => new Error(`no answer within ${timeouts.connectTimeoutMs} ms`),
    );
    return client;
  } catch (error) {
    client.disconnect();
    throw new AppError(
      'UNAVAILABLE',
      `Redis is unavailable: cannot connect to ${redactRedisUrl(url)} (${errorMessage(error)})`,
    );
  }
}

/** Quits politely when possible, and cuts the socket when not (Redis down, slow). */
export async function closeRedis(client: Redis, timeoutMs = 1_000): Promise<void> {
  if (client.status === 'end' || client.status === 'wait') {
    client.disconnect();
    return;
  }
  try {
    await withTimeout(client.quit(), timeoutMs, () => new Error('QUIT timed out'));
  } catch {
    client.disconnect();
  }
}
