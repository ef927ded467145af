import { z } from 'zod';
import { AppError } from '@vibemonitor/contracts';
import { callEndpoint, parseJson, type Endpoint } from '../http/endpoint.js';
import type { HttpPolicy } from '../http/http-options.js';

/** Datasource types we can query through Grafana. */
export const queryableDatasourceTypes = ['prometheus', 'loki'] as const;
export type QueryableDatasourceType = (typeof queryableDatasourceTypes)[number];

export interface GrafanaDatasource {
  uid: string;
  name: string;
  type: QueryableDatasourceType;
  isDefault: boolean;
}

const datasourceListSchema = z.array(
  z.object({
    uid: z.string(),
    name: z.string(),
    type: z.string(),
    isDefault: z.boolean().optional(),
  }),
);

export interface GrafanaClient {
  readonly endpoint: Endpoint;
  /** `/api/health` (no authentication needed): Grafana's version and database state. */
  health(options?: {
    signal?: AbortSignal;
  }): Promise<{ version: string | null; databaseOk: boolean }>;
  /** `/api/org`: proves the token is accepted. */
  currentOrg(options?: {
    signal?: AbortSignal;
  }): Promise<{ id: number | null; name: string | null }>;
  /** Prometheus and Loki datasources visible to the token, default ones first. */
  listDatasources(options?: { signal?: AbortSignal }): Promise<GrafanaDatasource[]>;
  /** The endpoint of one datasource through Grafana's proxy (`/api/datasources/proxy/uid/<uid>`). */
  datasourceEndpoint(datasource: { uid: string; name: string }): Endpoint;
}

/**
 * Grafana with a service-account token (sent as a bearer token). Queries to
 * its Prometheus and Loki datasources go through the datasource proxy, so the
 * Prometheus and Loki clients work unchanged on the returned endpoints.
 */
export function createGrafanaClient({
  url,
  token,
  policy,
}: {
  url: string;
  token: string;
  policy: HttpPolicy;
}): GrafanaClient {
  const baseUrl = url.replace(/\/+$/, '');
  const endpoint: Endpoint = {
    baseUrl,
    auth: { type: 'bearer', token },
    policy,
    label: `Grafana at ${baseUrl}`,
  };
  const getJson = async (path: string, signal?: AbortSignal) => {
    const response = await callEndpoint(endpoint, path, {}, signal ? { signal } : {});
    if (response.status !== 200) {
      throw new AppError(
        'UNAVAILABLE',
        `${endpoint.label} answered HTTP ${response.status} to ${path}.`,
        { cause: 'http_status' },
      );
    }
    return parseJson(response, endpoint.label);
  };
  const unexpected = () =>
    new AppError(
      'UNAVAILABLE',
      `${endpoint.label} answered in an unexpected format: is the URL pointing at Grafana?`,
      {
        cause: 'unexpected_format',
      },
    );

  return {
    endpoint,
    async health({ signal } = {}) {
      const parsed = z
        .object({ database: z.string().optional(), version: z.string().optional() })
        .safeParse(await getJson('/api/health', signal));
      if (!parsed.success) throw unexpected();
      return { version: parsed.data.version ?? null, databaseOk: parsed.data.database === 'ok' };
    },
    async currentOrg({ signal } = {}) {
      const parsed = z
        .object({ id: z.number().optional(), name: z.string().optional() })
        .safeParse(await getJson('/api/org', signal));
      if (!parsed.success) throw unexpected();
      return { id: parsed.data.id ?? null, name: parsed.data.name ?? null };
    },
    async listDatasources({ signal } = {}) {
      const parsed = datasourceListSchema.safeParse(await getJson('/api/datasources', signal));
      if (!parsed.success) throw unexpected();
      return parsed.data
        .filter((ds): ds is typeof ds & { type: QueryableDatasourceType } =>
          (queryableDatasourceTypes as readonly string[]).includes(ds.type),
        )
        .map((ds) => ({
          uid: ds.uid,
          name: ds.name,
          type: ds.type,
          isDefault: ds.isDefault ?? false,
        }))
        .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
    },
    datasourceEndpoint({ uid, name }) {
      return {
        ...endpoint,
        baseUrl: `${baseUrl}/api/datasources/proxy/uid/${encodeURIComponent(uid)}`,
        label: `Grafana datasource "${name}"`,
      };
    },
  };
}
