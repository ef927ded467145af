import { z } from 'zod';
import { loadAppConfig, readEnv } from '@vibemonitor/core';

export const workerEnvSchema = z
  .object({
    WORKER_ID: z.string().optional(),
    WORKER_CONCURRENCY: z.coerce
      .number({ message: 'must be a number' })
      .int()
      .min(1)
      .max(64)
      .default(4),
    /** How long a stopping worker waits for running jobs before giving up on them (they are re-run elsewhere). */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    /** Optional port for `/metrics` of a standalone worker process (distributed mode). */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** A running turn whose worker has not written a heartbeat for this long is run again. */
    TURN_STALE_AFTER_MS: z.coerce.number().int().min(500).max(3_600_000).optional(),
    /** How often a running turn's worker writes its heartbeat (well below TURN_STALE_AFTER_MS). */
    TURN_HEARTBEAT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
    /** Pause between two stale-turn sweeps. */
    TURN_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).optional(),
    /** Investigations run on a worker thread, off the event loop that serves the API and the streams (default true). */
    INVESTIGATION_THREAD: z
      .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
      .default('true')
      .transform((value) => value === 'true' || value === '1'),
  })
  .refine(
    // Defaults as in sweep-stale-turns.ts: 3 s heartbeat, 15 s before a turn counts as stale.
    (env) => (env.TURN_HEARTBEAT_MS ?? 3_000) * 2 <= (env.TURN_STALE_AFTER_MS ?? 15_000),
    {
      message:
        'TURN_HEARTBEAT_MS must be at most half of TURN_STALE_AFTER_MS, or live runs would look dead',
      path: ['TURN_HEARTBEAT_MS'],
    },
  );

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(env: Record<string, string | undefined> = process.env): WorkerEnv {
  return workerEnvSchema.parse(env);
}

/** Everything the worker process needs, read from the environment once at boot. */
export function loadWorkerConfig(env: Record<string, string | undefined> = process.env) {
  return { app: loadAppConfig(env), worker: readEnv(() => loadWorkerEnv(env)) };
}

/** The stale-turn sweep timings named in the environment (others keep their defaults). */
export function staleTurnSweepFromEnv(env: WorkerEnv): {
  staleAfterMs?: number;
  heartbeatIntervalMs?: number;
  intervalMs?: number;
} {
  return {
    ...(env.TURN_STALE_AFTER_MS === undefined ? {} : { staleAfterMs: env.TURN_STALE_AFTER_MS }),
    ...(env.TURN_HEARTBEAT_MS === undefined ? {} : { heartbeatIntervalMs: env.TURN_HEARTBEAT_MS }),
    ...(env.TURN_SWEEP_INTERVAL_MS === undefined ? {} : { intervalMs: env.TURN_SWEEP_INTERVAL_MS }),
  };
}
