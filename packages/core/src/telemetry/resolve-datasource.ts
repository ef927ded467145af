import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import type { Database } from '@vibemonitor/db';
import {
  createGrafanaClient,
  type Endpoint,
  type QueryableDatasourceType,
} from '@vibemonitor/integrations';
import { httpPolicy, type IntegrationSettings } from '../integrations/integration-settings.js';
import { readStoredConfig } from '../integrations/integration-summary.js';
import { loadIntegrationTarget, targetEndpoint } from '../integrations/integration-target.js';
import { providerLabel } from '../integrations/integration-providers.js';
import { listDatasources, type DatasourceSummary } from '../integrations/list-datasources.js';

/** Picks a datasource by integration (and Grafana uid); leave it out to use the workspace's first one of the type. */
export interface DatasourceRef {
  integrationId: string;
  uid?: string | undefined;
}

const typeLabel: Record<QueryableDatasourceType, string> = {
  prometheus: 'Prometheus',
  loki: 'Loki',
};

/**
 * Resolves what to query for logs (`loki`) or metrics (`prometheus`): the
 * named datasource, or the workspace's default (Grafana's default datasource
 * first, then the oldest integration, preferring ones not failing). Returns
 * the API endpoint, through Grafana's proxy for Grafana datasources.
 */
export async function resolveDatasource({
  db,
  secrets,
  settings,
  workspaceId,
  type,
  ref,
}: {
  db: Database;
  secrets: SecretBox;
  settings: IntegrationSettings;
  workspaceId: string;
  type: QueryableDatasourceType;
  ref?: DatasourceRef | undefined;
}): Promise<{ datasource: DatasourceSummary; endpoint: Endpoint }> {
  const policy = httpPolicy(settings);
  let chosen: DatasourceRef;
  if (ref) {
    chosen = ref;
  } else {
    const candidates = await listDatasources({ db, workspaceId, type });
    const pick = candidates.find((ds) => ds.health !== 'failing') ?? candidates[0];
    if (!pick) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `No ${typeLabel[type]} datasource in this workspace: connect ${typeLabel[type]}, or Grafana with a ${typeLabel[type]} datasource, first.`,
      );
    }
    chosen = { integrationId: pick.integrationId, uid: pick.uid ?? undefined };
  }

  const { integration, target } = await loadIntegrationTarget({
    db,
    secrets,
    settings,
    workspaceId,
    integrationId: chosen.integrationId,
  });
  const base = {
    integrationId: integration.id,
    integrationName: integration.name,
    health: integration.healthStatus,
  };
  if (target.provider === 'grafana') {
    const discovered = (readStoredConfig(integration.config).datasources ?? []).filter(
      (ds) => ds.type === type,
    );
    const match = chosen.uid ? discovered.find((ds) => ds.uid === chosen.uid) : discovered[0];
    if (!match) {
      throw new AppError(
        chosen.uid ? 'NOT_FOUND' : 'PRECONDITION_FAILED',
        chosen.uid
          ? `"${integration.name}" has no ${typeLabel[type]} datasource with uid "${chosen.uid}" (as of its last health check).`
          : `"${integration.name}" has no ${typeLabel[type]} datasource (as of its last health check).`,
      );
    }
    const grafana = createGrafanaClient({ url: target.url, token: target.token, policy });
    return {
      datasource: {
        ...base,
        provider: 'grafana',
        type,
        uid: match.uid,
        name: match.name,
        isDefault: match.isDefault,
      },
      endpoint: grafana.datasourceEndpoint(match),
    };
  }
  if (target.provider === 'cloudwatch') {
    throw new AppError(
      'VALIDATION_FAILED',
      `"${integration.name}" is a CloudWatch integration: it answers CloudWatch queries, not ${type === 'loki' ? 'LogQL' : 'PromQL'}; investigations read it directly.`,
    );
  }
  if (target.provider === 'datadog' || target.provider === 'newrelic') {
    throw new AppError(
      'VALIDATION_FAILED',
      `"${integration.name}" is a ${providerLabel(target.provider)} integration: investigations read it, but logs.* and metrics.* take a Prometheus, Loki or Grafana datasource (PromQL/LogQL).`,
    );
  }
  if (target.provider !== type) {
    throw new AppError(
      'VALIDATION_FAILED',
      `"${integration.name}" is a ${typeLabel[target.provider]} integration: ${type === 'loki' ? 'logs' : 'metrics'} need ${typeLabel[type]}.`,
    );
  }
  if (chosen.uid)
    throw new AppError(
      'VALIDATION_FAILED',
      `"${integration.name}" is not a Grafana integration: leave out uid.`,
    );
  return {
    datasource: {
      ...base,
      provider: target.provider,
      type,
      uid: null,
      name: integration.name,
      isDefault: false,
    },
    endpoint: targetEndpoint(target, policy),
  };
}
