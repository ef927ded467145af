import {
  createLokiClient,
  createPrometheusClient,
  type CloudWatchApi,
  type LokiClient,
  type PrometheusClient,
} from '@vibemonitor/integrations';
import type { DatasourceSummary } from '../integrations/list-datasources.js';
import { loadCloudWatchClient } from './load-cloudwatch-client.js';
import { resolveDatasource, type DatasourceRef } from './resolve-datasource.js';
import type { TelemetryRequest } from './telemetry-request.js';

/** The request's abort signal, spread into every client call. */
type CallOptions = { signal?: AbortSignal };

interface Opened<Client> {
  client: Client;
  options: CallOptions;
}

/**
 * The one door from a telemetry procedure to a client: the datasource the
 * input names (or the workspace's default, see resolveDatasource) as a
 * Prometheus or Loki client, or the named CloudWatch integration. Every
 * refusal (no datasource, the wrong kind of integration, a Grafana uid that
 * does not exist) is an AppError raised here, so the procedures map none.
 */
export function openTelemetry(
  request: TelemetryRequest<{ datasource?: DatasourceRef | undefined }>,
  kind: 'prometheus',
): Promise<Opened<PrometheusClient> & { datasource: DatasourceSummary }>;
export function openTelemetry(
  request: TelemetryRequest<{ datasource?: DatasourceRef | undefined }>,
  kind: 'loki',
): Promise<Opened<LokiClient> & { datasource: DatasourceSummary }>;
export function openTelemetry(
  request: TelemetryRequest<{ integrationId: string }>,
  kind: 'cloudwatch',
): Promise<Opened<CloudWatchApi> & { name: string }>;
export async function openTelemetry(
  request: TelemetryRequest<{ datasource?: DatasourceRef | undefined; integrationId?: string }>,
  kind: 'prometheus' | 'loki' | 'cloudwatch',
): Promise<
  Opened<PrometheusClient | LokiClient | CloudWatchApi> & {
    datasource?: DatasourceSummary;
    name?: string;
  }
> {
  const { db, secrets, settings, workspaceId, input, signal } = request;
  const options: CallOptions = signal ? { signal } : {};
  if (kind === 'cloudwatch') {
    const { name, client } = await loadCloudWatchClient({
      db,
      secrets,
      settings,
      workspaceId,
      integrationId: input.integrationId ?? '',
    });
    return { name, client, options };
  }
  const { datasource, endpoint } = await resolveDatasource({
    db,
    secrets,
    settings,
    workspaceId,
    type: kind,
    ref: input.datasource,
  });
  const client = kind === 'loki' ? createLokiClient(endpoint) : createPrometheusClient(endpoint);
  return { datasource, client, options };
}
