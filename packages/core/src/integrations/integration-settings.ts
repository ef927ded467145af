import type { AwsServerAccess, HttpPolicy } from '@vibemonitor/integrations';
import type { AppConfig } from '../config/app-config.js';

/** Deployment-wide rules for calling integrations, derived from configuration at boot. */
export interface IntegrationSettings {
  /** Whether integration URLs may point at private and loopback addresses. */
  allowPrivateUrls: boolean;
  /** Deadline for one call to an integration. */
  timeoutMs: number;
  /** How this server reaches AWS for CloudWatch (its own credentials; an endpoint override in tests). */
  aws?: AwsServerAccess;
  /** VibeMonitor's AWS principal, for the trust policy shown to users; null when not configured. */
  awsPrincipalArn?: string | null;
  /**
   * Where SaaS providers' APIs are reached instead of their public hosts
   * (tests point them at local fakes). Deployment-wide: nothing a workspace
   * enters can set it.
   */
  providerApiUrls?: { datadog?: string; newrelic?: string };
}

export const INTEGRATION_TIMEOUT_MS = 10_000;

/**
 * ALLOW_PRIVATE_INTEGRATION_URLS, with its default: on in embedded mode
 * (one process on someone's machine, where Prometheus is on loopback or the
 * LAN), off in distributed mode (a shared server, where a private URL could
 * reach the deployment's own internal services). The one place this rule lives.
 */
export function allowPrivateIntegrationUrls(config: Pick<AppConfig, 'core' | 'mode'>): boolean {
  return config.core.ALLOW_PRIVATE_INTEGRATION_URLS ?? config.mode === 'embedded';
}

export function integrationSettingsFromConfig(
  config: Pick<AppConfig, 'core' | 'mode'>,
): IntegrationSettings {
  const { core } = config;
  const datadog = core.DATADOG_API_URL?.replace(/\/+$/, '');
  const newrelic = core.NEW_RELIC_API_URL;
  return {
    allowPrivateUrls: allowPrivateIntegrationUrls(config),
    timeoutMs: INTEGRATION_TIMEOUT_MS,
    aws: {
      ...(core.AWS_ACCESS_KEY_ID && core.AWS_SECRET_ACCESS_KEY
        ? {
            credentials: {
              accessKeyId: core.AWS_ACCESS_KEY_ID,
              secretAccessKey: core.AWS_SECRET_ACCESS_KEY,
              ...(core.AWS_SESSION_TOKEN ? { sessionToken: core.AWS_SESSION_TOKEN } : {}),
            },
          }
        : {}),
      ...(core.CLOUDWATCH_ENDPOINT_URL ? { endpoint: core.CLOUDWATCH_ENDPOINT_URL } : {}),
      timeoutMs: INTEGRATION_TIMEOUT_MS,
    },
    awsPrincipalArn: core.AWS_PRINCIPAL_ARN ?? null,
    ...(datadog || newrelic
      ? {
          providerApiUrls: {
            ...(datadog ? { datadog } : {}),
            ...(newrelic ? { newrelic } : {}),
          },
        }
      : {}),
  };
}

/** The safe-HTTP policy integration clients run under. */
export function httpPolicy(settings: IntegrationSettings): HttpPolicy {
  return { allowPrivate: settings.allowPrivateUrls, timeoutMs: settings.timeoutMs };
}

/** The AWS access CloudWatch clients run with. */
export function awsServerAccess(settings: IntegrationSettings): AwsServerAccess {
  return { timeoutMs: settings.timeoutMs, ...settings.aws };
}
