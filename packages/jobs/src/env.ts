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
