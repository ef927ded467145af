import { last4 } from '@vibemonitor/auth';
import { z } from 'zod';
import type { Integration, IntegrationHealthStatus, IntegrationProvider } from '@vibemonitor/db';
import type { GrafanaDatasource, HealthReport } from '@vibemonitor/integrations';
import type { IntegrationTarget } from './integration-target.js';

export type IntegrationAuthType = 'token' | 'none' | 'bearer' | 'basic';

/** What any member may see of an integration: never a secret, at most its last 4 characters. */
export interface IntegrationSummary {
  id: string;
  provider: IntegrationProvider;
  name: string;
  url: string | null;
  auth: { type: IntegrationAuthType | null; username: string | null; secretLast4: string | null };
  health: { status: IntegrationHealthStatus; lastError: string | null; lastCheckedAt: Date | null };
  version: string | null;
  /** Grafana: the Prometheus and Loki datasources found at the last check. */
  datasources: GrafanaDatasource[];
  /** CloudWatch: the region and the role assumed (with the workspace's external id). */
  aws: { region: string; roleArn: string; externalId: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The non-secret settings kept in `integrations.config`. */
export const storedConfigSchema = z.object({
  url: z.string().optional(),
  authType: z.enum(['token', 'none', 'bearer', 'basic']).optional(),
  username: z.string().nullable().optional(),
  secretLast4: z.string().nullable().optional(),
  aws: z.object({ region: z.string(), roleArn: z.string(), externalId: z.string() }).optional(),
  version: z.string().nullable().optional(),
  datasources: z
    .array(
      z.object({
        uid: z.string(),
        name: z.string(),
        type: z.enum(['prometheus', 'loki']),
        isDefault: z.boolean(),
      }),
    )
    .optional(),
});
export type StoredConfig = z.infer<typeof storedConfigSchema>;

export function readStoredConfig(config: Record<string, unknown>): StoredConfig {
  const parsed = storedConfigSchema.safeParse(config);
  return parsed.success ? parsed.data : {};
}

/** The display-safe config for a target, merged with what the last check learned. */
export function storedConfigFor(
  target: IntegrationTarget,
  report: HealthReport | undefined,
  previous: StoredConfig = {},
): StoredConfig {
  if (target.provider === 'cloudwatch') {
    return {
      aws: { region: target.region, roleArn: target.roleArn, externalId: target.externalId },
      version: null,
      datasources: [],
    };
  }
  const auth =
    target.provider === 'grafana'
      ? { authType: 'token' as const, username: null, secretLast4: last4(target.token) || null }
      : target.provider === 'datadog' || target.provider === 'newrelic'
        ? { authType: 'token' as const, username: null, secretLast4: last4(target.apiKey) || null }
        : {
            authType: target.auth.type,
            username: target.auth.type === 'basic' ? target.auth.username : null,
            secretLast4:
              target.auth.type === 'bearer'
                ? last4(target.auth.token) || null
                : target.auth.type === 'basic'
                  ? last4(target.auth.password) || null
                  : null,
          };
  return {
    url: target.url,
    ...auth,
    version: report ? report.version : (previous.version ?? null),
    datasources:
      target.provider === 'grafana'
        ? report && report.status !== 'failing'
          ? report.datasources
          : (previous.datasources ?? [])
        : [],
  };
}

export function toIntegrationSummary(row: Integration): IntegrationSummary {
  const config = readStoredConfig(row.config);
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    url: config.url ?? null,
    auth: {
      type: config.authType ?? null,
      username: config.username ?? null,
      secretLast4: config.secretLast4 ?? null,
    },
    health: {
      status: row.healthStatus,
      lastError: row.lastError,
      lastCheckedAt: row.lastCheckedAt,
    },
    version: config.version ?? null,
    datasources: config.datasources ?? [],
    aws: config.aws ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
