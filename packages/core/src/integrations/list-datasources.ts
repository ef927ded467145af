import type { IntegrationHealthStatus } from '@vibemonitor/db';
import type { QueryableDatasourceType } from '@vibemonitor/integrations';
import type { Database } from '@vibemonitor/db';
import { listIntegrations } from './list-integrations.js';

/** Something logs or metrics can be queried from: a Prometheus/Loki integration, or one datasource of a Grafana. */
export interface DatasourceSummary {
  integrationId: string;
  integrationName: string;
  provider: 'grafana' | 'prometheus' | 'loki';
  type: QueryableDatasourceType;
  /** Grafana datasource uid; null for a direct Prometheus or Loki. */
  uid: string | null;
  name: string;
  isDefault: boolean;
  health: IntegrationHealthStatus;
}

/**
 * Every queryable datasource of the workspace, from what was stored at the
 * last check (no network call): direct integrations as they are, Grafana
 * ones expanded into their discovered datasources, default ones first.
 */
export async function listDatasources({
  db,
  workspaceId,
  type,
}: {
  db: Database;
  workspaceId: string;
  type?: QueryableDatasourceType | undefined;
}): Promise<DatasourceSummary[]> {
  const all = (await listIntegrations({ db, workspaceId })).flatMap(
    (integration): DatasourceSummary[] => {
      const base = {
        integrationId: integration.id,
        integrationName: integration.name,
        health: integration.health.status,
      };
      if (integration.provider === 'prometheus' || integration.provider === 'loki') {
        return [
          {
            ...base,
            provider: integration.provider,
            type: integration.provider,
            uid: null,
            name: integration.name,
            isDefault: false,
          },
        ];
      }
      if (integration.provider === 'grafana') {
        return integration.datasources.map((ds) => ({
          ...base,
          provider: 'grafana',
          type: ds.type,
          uid: ds.uid,
          name: ds.name,
          isDefault: ds.isDefault,
        }));
      }
      return [];
    },
  );
  const filtered = type ? all.filter((ds) => ds.type === type) : all;
  // Stable sort: Grafana's default datasources first, then in connection order.
  return filtered
    .map((ds, index) => ({ ds, index }))
    .sort((a, b) => Number(b.ds.isDefault) - Number(a.ds.isDefault) || a.index - b.index)
    .map(({ ds }) => ds);
}
