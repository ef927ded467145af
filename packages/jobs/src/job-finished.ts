import type { JobFinishedEvent } from './job-queue.js';
import type { JobsLogger } from './logger.js';

/** Fan-out of `JobFinishedEvent`s; a throwing listener is logged, not propagated. */
export function createJobFinishedEmitter(logger: JobsLogger) {
  const listeners = new Set<(event: JobFinishedEvent) => void>();
  return {
    on(listener: (event: JobFinishedEvent) => void): () => void {
      // Wrapped so the same function registered twice is called twice and
      // each returned remover removes exactly its own registration.
      const entry = (event: JobFinishedEvent) => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    emit(event: JobFinishedEvent): void {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          logger.error(
            { err: error, jobName: event.name, jobId: event.jobId },
            'onJobFinished listener failed',
          );
        }
      }
    },
  };
}

/** One log line per failed attempt: a warning while retries remain, an error at the end. */
export function logFailedAttempt(
  logger: JobsLogger,
  event: JobFinishedEvent,
  error: unknown,
): void {
  const fields = { err: error, jobName: event.name, jobId: event.jobId, attempt: event.attempt };
  if (event.status === 'retrying') {
    logger.warn(fields, 'job attempt failed; it will be retried');
  } else {
    logger.error(fields, 'job failed');
  }
}
