import type { HttpPolicy } from '@vibemonitor/integrations';
import type { AppConfig } from '../config/app-config.js';

/** Deployment-wide rules for calling integrations, derived from configuration at boot. */
export interface IntegrationSettings {
  /** Whether integration URLs may point at private and loopback addresses. */
  allowPrivateUrls: boolean;
  /** Deadline for one call to an integration. */
  timeoutMs: number;
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
  const datadog = config.core.DATADOG_API_URL?.replace(/\/+$/, '');
  const newrelic = config.core.NEW_RELIC_API_URL;
  return {
    allowPrivateUrls: allowPrivateIntegrationUrls(config),
    timeoutMs: INTEGRATION_TIMEOUT_MS,
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
