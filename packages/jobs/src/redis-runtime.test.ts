import { testRedisUrl, uniqueRedisPrefix } from '@vibemonitor/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobFinishedEvent } from './job-queue.js';
import { createJobsRuntime } from './jobs-runtime.js';
import { deleteRedisKeys } from './testing/delete-redis-keys.js';
import { expectAppError } from './testing/expect-app-error.js';
import { recordingLogger } from './testing/recording-logger.js';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy.js';

const poll = { timeout: 10_000, interval: 20 };

describe('redis runtime startup', () => {
  it('fails fast with a clear, password-free error when Redis is unreachable', async () => {
    const started = Date.now();
    const error = await expectAppError(
      createJobsRuntime({
        redisUrl: 'redis://app:s3cret@127.0.0.1:1',
        logger: recordingLogger(),
        redisTimeouts: { connectTimeoutMs: 1_000 },
      }),
      'UNAVAILABLE',
      /^Redis is unavailable: cannot connect to redis:\/\/app:\*\*\*@127\.0\.0\.1:1/,
    );
    expect(error.message).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

const redisUrl = testRedisUrl();
if (redisUrl) {
  describe('redis runtime against a flaky network', () => {
    const target = new URL(redisUrl);
    const cleanups: (() => Promise<void>)[] = [];

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** A runtime whose every connection goes through a proxy the test controls. */
    async function openThroughProxy(upstreamDelayMs?: (chunk: Buffer) => number) {
      const proxy: TcpProxy = await startTcpProxy({
        targetHost: target.hostname,
        targetPort: Number(target.port || 6379),
        ...(upstreamDelayMs ? { upstreamDelayMs } : {}),
      });
      cleanups.push(() => proxy.close());
      const proxied = new URL(redisUrl as string);
      proxied.host = `127.0.0.1:${proxy.port}`;
      const prefix = uniqueRedisPrefix('jobs-net');
      cleanups.push(() => deleteRedisKeys(redisUrl as string, prefix));
      const logger = recordingLogger();
      const runtime = await createJobsRuntime({
        redisUrl: proxied.toString(),
        prefix,
        logger,
        retryBackoffMs: 10,
        redisTimeouts: { connectTimeoutMs: 2_000, commandTimeoutMs: 1_000 },
      });
      cleanups.push(async () => {
        await runtime.close({ timeoutMs: 2_000 });
      });
      return { proxy, runtime, logger, prefix };
    }

    it('resolves subscribe only once Redis confirmed it, even when SUBSCRIBE is slow', async () => {
      // Only SUBSCRIBE is slowed: a subscribe() that resolved early would let
      // the PUBLISH below overtake it and the message would be lost.
      const { runtime } = await openThroughProxy((chunk) =>
        /subscribe/i.test(chunk.toString('latin1')) ? 150 : 0,
      );
      const received: unknown[] = [];
      const started = Date.now();
      await runtime.bus.subscribe('slow', (message) => {
        received.push(message);
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      await runtime.bus.publish('slow', 'first');
      await expect.poll(() => received, poll).toEqual(['first']);
    });

    it('fails fast while Redis is down and recovers listeners and workers afterwards', async () => {
      const { proxy, runtime } = await openThroughProxy();
      const { queue, bus } = runtime;
      const received: unknown[] = [];
      await bus.subscribe('outage', (message) => {
        received.push(message);
      });
      const processed: string[] = [];
      await queue.process('system.ping', ({ payload }) => {
        processed.push(payload.pingId);
      });
      await bus.publish('outage', 'before');
      await expect.poll(() => received, poll).toEqual(['before']);

      await proxy.stop();
      await expect.poll(async () => (await queue.ping()).ok, poll).toBe(false);
      expect(await bus.ping()).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Redis is unavailable/),
      });
      const started = Date.now();
      await expectAppError(
        queue.enqueue('system.ping', { pingId: 'during' }),
        'UNAVAILABLE',
        /^Redis is unavailable/,
      );
      await expectAppError(bus.publish('outage', 'during'), 'UNAVAILABLE', /^Redis is unavailable/);
      await expectAppError(
        bus.subscribe('other', () => undefined),
        'UNAVAILABLE',
        /^Redis is unavailable/,
      );
      expect(Date.now() - started).toBeLessThan(1_000);

      await proxy.start();
      await expect
        .poll(async () => (await queue.ping()).ok && (await bus.ping()).ok, poll)
        .toBe(true);
      // ioredis re-subscribes on reconnect; the listener registered before the
      // outage must hear new messages without subscribing again.
      await expect
        .poll(
          async () => {
            await bus.publish('outage', 'after');
            return received.includes('after');
          },
          { timeout: 10_000, interval: 100 },
        )
        .toBe(true);
      expect(received).not.toContain('during');

      await queue.enqueue('system.ping', { pingId: 'after-outage' });
      await expect.poll(() => processed, poll).toContain('after-outage');
    });
  });

  describe('redis queue: payloads are validated when processed', () => {
    it('fails a job whose stored payload does not fit its schema, without retrying it', async () => {
      const prefix = uniqueRedisPrefix('jobs-raw');
      const logger = recordingLogger();
      const runtime = await createJobsRuntime({ redisUrl, prefix, logger, retryBackoffMs: 10 });
      // Written the way an older deploy (or a bug) might have: straight into BullMQ.
      const rawConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      const raw = new Queue('system.ping', { connection: rawConnection, prefix });
      try {
        await raw.add('system.ping', { pingId: 123 }, { jobId: 'raw-bad', attempts: 3 });
        const events: JobFinishedEvent[] = [];
        runtime.queue.onJobFinished((event) => events.push(event));
        let called = false;
        await runtime.queue.process('system.ping', () => {
          called = true;
        });
        await expect.poll(() => events.length, poll).toBe(1);
        expect(events[0]).toMatchObject({ jobId: 'raw-bad', attempt: 1, status: 'failed' });
        expect(events[0]?.error).toMatch(/Invalid payload for job "system\.ping": pingId/);
        expect(called).toBe(false);
        expect(logger.at('error')).toHaveLength(1);
        await expect
          .poll(async () => (await runtime.queue.depth())['system.ping'].failed, poll)
          .toBe(1);
      } finally {
        await raw.close();
        rawConnection.disconnect();
        await runtime.close({ timeoutMs: 2_000 });
        await deleteRedisKeys(redisUrl, prefix);
      }
    });
  });
}
