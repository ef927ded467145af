import { afterEach, describe, expect, it } from 'vitest';
import type { JobFinishedEvent } from '../job-queue.js';
import type { JobsDriver, JobsRuntime } from '../jobs-runtime.js';
import type { JobsLogger } from '../logger.js';
import { expectAppError } from './expect-app-error.js';
import { recordingLogger } from './recording-logger.js';

export interface ContractTarget {
  driver: JobsDriver;
  /** A namespace no other test (or test file) uses. */
  newPrefix(): string;
  /** Builds a runtime of this driver on the given namespace. */
  createRuntime(options: {
    prefix: string;
    logger: JobsLogger;
    retryBackoffMs: number;
  }): Promise<JobsRuntime>;
  /** Removes whatever the namespace left behind (Redis keys). */
  cleanup(prefix: string): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise plus its resolver, to hold a handler until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const poll = { timeout: 10_000, interval: 10 };

/**
 * The behaviour every JobQueue/EventBus driver must share. Run once per
 * driver; tests that only make sense across processes are Redis-only.
 */
export function describeJobsContract(target: ContractTarget): void {
  describe(`jobs contract: ${target.driver}`, () => {
    const opened: { runtime: JobsRuntime; prefix: string }[] = [];
    const releases: (() => void)[] = [];

    async function open(options: { prefix?: string; retryBackoffMs?: number } = {}) {
      const logger = recordingLogger();
      const prefix = options.prefix ?? target.newPrefix();
      const runtime = await target.createRuntime({
        prefix,
        logger,
        retryBackoffMs: options.retryBackoffMs ?? 10,
      });
      opened.push({ runtime, prefix });
      return { runtime, queue: runtime.queue, bus: runtime.bus, logger, prefix };
    }

    /** A gate released after the test even if it fails, so no handler hangs. */
    function heldGate() {
      const held = gate();
      releases.push(held.open);
      return held;
    }

    afterEach(async () => {
      for (const release of releases.splice(0)) release();
      const runtimes = opened.splice(0);
      await Promise.all(runtimes.map(({ runtime }) => runtime.close({ timeoutMs: 2_000 })));
      await Promise.all(
        [...new Set(runtimes.map(({ prefix }) => prefix))].map((prefix) => target.cleanup(prefix)),
      );
    });

    it(`reports its driver as ${target.driver}`, async () => {
      const { runtime } = await open();
      expect(runtime.driver).toBe(target.driver);
    });

    describe('queue', () => {
      it('processes an enqueued job with its validated payload, defaults applied', async () => {
        const { queue } = await open();
        const seen: unknown[] = [];
        await queue.process('email.send', async ({ payload, jobId, attempt, signal }) => {
          seen.push({ payload, jobId, attempt, aborted: signal.aborted });
        });
        const { jobId } = await queue.enqueue('email.send', {
          to: 'ada@example.com',
          template: 'welcome',
        });
        await expect.poll(() => seen.length, poll).toBe(1);
        expect(seen[0]).toEqual({
          payload: { to: 'ada@example.com', template: 'welcome', variables: {} },
          jobId,
          attempt: 1,
          aborted: false,
        });
      });

      it('keeps jobs enqueued before a processor exists until one is registered', async () => {
        const { queue } = await open();
        await queue.enqueue('system.ping', { pingId: 'early-1' });
        await queue.enqueue('system.ping', { pingId: 'early-2' });
        const seen: string[] = [];
        await queue.process('system.ping', ({ payload }) => {
          seen.push(payload.pingId);
        });
        await expect.poll(() => [...seen].sort(), poll).toEqual(['early-1', 'early-2']);
      });

      it('rejects an invalid payload with a clear error and enqueues nothing', async () => {
        const { queue } = await open();
        await expectAppError(
          queue.enqueue('rca.run', { turnId: 'turn-1' } as never),
          'VALIDATION_FAILED',
          /Invalid payload for job "rca\.run": workspaceId/,
        );
        await expectAppError(
          queue.enqueue('email.send', { to: 'not-an-email', template: 'x' }),
          'VALIDATION_FAILED',
          /email\.send.*to:/,
        );
        await expectAppError(
          queue.enqueue('no.such.job' as never, {} as never),
          'VALIDATION_FAILED',
          /Unknown job "no\.such\.job"/,
        );
        const depth = await queue.depth();
        expect(depth['rca.run']).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
        expect(depth['email.send']).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
      });

      it('rejects job ids BullMQ cannot store, naming the rule', async () => {
        const { queue } = await open();
        await expectAppError(
          queue.enqueue('system.ping', { pingId: 'p' }, { jobId: 'slack:Ev123' }),
          'VALIDATION_FAILED',
          /jobId: must not contain ":"/,
        );
        await expectAppError(
          queue.enqueue('system.ping', { pingId: 'p' }, { jobId: '42' }),
          'VALIDATION_FAILED',
          /jobId: must not be an integer/,
        );
        await expectAppError(
          queue.enqueue('system.ping', { pingId: 'p' }, { attempts: 0 }),
          'VALIDATION_FAILED',
          /attempts/,
        );
      });

      it('dedupes by jobId while the job is pending, and frees the id once it completes', async () => {
        const { queue } = await open();
        const first = await queue.enqueue('system.ping', { pingId: 'a' }, { jobId: 'ping-dedupe' });
        const second = await queue.enqueue(
          'system.ping',
          { pingId: 'b' },
          { jobId: 'ping-dedupe' },
        );
        expect(first.jobId).toBe('ping-dedupe');
        expect(second.jobId).toBe('ping-dedupe');
        expect((await queue.depth())['system.ping'].waiting).toBe(1);

        const seen: string[] = [];
        await queue.process('system.ping', ({ payload }) => {
          seen.push(payload.pingId);
        });
        await expect.poll(() => seen, poll).toEqual(['a']);
        await expect
          .poll(async () => (await queue.depth())['system.ping'], poll)
          .toEqual({
            waiting: 0,
            active: 0,
            delayed: 0,
            failed: 0,
          });

        await queue.enqueue('system.ping', { pingId: 'c' }, { jobId: 'ping-dedupe' });
        await expect.poll(() => seen, poll).toEqual(['a', 'c']);
      });

      it('retries a failing job with backoff until it succeeds, logging each failure', async () => {
        const { queue, logger } = await open({ retryBackoffMs: 20 });
        const attempts: number[] = [];
        const events: JobFinishedEvent[] = [];
        queue.onJobFinished((event) => events.push(event));
        await queue.process('integration.health-check', ({ attempt }) => {
          attempts.push(attempt);
          if (attempt < 3) throw new Error(`flaky ${attempt}`);
        });
        const { jobId } = await queue.enqueue(
          'integration.health-check',
          { workspaceId: 'w1', integrationId: 'i1' },
          { attempts: 3 },
        );
        await expect.poll(() => events.length, poll).toBe(3);
        expect(attempts).toEqual([1, 2, 3]);
        expect(events.map(({ status, attempt, error }) => ({ status, attempt, error }))).toEqual([
          { status: 'retrying', attempt: 1, error: 'flaky 1' },
          { status: 'retrying', attempt: 2, error: 'flaky 2' },
          { status: 'completed', attempt: 3, error: undefined },
        ]);
        expect(
          events.every(
            (event) => event.jobId === jobId && event.name === 'integration.health-check',
          ),
        ).toBe(true);
        const warnings = logger.at('warn').filter((entry) => entry.fields.jobId === jobId);
        expect(warnings.map((entry) => entry.fields.attempt)).toEqual([1, 2]);
        expect(logger.at('error')).toEqual([]);
      });

      it('fails a job for good after its last attempt, counts it and keeps deduping its id', async () => {
        const { queue, logger } = await open();
        const events: JobFinishedEvent[] = [];
        queue.onJobFinished((event) => events.push(event));
        let calls = 0;
        await queue.process('rca.run', () => {
          calls += 1;
          throw new Error('model exploded');
        });
        await queue.enqueue(
          'rca.run',
          { turnId: 't1', workspaceId: 'w1' },
          { jobId: 'turn-t1', attempts: 2 },
        );
        await expect
          .poll(() => events.map((event) => event.status), poll)
          .toEqual(['retrying', 'failed']);
        await expect
          .poll(async () => (await queue.depth())['rca.run'], poll)
          .toEqual({
            waiting: 0,
            active: 0,
            delayed: 0,
            failed: 1,
          });
        const errors = logger.at('error');
        expect(errors).toHaveLength(1);
        expect(errors[0]?.fields).toMatchObject({
          jobName: 'rca.run',
          jobId: 'turn-t1',
          attempt: 2,
        });
        expect(String((errors[0]?.fields.err as Error).message)).toBe('model exploded');

        await queue.enqueue('rca.run', { turnId: 't1', workspaceId: 'w1' }, { jobId: 'turn-t1' });
        // Jobs run in order: once the next job has run, a re-run of turn-t1 would have too.
        await queue.enqueue('rca.run', { turnId: 't2', workspaceId: 'w1' }, { jobId: 'turn-t2' });
        await expect
          .poll(() => events.filter((event) => event.jobId === 'turn-t2').length, poll)
          .toBe(1);
        expect(calls).toBe(3);
      });

      it('replaces a failed job on request, while pending jobs still dedupe', async () => {
        const { queue } = await open();
        const events: JobFinishedEvent[] = [];
        queue.onJobFinished((event) => events.push(event));
        let failNext = true;
        const held = heldGate();
        const runs: string[] = [];
        await queue.process('rca.run', async ({ payload }) => {
          runs.push(payload.turnId);
          if (failNext) {
            failNext = false;
            throw new Error('database restarting');
          }
          await held.opened;
        });
        const ref = { turnId: 't9', workspaceId: 'w1' };
        await queue.enqueue('rca.run', ref, { jobId: 'turn-t9' });
        await expect.poll(() => events.map((event) => event.status), poll).toEqual(['failed']);

        await queue.enqueue('rca.run', ref, { jobId: 'turn-t9', replaceFailed: true });
        await expect.poll(() => runs, poll).toEqual(['t9', 't9']);
        // Active now: a second revival is a no-op, not a parallel run.
        await queue.enqueue('rca.run', ref, { jobId: 'turn-t9', replaceFailed: true });
        await sleep(100);
        expect(runs).toEqual(['t9', 't9']);
        held.open();
        await expect
          .poll(() => events.map((event) => event.status), poll)
          .toEqual(['failed', 'completed']);
        expect((await queue.depth())['rca.run'].failed).toBe(0);
      });

      it('runs a delayed job only after its delay', async () => {
        const { queue } = await open();
        const ranAt: number[] = [];
        await queue.process('system.ping', () => {
          ranAt.push(Date.now());
        });
        const enqueuedAt = Date.now();
        await queue.enqueue('system.ping', { pingId: 'later' }, { delayMs: 400 });
        expect((await queue.depth())['system.ping'].delayed).toBe(1);
        await expect.poll(() => ranAt.length, poll).toBe(1);
        expect((ranAt[0] ?? 0) - enqueuedAt).toBeGreaterThanOrEqual(380);
      });

      it('never runs more jobs of a name at once than its concurrency', async () => {
        const { queue } = await open();
        for (let i = 0; i < 6; i += 1) await queue.enqueue('system.ping', { pingId: `c${i}` });
        let active = 0;
        let maxActive = 0;
        let done = 0;
        await queue.process(
          'system.ping',
          async () => {
            active += 1;
            maxActive = Math.max(maxActive, active);
            await sleep(60);
            active -= 1;
            done += 1;
          },
          { concurrency: 2 },
        );
        await expect.poll(() => done, poll).toBe(6);
        expect(maxActive).toBe(2);
      });

      it('refuses a second processor for the same job name', async () => {
        const { queue } = await open();
        await queue.process('system.ping', () => undefined);
        await expectAppError(
          queue.process('system.ping', () => undefined),
          'CONFLICT',
          /already registered/,
        );
      });

      it('reports attempt durations to onJobFinished listeners until they unsubscribe', async () => {
        const { queue } = await open();
        const events: JobFinishedEvent[] = [];
        const stop = queue.onJobFinished((event) => events.push(event));
        await queue.process('system.ping', async () => {
          await sleep(50);
        });
        await queue.enqueue('system.ping', { pingId: 'd1' });
        await expect.poll(() => events.length, poll).toBe(1);
        expect(events[0]).toMatchObject({ name: 'system.ping', status: 'completed', attempt: 1 });
        expect(events[0]?.durationMs).toBeGreaterThanOrEqual(45);

        stop();
        const after: JobFinishedEvent[] = [];
        queue.onJobFinished((event) => after.push(event));
        await queue.enqueue('system.ping', { pingId: 'd2' });
        await expect.poll(() => after.length, poll).toBe(1);
        expect(events).toHaveLength(1);
      });

      it('counts waiting, active, delayed and failed jobs per name', async () => {
        const { queue } = await open();
        const hold = heldGate();
        const started = gate();
        await queue.process('system.ping', async () => {
          started.open();
          await hold.opened;
        });
        await queue.process('integration.health-check', () => {
          throw new Error('down');
        });
        await queue.enqueue('system.ping', { pingId: 'busy' });
        await started.opened;
        await queue.enqueue('email.send', { to: 'a@example.com', template: 't' });
        await queue.enqueue(
          'email.send',
          { to: 'b@example.com', template: 't' },
          { delayMs: 60_000 },
        );
        await queue.enqueue(
          'email.send',
          { to: 'c@example.com', template: 't' },
          { delayMs: 60_000 },
        );
        await queue.enqueue('integration.health-check', { workspaceId: 'w', integrationId: 'i' });

        await expect
          .poll(() => queue.depth(), poll)
          .toEqual({
            'system.ping': { waiting: 0, active: 1, delayed: 0, failed: 0 },
            'rca.run': { waiting: 0, active: 0, delayed: 0, failed: 0 },
            'email.send': { waiting: 1, active: 0, delayed: 2, failed: 0 },
            'account.password-reset-email': { waiting: 0, active: 0, delayed: 0, failed: 0 },
            'integration.health-check': { waiting: 0, active: 0, delayed: 0, failed: 1 },
            'github.webhook': { waiting: 0, active: 0, delayed: 0, failed: 0 },
            'slack.event': { waiting: 0, active: 0, delayed: 0, failed: 0 },
            'slack.command': { waiting: 0, active: 0, delayed: 0, failed: 0 },
            'slack.progress': { waiting: 0, active: 0, delayed: 0, failed: 0 },
            'alert.notify': { waiting: 0, active: 0, delayed: 0, failed: 0 },
            'webhook.deliver': { waiting: 0, active: 0, delayed: 0, failed: 0 },
          });
      });

      it('answers ping while open and not after close', async () => {
        const { runtime, queue } = await open();
        expect(await queue.ping()).toMatchObject({ ok: true });
        await runtime.close();
        expect(await queue.ping()).toMatchObject({ ok: false });
        await expectAppError(
          queue.enqueue('system.ping', { pingId: 'late' }),
          'UNAVAILABLE',
          /closed/,
        );
      });

      it('close waits for an active job to finish', async () => {
        const { runtime, queue } = await open();
        const started = gate();
        const events: JobFinishedEvent[] = [];
        queue.onJobFinished((event) => events.push(event));
        let finished = false;
        let aborted = false;
        await queue.process('system.ping', async ({ signal }) => {
          started.open();
          await sleep(300);
          aborted = signal.aborted;
          finished = true;
        });
        await queue.enqueue('system.ping', { pingId: 'drain' });
        await started.opened;
        const result = await runtime.close({ timeoutMs: 5_000 });
        expect(result).toEqual({ timedOut: false });
        expect(finished).toBe(true);
        expect(aborted).toBe(false);
        expect(events.map((event) => event.status)).toEqual(['completed']);
      });

      it('close gives up at its deadline, aborting the handler signal', async () => {
        const { runtime, queue, logger } = await open();
        const started = gate();
        const stuck = heldGate();
        let signal: AbortSignal | undefined;
        await queue.process('system.ping', async (context) => {
          signal = context.signal;
          started.open();
          // Ignores its signal on purpose: close must not wait for it.
          await stuck.opened;
        });
        await queue.enqueue('system.ping', { pingId: 'stuck' });
        await started.opened;
        const before = Date.now();
        const result = await runtime.close({ timeoutMs: 300 });
        const elapsed = Date.now() - before;
        expect(result).toEqual({ timedOut: true });
        expect(elapsed).toBeGreaterThanOrEqual(290);
        expect(elapsed).toBeLessThan(3_000);
        expect(signal?.aborted).toBe(true);
        expect(logger.at('warn').some((entry) => /deadline/.test(entry.msg ?? ''))).toBe(true);
      });
    });

    describe('event bus', () => {
      it('delivers published JSON to a subscriber', async () => {
        const { bus } = await open();
        const received: unknown[] = [];
        await bus.subscribe('turn:t1', (message) => {
          received.push(message);
        });
        const messages = [{ type: 'event', seq: 1, nested: { ok: true } }, 'text', 7, null, [1, 2]];
        for (const message of messages) await bus.publish('turn:t1', message);
        await expect.poll(() => received, poll).toEqual(messages);
      });

      it('never hands listeners the publisher’s object', async () => {
        const { bus } = await open();
        const received: unknown[] = [];
        await bus.subscribe('copy', (message) => {
          received.push(message);
        });
        const message = { at: new Date(0), n: 1 };
        await bus.publish('copy', message);
        await expect.poll(() => received.length, poll).toBe(1);
        expect(received[0]).not.toBe(message);
        expect(received[0]).toEqual({ at: '1970-01-01T00:00:00.000Z', n: 1 });
      });

      it('delivers to every listener of a channel, in publish order', async () => {
        const { bus } = await open();
        const a: unknown[] = [];
        const b: unknown[] = [];
        await bus.subscribe('ordered', (message) => {
          a.push(message);
        });
        await bus.subscribe('ordered', (message) => {
          b.push(message);
        });
        const sent = Array.from({ length: 20 }, (_, seq) => ({ seq }));
        for (const message of sent) await bus.publish('ordered', message);
        await expect.poll(() => a, poll).toEqual(sent);
        await expect.poll(() => b, poll).toEqual(sent);
      });

      it('stops delivering to a listener once it unsubscribes', async () => {
        const { bus } = await open();
        const removed: unknown[] = [];
        const kept: unknown[] = [];
        const unsubscribe = await bus.subscribe('unsub', (message) => {
          removed.push(message);
        });
        await bus.subscribe('unsub', (message) => {
          kept.push(message);
        });
        await bus.publish('unsub', 1);
        await expect.poll(() => removed, poll).toEqual([1]);
        await unsubscribe();
        await unsubscribe();
        await bus.publish('unsub', 2);
        // `kept` getting 2 proves delivery happened; `removed` must not have.
        await expect.poll(() => kept, poll).toEqual([1, 2]);
        expect(removed).toEqual([1]);
      });

      it('resubscribes cleanly after the last listener left a channel', async () => {
        const { bus } = await open();
        const first: unknown[] = [];
        const unsubscribe = await bus.subscribe('again', (message) => {
          first.push(message);
        });
        await unsubscribe();
        const second: unknown[] = [];
        await bus.subscribe('again', (message) => {
          second.push(message);
        });
        await bus.publish('again', 'hello');
        await expect.poll(() => second, poll).toEqual(['hello']);
        expect(first).toEqual([]);
      });

      it('keeps a subscription that races the previous listener’s unsubscribe', async () => {
        const { bus } = await open();
        const received: unknown[] = [];
        const unsubscribe = await bus.subscribe('race', () => undefined);
        const [, next] = await Promise.all([
          unsubscribe(),
          bus.subscribe('race', (message) => {
            received.push(message);
          }),
        ]);
        await bus.publish('race', 'still here');
        await expect.poll(() => received, poll).toEqual(['still here']);
        await next();
      });

      it('is live when subscribe resolves: a publish right after is received', async () => {
        const { bus } = await open();
        for (let i = 0; i < 25; i += 1) {
          const received: unknown[] = [];
          const channel = `live:${i}`;
          const unsubscribe = await bus.subscribe(channel, (message) => {
            received.push(message);
          });
          await bus.publish(channel, i);
          await expect.poll(() => received, poll).toEqual([i]);
          await unsubscribe();
        }
      });

      it('keeps channels apart', async () => {
        const { bus } = await open();
        const one: unknown[] = [];
        const two: unknown[] = [];
        await bus.subscribe('turn:1', (message) => {
          one.push(message);
        });
        await bus.subscribe('turn:2', (message) => {
          two.push(message);
        });
        await bus.publish('turn:2', 'for two');
        await bus.publish('turn:1', 'for one');
        await expect.poll(() => one, poll).toEqual(['for one']);
        await expect.poll(() => two, poll).toEqual(['for two']);
      });

      it('keeps a failing listener from affecting the others, and logs it', async () => {
        const { bus, logger } = await open();
        const received: unknown[] = [];
        await bus.subscribe('faulty', () => {
          throw new Error('listener bug');
        });
        await bus.subscribe('faulty', async () => {
          throw new Error('async listener bug');
        });
        await bus.subscribe('faulty', (message) => {
          received.push(message);
        });
        await bus.publish('faulty', 'x');
        await expect.poll(() => received, poll).toEqual(['x']);
        await expect.poll(() => logger.at('error').length, poll).toBe(2);
        expect(logger.at('error').map((entry) => entry.fields.channel)).toEqual([
          'faulty',
          'faulty',
        ]);
      });

      it('rejects messages that are not JSON', async () => {
        const { bus } = await open();
        await expectAppError(bus.publish('bad', 10n), 'VALIDATION_FAILED', /not JSON-serialisable/);
        await expectAppError(
          bus.publish('bad', undefined),
          'VALIDATION_FAILED',
          /not JSON-serialisable/,
        );
      });

      it('iterates a channel: buffered in order, ended by the abort signal', async () => {
        const { bus } = await open();
        const controller = new AbortController();
        const subscription = await bus.subscribeIterator('iter', { signal: controller.signal });
        await bus.publish('iter', 1);
        await bus.publish('iter', 2);
        await bus.publish('iter', 3);
        const seen: unknown[] = [];
        for await (const message of subscription) {
          seen.push(message);
          if (seen.length === 3) controller.abort();
        }
        expect(seen).toEqual([1, 2, 3]);

        // Unsubscribed: a new listener on the channel still works, the iterator is done.
        const later: unknown[] = [];
        await bus.subscribe('iter', (message) => {
          later.push(message);
        });
        await bus.publish('iter', 4);
        await expect.poll(() => later, poll).toEqual([4]);
        expect(await subscription.next()).toEqual({ value: undefined, done: true });
      });

      it('fails an iterator whose consumer falls too far behind', async () => {
        const { bus } = await open();
        const subscription = await bus.subscribeIterator('slow', { maxBuffered: 2 });
        const received: unknown[] = [];
        await bus.subscribe('slow', (message) => {
          received.push(message);
        });
        for (const n of [1, 2, 3]) await bus.publish('slow', n);
        await expect.poll(() => received.length, poll).toBe(3);
        await expectAppError(subscription.next(), 'UNAVAILABLE', /fell behind/);
        expect(await subscription.next()).toEqual({ value: undefined, done: true });
      });

      it('isolates runtimes with different prefixes', async () => {
        const { bus: busA } = await open();
        const { bus: busB } = await open();
        const a: unknown[] = [];
        const b: unknown[] = [];
        await busA.subscribe('shared-name', (message) => {
          a.push(message);
        });
        await busB.subscribe('shared-name', (message) => {
          b.push(message);
        });
        await busB.publish('shared-name', 'from b');
        await busA.publish('shared-name', 'from a');
        await expect.poll(() => a, poll).toEqual(['from a']);
        await expect.poll(() => b, poll).toEqual(['from b']);
      });

      it('answers ping while open and not after close', async () => {
        const { runtime, bus } = await open();
        expect(await bus.ping()).toMatchObject({ ok: true });
        await runtime.close();
        expect(await bus.ping()).toMatchObject({ ok: false });
        await expectAppError(bus.publish('x', 1), 'UNAVAILABLE', /closed/);
      });

      if (target.driver === 'redis') {
        it('fans a publish out to every process sharing the Redis prefix', async () => {
          const prefix = target.newPrefix();
          const first = await open({ prefix });
          const second = await open({ prefix });
          const third = await open({ prefix });
          const got1: unknown[] = [];
          const got2: unknown[] = [];
          await first.bus.subscribe('turn:x', (message) => {
            got1.push(message);
          });
          await second.bus.subscribe('turn:x', (message) => {
            got2.push(message);
          });
          await third.bus.publish('turn:x', { seq: 1 });
          await expect.poll(() => got1, poll).toEqual([{ seq: 1 }]);
          await expect.poll(() => got2, poll).toEqual([{ seq: 1 }]);
        });

        it('hands each job to one process when several share the Redis prefix', async () => {
          const prefix = target.newPrefix();
          const producer = await open({ prefix });
          const workerA = await open({ prefix });
          const workerB = await open({ prefix });
          const seen: string[] = [];
          await workerA.queue.process('system.ping', ({ payload }) => {
            seen.push(payload.pingId);
          });
          await workerB.queue.process('system.ping', ({ payload }) => {
            seen.push(payload.pingId);
          });
          for (let i = 0; i < 10; i += 1)
            await producer.queue.enqueue('system.ping', { pingId: `multi-${i}` });
          await expect.poll(() => seen.length, poll).toBe(10);
          expect(new Set(seen).size).toBe(10);
        });
      }
    });
  });
}
