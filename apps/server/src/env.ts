import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadAppConfig, readEnv } from '@vibemonitor/core';

export const serverEnvSchema = z.object({
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /**
   * Behind a reverse proxy, which X-Forwarded-For hops to believe, so client
   * IPs (rate limits) are right: a hop count (`1` = the proxy in front of us)
   * or a comma-separated list of proxy addresses/CIDRs (`loopback, 10.0.0.0/8`).
   * `true` believes every hop, which lets clients forge their IP: avoid it.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v): boolean | number | string => {
      const value = (v ?? '').trim();
      if (value === '' || value === 'false') return false;
      if (value === 'true') return true;
      if (/^\d+$/.test(value)) return Number(value);
      return value;
    }),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * A built web console (the `dist/` folder of apps/web) to serve at `/` on
   * the API's origin. `pnpm start` uses apps/web/dist without it; a
   * distributed server serves a console only when this is set.
   */
  WEB_DIST_DIR: z
    .string()
    .trim()
    .min(1)
    .refine(
      (dir) => existsSync(join(dir, 'index.html')),
      'must be a built web console folder (with index.html): run pnpm build',
    )
    .optional(),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function loadServerEnv(env: Record<string, string | undefined> = process.env): ServerEnv {
  return serverEnvSchema.parse(env);
}

/** Everything the server process needs, read from the environment once at boot. */
export function loadServerConfig(env: Record<string, string | undefined> = process.env) {
  return { app: loadAppConfig(env), server: readEnv(() => loadServerEnv(env)) };
}
