import { z } from 'zod';

const demoEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535),
  REDIS_URL: z.string().min(1),
  DATABASE_URL: z.string().min(1),
  /** Where each checkout writes its receipt (the lab mounts a small filesystem here). */
  RECEIPTS_DIR: z.string().min(1),
  SERVICE_NAME: z.string().default('shop-api'),
  SERVICE_VERSION: z.string().default('1.0.0'),
  /** Share of checkouts that hit the bug this version ships with (a bad deploy sets it). */
  BUG_RATIO: z.coerce.number().min(0).max(1).default(0),
  STRESS_NG: z.string().default('stress-ng'),
});

export type DemoEnv = z.infer<typeof demoEnvSchema>;

/** The demo service's configuration, from its environment. */
export function loadDemoEnv(env: Record<string, string | undefined> = process.env): DemoEnv {
  return demoEnvSchema.parse(env);
}
