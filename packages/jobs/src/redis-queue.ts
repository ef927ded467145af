import { performance } from 'node:perf_hooks';
import { AppError } from '@vibemonitor/contracts';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { settlesWithin, withTimeout } from './deadline.js';
import { errorMessage } from './error-message.js';
import { createJobFinishedEmitter, logFailedAttempt } from './job-finished.js';
import {
  isJobName,
  jobNames,
  parseEnqueueOptions,
  parseJobPayload,
  type JobName,
} from './job-definitions.js';
import type { JobFinishedEvent, JobHandler, JobQueue, QueueDepth } from './job-queue.js';
import { runInJobSpan, splitTraceContext, withTraceContext } from './job-tracing.js';
import type { JobsLogger } from './logger.js';
import { closeRedis, redisUnavailable, toRedisError } from './redis-connection.js';

export interface RedisQueueOptions {
  /** Fail-fast connection shared by the producers. The queue owns it and closes it. */
  producer: Redis;
  /**
   * Not connected itself: BullMQ duplicates it (main + blocking connection per
   * worker), so it must carry `maxRetriesPerRequest: null`. Owned by the queue.
   */
  workerConnection: Redis;
  /** BullMQ key prefix (`<prefix>:<job name>:...`). */
  prefix: string;
  logger: JobsLogger;
  /** First retry delay; doubles on each further attempt. */
  retryBackoffMs: number;
  pingTimeoutMs?: number;
  /** How long `process()` waits for a worker's connections. */
  readyTimeoutMs?: number;
  /** Stalled-job detection: how fast a dead worker's jobs run again elsewhere. */
  stall?: Partial<StallSettings>;
}

/**
 * How BullMQ notices that the worker running a job died. A worker renews
 * its job locks every `lockDurationMs / 2`; a lock not renewed expires after
 * `lockDurationMs`, and a check every `stalledIntervalMs` moves jobs without
 * a lock back to waiting. A killed worker's job therefore runs again at most
 * about `lockDurationMs + stalledIntervalMs` after the kill (BullMQ's own
 * defaults, 30 s + 30 s, made that about a minute). Shorter locks cost one
 * Redis call per active job per `lockDurationMs / 2`, and an event loop
 * blocked for longer than `lockDurationMs` makes a live job look stalled
 * (it is then re-run as a new attempt, which our handlers tolerate).
 */
export interface StallSettings {
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Times one job may stall before BullMQ fails it instead of re-running it. */
  maxStalledCount: number;
}

export const defaultStallSettings: StallSettings = {
  lockDurationMs: 10_000,
  stalledIntervalMs: 5_000,
  maxStalledCount: 3,
};

/**
 * A BullMQ worker that can be abandoned. `close()` waits for active handlers
 * with no deadline; when we give up on them, the lock renewal timer must stop
 * too, or it would keep the process alive (and retry on closed connections)
 * for as long as a stuck handler runs.
 */
class AbandonableWorker extends Worker {
  async abandon(reason: string): Promise<void> {
    // Aborts the handlers' signals (BullMQ passes them to 3-argument processors).
    this.cancelAllJobs(reason);
    await this.lockManager.close();
    // BullMQ skips completing jobs once its backend is closing, so abandoned
    // jobs stay active in Redis until their lock expires and another worker
    // runs them again.
    await this.getBackend().close(true);
  }
}

/** Failed jobs stay for inspection (and keep deduping their id) this long. */
const failedRetention = { age: 7 * 24 * 3600, count: 1000 };

/**
 * The job queue on BullMQ: one BullMQ queue (and at most one worker per
 * process) per job name, so each name has its own concurrency and counts.
 */
export async function createRedisQueue(options: RedisQueueOptions): Promise<JobQueue> {
  const { producer, workerConnection, prefix, logger, retryBackoffMs } = options;
  const { pingTimeoutMs = 1_000, readyTimeoutMs = 5_000 } = options;
  const stall: StallSettings = { ...defaultStallSettings, ...options.stall };
  const finished = createJobFinishedEmitter(logger);
  const workers = new Map<JobName, AbandonableWorker>();
  let closing: Promise<{ timedOut: boolean }> | undefined;
  // After close, BullMQ may still report errors from abandoned jobs or lock
  // renewals on closed connections: noise, not incidents.
  let quiet = false;

  const queues = new Map<JobName, Queue>(
    jobNames.map((name) => {
      const queue = new Queue(name, { connection: producer, prefix });
      queue.on('error', (error: Error) =>
        logger.error({ err: error, jobName: name }, 'job queue error'),
      );
      return [name, queue];
    }),
  );
  const queueOf = (name: JobName): Queue => {
    const queue = queues.get(name);
    if (!queue) throw new AppError('VALIDATION_FAILED', `Unknown job "${String(name)}"`);
    return queue;
  };
  try {
    await withTimeout(
      Promise.all([...queues.values()].map((queue) => queue.waitUntilReady())),
      readyTimeoutMs,
      () => new Error(`queues not ready within ${readyTimeoutMs} ms`),
    );
  } catch (error) {
    await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
    throw redisUnavailable(error);
  }

  const assertOpen = () => {
    if (closing) throw new AppError('UNAVAILABLE', 'Job queue is closed');
  };

  const startWorker = (
    name: JobName,
    handler: JobHandler<JobName>,
    concurrency: number,
  ): AbandonableWorker => {
    // Attempt number and start time of the jobs running in this worker, by id
    // (BullMQ never runs the same job id twice at once in one worker).
    const running = new Map<string, { attempt: number; startedAt: number }>();

    // Three declared parameters: BullMQ only passes (and later aborts) the
    // signal to processors whose arity is at least 3.
    const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<void> => {
      const jobId = job.id ?? '';
      const attempt = job.attemptsMade + 1;
      running.set(jobId, { attempt, startedAt: performance.now() });
      let payload;
      const stored = splitTraceContext(job.data);
      try {
        payload = parseJobPayload(name, stored.payload);
      } catch (error) {
        // A payload that does not fit its schema never will: fail without retry.
        throw new UnrecoverableError(errorMessage(error));
      }
      await runInJobSpan({ name, jobId, attempt, carrier: stored.carrier }, async () =>
        handler({ payload, jobId, attempt, signal: signal ?? new AbortController().signal }),
      );
    };

    const report = (job: Job, status: JobFinishedEvent['status'], error?: Error) => {
      const jobId = job.id ?? '';
      const run = running.get(jobId);
      running.delete(jobId);
      const event: JobFinishedEvent = {
        name,
        jobId,
        attempt: run?.attempt ?? job.attemptsMade,
        durationMs: run ? performance.now() - run.startedAt : 0,
        status,
      };
      if (error) {
        event.error = error.message;
        logFailedAttempt(logger, event, error);
      }
      finished.emit(event);
    };

    const worker = new AbandonableWorker(name, processor, {
      connection: workerConnection,
      prefix,
      concurrency,
      autorun: true,
      lockDuration: stall.lockDurationMs,
      stalledInterval: stall.stalledIntervalMs,
      maxStalledCount: stall.maxStalledCount,
    });
    worker.on('completed', (job: Job) => report(job, 'completed'));
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (!job) {
        logger.error({ err: error, jobName: name }, 'job failed');
        return;
      }
      // BullMQ sets finishedOn only when the job will not be retried.
      report(job, job.finishedOn ? 'failed' : 'retrying', error);
    });
    worker.on('stalled', (jobId: string) =>
      logger.warn(
        { jobName: name, jobId },
        'job stalled (worker died or event loop blocked); it will run again',
      ),
    );
    worker.on('error', (error: Error) => {
      if (quiet) logger.debug({ err: error, jobName: name }, 'job worker error after close');
      else logger.error({ err: error, jobName: name }, 'job worker error');
    });
    return worker;
  };

  const forceClose = (worker: AbandonableWorker) =>
    worker.abandon('Job queue closed before the job finished');

  return {
    async enqueue(name, input, enqueueOptions) {
      assertOpen();
      const payload = parseJobPayload(name, input);
      const {
        jobId,
        delayMs,
        attempts = 1,
        replaceFailed,
      } = parseEnqueueOptions(name, enqueueOptions);
      try {
        if (replaceFailed && jobId !== undefined) {
          const existing = await queueOf(name).getJob(jobId);
          // remove() refuses a locked (active) job, and isFailed() rules that out anyway.
          if (existing && (await existing.isFailed())) await existing.remove();
        }
        const job = await queueOf(name).add(name, withTraceContext(payload), {
          ...(jobId === undefined ? {} : { jobId }),
          ...(delayMs ? { delay: delayMs } : {}),
          attempts,
          backoff: { type: 'exponential', delay: retryBackoffMs },
          // Completed jobs go away, which also frees their id for reuse.
          removeOnComplete: true,
          removeOnFail: failedRetention,
        });
        if (!job.id) throw new Error(`BullMQ returned no id for job "${name}"`);
        return { jobId: job.id };
      } catch (error) {
        throw toRedisError(error);
      }
    },

    async process(name, handler, processOptions = {}) {
      assertOpen();
      if (!isJobName(name))
        throw new AppError('VALIDATION_FAILED', `Unknown job "${String(name)}"`);
      const concurrency = processOptions.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Concurrency for "${name}" must be a positive integer`,
        );
      }
      if (workers.has(name)) {
        throw new AppError('CONFLICT', `A processor for job "${name}" is already registered`);
      }
      const worker = startWorker(name, handler as JobHandler<JobName>, concurrency);
      workers.set(name, worker);
      try {
        await withTimeout(
          worker.waitUntilReady(),
          readyTimeoutMs,
          () => new Error(`worker for "${name}" not ready within ${readyTimeoutMs} ms`),
        );
      } catch (error) {
        workers.delete(name);
        await forceClose(worker).catch(() => undefined);
        throw redisUnavailable(error);
      }
    },

    async depth() {
      try {
        const entries = await Promise.all(
          jobNames.map(async (name) => {
            const counts = await queueOf(name).getJobCounts(
              'waiting',
              'prioritized',
              'active',
              'delayed',
              'failed',
            );
            const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
            return [
              name,
              {
                waiting,
                active: counts.active ?? 0,
                delayed: counts.delayed ?? 0,
                failed: counts.failed ?? 0,
              },
            ];
          }),
        );
        return Object.fromEntries(entries) as QueueDepth;
      } catch (error) {
        throw toRedisError(error);
      }
    },

    async ping() {
      if (closing) return { ok: false, error: 'Job queue is closed' };
      const started = performance.now();
      try {
        await withTimeout(
          producer.ping(),
          pingTimeoutMs,
          () => new Error(`PING timed out after ${pingTimeoutMs} ms`),
        );
        return { ok: true, latencyMs: performance.now() - started };
      } catch (error) {
        return { ok: false, error: `Redis is unavailable: ${errorMessage(error)}` };
      }
    },

    onJobFinished: (listener) => finished.on(listener),

    close({ timeoutMs = 10_000 } = {}) {
      closing ??= (async () => {
        const running = [...workers.values()];
        const graceful = Promise.all(running.map((worker) => worker.close()));
        const inTime = await settlesWithin(graceful, timeoutMs);
        quiet = true;
        if (!inTime) {
          logger.warn({ timeoutMs }, 'job queue close deadline passed; aborting active jobs');
          await Promise.allSettled(running.map(forceClose));
        }
        await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
        await closeRedis(producer);
        workerConnection.disconnect();
        return { timedOut: !inTime };
      })();
      return closing;
    },
  };
}
