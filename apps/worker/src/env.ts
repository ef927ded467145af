import { z } from 'zod';
import { loadAppConfig, readEnv } from '@vibemonitor/core';

export const workerEnvSchema = z.object({
  WORKER_ID: z.string().optional(),
  WORKER_CONCURRENCY: z.coerce.number({ message: 'must be a number' }).int().min(1).max(64).default(4),
  /** How long a stopping worker waits for running jobs before giving up on them (they are re-run elsewhere). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Optional port for `/metrics` of a standalone worker process (distributed mode). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(env: Record<string, string | undefined> = process.env): WorkerEnv {
  return workerEnvSchema.parse(env);
}

/** Everything the worker process needs, read from the environment once at boot. */
export function loadWorkerConfig(env: Record<string, string | undefined> = process.env) {
  return { app: loadAppConfig(env), worker: readEnv(() => loadWorkerEnv(env)) };
}
