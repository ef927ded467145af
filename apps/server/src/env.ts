import { z } from 'zod';
import { loadAppConfig, readEnv } from '@vibemonitor/core';

export const serverEnvSchema = z.object({
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Set when running behind a reverse proxy so client IPs (rate limits) are right. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function loadServerEnv(env: Record<string, string | undefined> = process.env): ServerEnv {
  return serverEnvSchema.parse(env);
}

/** Everything the server process needs, read from the environment once at boot. */
export function loadServerConfig(env: Record<string, string | undefined> = process.env) {
  return { app: loadAppConfig(env), server: readEnv(() => loadServerEnv(env)) };
}
