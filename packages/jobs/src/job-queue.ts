import type { EnqueueOptions, JobInput, JobName, JobPayload } from './job-definitions.js';

/** What a processor receives for one attempt of one job. */
export interface JobContext<N extends JobName> {
  payload: JobPayload<N>;
  jobId: string;
  /** 1 for the first run, 2 for the first retry, and so on. */
  attempt: number;
  /**
   * Aborted when the queue is force-closed (the close deadline passed) while
   * this job still runs. Long handlers should pass it on to fetch/LLM calls.
   */
  signal: AbortSignal;
}

/**
 * Processes one job. Handlers must be re-entrant: with Redis, a job whose
 * worker died or stalled (event loop blocked past the lock) is run again from
 * the start, and a force-closed job is run again by the next worker.
 */
export type JobHandler<N extends JobName> = (context: JobContext<N>) => Promise<void> | void;

export interface ProcessOptions {
  /** Jobs of this name run at most this many at a time in this process. Default 1. */
  concurrency?: number;
}

export type JobStatus = 'completed' | 'retrying' | 'failed';

/** Reported after every attempt, for job duration metrics. */
export interface JobFinishedEvent {
  name: JobName;
  jobId: string;
  attempt: number;
  durationMs: number;
  /** `retrying`: this attempt failed and another one is scheduled. */
  status: JobStatus;
  /** The error message when the attempt failed. */
  error?: string;
}

export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export type QueueDepth = Record<JobName, JobCounts>;

export type PingResult = { ok: true; latencyMs: number } | { ok: false; error: string };

export interface CloseOptions {
  /** How long to wait for active jobs before aborting them. Default 10 000. */
  timeoutMs?: number;
}

export interface CloseResult {
  /** True when active jobs were still running at the deadline and were abandoned. */
  timedOut: boolean;
}

/** A typed job queue; `createJobsRuntime` picks the driver (Redis or in-process). */
export interface JobQueue {
  /**
   * Validates and enqueues a job. A `jobId` dedupes: while a job with that id
   * is waiting, delayed, active or kept as failed, enqueueing it again is a
   * no-op that returns the same id (unless `replaceFailed` is set and the
   * kept job failed). Completed jobs are removed, so the id can be reused
   * afterwards.
   * @throws AppError('VALIDATION_FAILED') for a bad payload or options,
   *   AppError('UNAVAILABLE') when Redis cannot be reached.
   */
  enqueue<N extends JobName>(
    name: N,
    payload: JobInput<N>,
    options?: EnqueueOptions,
  ): Promise<{ jobId: string }>;
  /**
   * Registers the processor of one job name (once per name and process).
   * Resolves when it is ready to take jobs. Failed attempts are retried with
   * exponential backoff while the job has `attempts` left, and logged.
   */
  process<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    options?: ProcessOptions,
  ): Promise<void>;
  /** Job counts per job name, for metrics. */
  depth(): Promise<QueueDepth>;
  /** Readiness: can we reach the queue's store right now? */
  ping(): Promise<PingResult>;
  /** Subscribes to attempt results; returns a function that removes the listener. */
  onJobFinished(listener: (event: JobFinishedEvent) => void): () => void;
  /**
   * Stops taking jobs and waits for active ones up to the deadline, then
   * aborts them (their `signal` fires) and closes anyway. A handler that
   * ignores its signal keeps running in this process (and, with Redis,
   * BullMQ's stalled-check timer can hold the event loop up to 30 s more):
   * hosts should exit once close resolves.
   */
  close(options?: CloseOptions): Promise<CloseResult>;
}
