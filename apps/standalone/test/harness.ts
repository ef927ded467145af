import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import { Registry } from 'prom-client';
import { createSecretBox } from '@vibemonitor/auth';
import type { ApiSettings } from '@vibemonitor/api';
import type { OAuthProviders } from '@vibemonitor/auth';
import { createLogger, createOutboxTransport, createRateLimiter, loadAppConfig, readOutbox, type OutboxEntry, type Runtime } from '@vibemonitor/core';
import { createJobsRuntime, stallSettingsFromEnv } from '@vibemonitor/jobs';
import { createClient, type VibeMonitorClient } from '@vibemonitor/sdk';
import { startServer, type StartedServer } from '@vibemonitor/server';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '@vibemonitor/testing';
import { startWorker, type StartedWorker } from '@vibemonitor/worker';

export interface TestStack {
  url: string;
  runtime: Runtime;
  server: StartedServer;
  worker: StartedWorker | undefined;
  /** URL of this stack's fresh PostgreSQL database (undefined on PGlite). */
  databaseUrl: string | undefined;
  /** BullMQ prefix of this stack's queue and bus (for extra processes sharing them). */
  queuePrefix: string;
  /** This stack's DATA_DIR (outbox, generated files). */
  dataDir: string;
  /** Emails sent so far, oldest first. */
  outbox(): Promise<OutboxEntry[]>;
  client(token?: string): VibeMonitorClient;
  close(): Promise<void>;
}

/**
 * Starts the real system for a test file: a fresh database (PostgreSQL when
 * DATABASE_URL is set, else in-memory PGlite), the Redis or in-process queue
 * and bus under a unique prefix, the HTTP server on a free port and, unless
 * told otherwise, a worker in the same process.
 */
export async function startTestStack(
  options: {
    worker?: boolean;
    env?: Record<string, string>;
    /** OAuth providers for this stack (e.g. pointed at the fake Google/GitHub servers). */
    oauth?: (settings: ApiSettings) => OAuthProviders;
    /** A built web console to serve at `/` (the browser tests). */
    webDir?: string;
    /** Receives every log line at debug level (tests that check what is logged). */
    logDestination?: NodeJS.WritableStream;
  } = {},
): Promise<TestStack> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vm-test-'));
  const queuePrefix = uniqueRedisPrefix('stack');
  const redisUrl = testRedisUrl();
  const config = loadAppConfig({
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    QUEUE_PREFIX: queuePrefix,
    ...options.env,
  });
  const logger = options.logDestination
    ? createLogger({ level: 'debug', name: 'test', destination: options.logDestination })
    : createLogger({ level: (process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent', name: 'test' });
  const jobs = await createJobsRuntime({ redisUrl, prefix: queuePrefix, logger, stall: stallSettingsFromEnv(config.jobs) });
  const key = randomBytes(32);
  const rateLimits = createRateLimiter({ redisUrl, prefix: queuePrefix });
  const runtime: Runtime = {
    config,
    logger,
    database: database.handle,
    jobs,
    secrets: createSecretBox({ keys: { k1: key }, currentKeyId: 'k1' }),
    encryptionKeys: { keys: { k1: key }, currentKeyId: 'k1' },
    email: createOutboxTransport({ dataDir, from: config.core.EMAIL_FROM, logger }),
    rateLimiter: rateLimits.limiter,
    close: async () => {
      await rateLimits.close();
      await jobs.close();
    },
  };
  const registry = new Registry();
  const worker = options.worker === false ? undefined : await startWorker({ runtime, concurrency: 4, registry });
  const server = await startServer({ runtime, port: 0, host: '127.0.0.1', registry, ...(options.oauth ? { oauth: options.oauth } : {}), webDir: options.webDir });
  return {
    url: server.url,
    runtime,
    server,
    worker,
    databaseUrl: database.url,
    queuePrefix,
    dataDir,
    outbox: () => readOutbox(dataDir),
    client: (token) => createClient({ url: server.url, token, EventSource }),
    async close() {
      await server.close(1_000);
      await worker?.close(2_000);
      await runtime.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects a subscription's events until `until` says stop (or the timeout passes). */
export function collectSubscription<T>(
  subscribe: (handlers: { onData: (value: T) => void; onError: (error: unknown) => void; onComplete: () => void }) => { unsubscribe: () => void },
  options: { until: (events: T[]) => boolean; timeoutMs?: number; onEvent?: (event: T, events: T[]) => void },
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const events: T[] = [];
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`subscription timed out after ${options.timeoutMs ?? 10_000} ms with ${events.length} events: ${JSON.stringify(events)}`));
    }, options.timeoutMs ?? 10_000);
    const finish = () => {
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve(events);
    };
    const subscription = subscribe({
      onData: (value) => {
        events.push(value);
        options.onEvent?.(value, events);
        if (options.until(events)) finish();
      },
      onError: (error) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
      onComplete: () => finish(),
    });
  });
}
