import { z } from 'zod';

const jobsEnvSchema = z.object({
  REDIS_URL: z.preprocess(
    // An empty variable (REDIS_URL= in a .env file) means "not set".
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .refine((value) => /^rediss?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
        message: 'REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
      })
      .optional(),
  ),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'QUEUE_PREFIX must be 1-64 letters, digits, "-" or "_"')
    .default('vm'),
  /** BullMQ job lock: a dead worker's job runs again roughly this plus the stall interval after it died. */
  QUEUE_LOCK_DURATION_MS: z.coerce
    .number({ message: 'QUEUE_LOCK_DURATION_MS must be a number of milliseconds' })
    .int()
    .min(500, 'QUEUE_LOCK_DURATION_MS must be at least 500')
    .max(600_000, 'QUEUE_LOCK_DURATION_MS must be at most 600000')
    .optional(),
  /** How often workers look for jobs whose lock expired. */
  QUEUE_STALLED_INTERVAL_MS: z.coerce
    .number({ message: 'QUEUE_STALLED_INTERVAL_MS must be a number of milliseconds' })
    .int()
    .min(250, 'QUEUE_STALLED_INTERVAL_MS must be at least 250')
    .max(600_000, 'QUEUE_STALLED_INTERVAL_MS must be at most 600000')
    .optional(),
});

export type JobsEnv = z.infer<typeof jobsEnvSchema>;

/**
 * Reads the jobs configuration. Without REDIS_URL the queue and the event bus
 * run in-process (embedded mode, one process only).
 * @throws Error naming each invalid variable (never echoing its value, which
 *   may hold a password).
 */
export function loadJobsEnv(env: Record<string, string | undefined> = process.env): JobsEnv {
  const result = jobsEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => issue.message).join('; ');
    throw new Error(`Invalid jobs configuration: ${problems}`);
  }
  return result.data;
}

/** The queue's stall settings named in the environment (unset ones keep their defaults). */
export function stallSettingsFromEnv(env: JobsEnv): {
  lockDurationMs?: number;
  stalledIntervalMs?: number;
} {
  return {
    ...(env.QUEUE_LOCK_DURATION_MS === undefined
      ? {}
      : { lockDurationMs: env.QUEUE_LOCK_DURATION_MS }),
    ...(env.QUEUE_STALLED_INTERVAL_MS === undefined
      ? {}
      : { stalledIntervalMs: env.QUEUE_STALLED_INTERVAL_MS }),
  };
}
