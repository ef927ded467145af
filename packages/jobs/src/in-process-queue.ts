import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AppError } from '@vibemonitor/contracts';
import { settlesWithin } from './deadline.js';
import { errorMessage } from './error-message.js';
import { createJobFinishedEmitter, logFailedAttempt } from './job-finished.js';
import {
  isJobName,
  jobNames,
  parseEnqueueOptions,
  parseJobPayload,
  type JobName,
} from './job-definitions.js';
import type {
  JobCounts,
  JobFinishedEvent,
  JobHandler,
  JobQueue,
  JobStatus,
  QueueDepth,
} from './job-queue.js';
import { runInJobSpan, splitTraceContext, withTraceContext } from './job-tracing.js';
import type { JobsLogger } from './logger.js';
import { retryDelayMs } from './retry-backoff.js';

export interface InProcessQueueOptions {
  logger: JobsLogger;
  /** First retry delay; doubles on each further attempt. */
  retryBackoffMs: number;
  /** Failed jobs kept for `depth()` and jobId dedupe (oldest dropped first). Default 1000. */
  maxFailedKept?: number;
}

type JobState = 'waiting' | 'delayed' | 'active' | 'failed';

interface MemoryJob {
  name: JobName;
  id: string;
  /** The validated payload as JSON, so handlers never share objects with producers. */
  payloadJson: string;
  attempts: number;
  failedAttempts: number;
  state: JobState;
  timer: NodeJS.Timeout | undefined;
}

interface Processor {
  handler: JobHandler<JobName>;
  concurrency: number;
  active: number;
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
}

type Outcome = { ok: true } | { ok: false; error: unknown; retryable: boolean };

/**
 * The queue of a single process (embedded mode): same contract as the Redis
 * driver (async processing, per-name concurrency, retries with backoff, jobId
 * dedupe, graceful close with a deadline), but jobs live in memory, so jobs
 * still waiting or delayed when the process stops are lost.
 */
export function createInProcessQueue({
  logger,
  retryBackoffMs,
  maxFailedKept = 1000,
}: InProcessQueueOptions): JobQueue {
  const jobs = new Map<string, MemoryJob>();
  const waiting = new Map<JobName, MemoryJob[]>(jobNames.map((name) => [name, []]));
  const processors = new Map<JobName, Processor>();
  const activeRuns = new Set<ActiveRun>();
  const failedOrder: MemoryJob[] = [];
  const finished = createJobFinishedEmitter(logger);
  let closing: Promise<{ timedOut: boolean }> | undefined;
  // Set when close gave up on running handlers: whatever they do afterwards
  // must not touch the (closed) queue.
  let abandoned = false;

  const keyOf = (name: JobName, id: string) => `${name}\u0000${id}`;

  const assertOpen = () => {
    if (closing) throw new AppError('UNAVAILABLE', 'Job queue is closed');
  };

  const schedulePump = (name: JobName) => {
    // Never run a handler inside enqueue/process: callers get the same
    // asynchronous behaviour as with Redis.
    setImmediate(() => pump(name));
  };

  const makeWaiting = (job: MemoryJob) => {
    job.state = 'waiting';
    job.timer = undefined;
    waiting.get(job.name)?.push(job);
    schedulePump(job.name);
  };

  const delay = (job: MemoryJob, ms: number) => {
    job.state = 'delayed';
    job.timer = setTimeout(() => makeWaiting(job), ms);
  };

  const keepFailed = (job: MemoryJob) => {
    job.state = 'failed';
    failedOrder.push(job);
    while (failedOrder.length > maxFailedKept) {
      const oldest = failedOrder.shift();
      if (oldest && jobs.get(keyOf(oldest.name, oldest.id)) === oldest)
        jobs.delete(keyOf(oldest.name, oldest.id));
    }
  };

  async function execute(
    processor: Processor,
    job: MemoryJob,
    attempt: number,
    signal: AbortSignal,
  ): Promise<Outcome> {
    let payload;
    const stored = splitTraceContext(JSON.parse(job.payloadJson));
    try {
      payload = parseJobPayload(job.name, stored.payload);
    } catch (error) {
      // A payload that does not fit its schema never will: no retry.
      return { ok: false, error, retryable: false };
    }
    try {
      await runInJobSpan({ name: job.name, jobId: job.id, attempt, carrier: stored.carrier }, async () =>
        processor.handler({ payload, jobId: job.id, attempt, signal }),
      );
      return { ok: true };
    } catch (error) {
      return { ok: false, error, retryable: true };
    }
  }

  const settle = (job: MemoryJob, attempt: number, startedAt: number, outcome: Outcome) => {
    const durationMs = performance.now() - startedAt;
    let status: JobStatus;
    if (outcome.ok) {
      status = 'completed';
      jobs.delete(keyOf(job.name, job.id));
    } else {
      job.failedAttempts += 1;
      status = outcome.retryable && job.failedAttempts < job.attempts ? 'retrying' : 'failed';
      if (status === 'failed') {
        keepFailed(job);
      } else if (closing) {
        // The retry would fire after the process is gone; say so instead of
        // pretending it is scheduled.
        jobs.delete(keyOf(job.name, job.id));
        logger.warn(
          { jobName: job.name, jobId: job.id },
          'in-process queue closing: retry dropped',
        );
      } else {
        delay(job, retryDelayMs(retryBackoffMs, job.failedAttempts));
      }
    }
    const event: JobFinishedEvent = { name: job.name, jobId: job.id, attempt, durationMs, status };
    if (!outcome.ok) {
      event.error = errorMessage(outcome.error);
      logFailedAttempt(logger, event, outcome.error);
    }
    finished.emit(event);
  };

  const start = (processor: Processor, job: MemoryJob) => {
    processor.active += 1;
    job.state = 'active';
    const attempt = job.failedAttempts + 1;
    const controller = new AbortController();
    const startedAt = performance.now();
    const run: ActiveRun = {
      controller,
      done: execute(processor, job, attempt, controller.signal).then((outcome) => {
        activeRuns.delete(run);
        processor.active -= 1;
        if (abandoned) return;
        settle(job, attempt, startedAt, outcome);
        schedulePump(job.name);
      }),
    };
    activeRuns.add(run);
  };

  function pump(name: JobName): void {
    const processor = processors.get(name);
    const queue = waiting.get(name);
    if (closing || !processor || !queue) return;
    while (processor.active < processor.concurrency && queue.length > 0) {
      const job = queue.shift();
      if (job) start(processor, job);
    }
  }

  const countStates = (name: JobName): JobCounts => {
    const counts: JobCounts = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const job of jobs.values()) {
      if (job.name === name) counts[job.state] += 1;
    }
    return counts;
  };

  return {
    async enqueue(name, input, options) {
      assertOpen();
      const payload = parseJobPayload(name, input);
      const {
        jobId,
        delayMs = 0,
        attempts = 1,
        replaceFailed,
      } = parseEnqueueOptions(name, options);
      const id = jobId ?? randomUUID();
      const key = keyOf(name, id);
      const existing = jobs.get(key);
      if (existing && replaceFailed && existing.state === 'failed') {
        jobs.delete(key);
        const index = failedOrder.indexOf(existing);
        if (index >= 0) failedOrder.splice(index, 1);
      } else if (existing) return { jobId: id };
      const job: MemoryJob = {
        name,
        id,
        payloadJson: JSON.stringify(withTraceContext(payload)),
        attempts,
        failedAttempts: 0,
        state: 'waiting',
        timer: undefined,
      };
      jobs.set(key, job);
      if (delayMs > 0) delay(job, delayMs);
      else makeWaiting(job);
      return { jobId: id };
    },

    async process(name, handler, options = {}) {
      assertOpen();
      if (!isJobName(name))
        throw new AppError('VALIDATION_FAILED', `Unknown job "${String(name)}"`);
      const concurrency = options.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Concurrency for "${name}" must be a positive integer`,
        );
      }
      if (processors.has(name)) {
        throw new AppError('CONFLICT', `A processor for job "${name}" is already registered`);
      }
      processors.set(name, { handler: handler as JobHandler<JobName>, concurrency, active: 0 });
      schedulePump(name);
    },

    async depth() {
      return Object.fromEntries(jobNames.map((name) => [name, countStates(name)])) as QueueDepth;
    },

    async ping() {
      return closing ? { ok: false, error: 'Job queue is closed' } : { ok: true, latencyMs: 0 };
    },

    onJobFinished: (listener) => finished.on(listener),

    close({ timeoutMs = 10_000 } = {}) {
      closing ??= (async () => {
        let dropped = 0;
        for (const job of jobs.values()) {
          if (job.state === 'waiting' || job.state === 'delayed') dropped += 1;
          if (job.timer) clearTimeout(job.timer);
        }
        if (dropped > 0)
          logger.warn(
            { dropped },
            'in-process queue closed with jobs still pending; they are lost',
          );
        const inTime = await settlesWithin(
          Promise.all([...activeRuns].map((run) => run.done)),
          timeoutMs,
        );
        if (!inTime) {
          abandoned = true;
          logger.warn(
            { timeoutMs, active: activeRuns.size },
            'job queue close deadline passed; aborting active jobs',
          );
          for (const run of activeRuns) {
            run.controller.abort(
              new AppError('UNAVAILABLE', 'Job queue closed before the job finished'),
            );
          }
        }
        return { timedOut: !inTime };
      })();
      return closing;
    },
  };
}
