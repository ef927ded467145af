import type { GrafanaClient } from '../grafana/grafana-client.js';
import { createLokiClient } from '../loki/loki-client.js';
import { createPrometheusClient } from '../prometheus/prometheus-client.js';
import { checkLoki } from './check-loki.js';
import { checkPrometheus } from './check-prometheus.js';
import { failureMessage, slowNote, type HealthReport } from './health-report.js';

/** Datasources probed per check at most, so a Grafana with dozens stays quick to check. */
export const MAX_DATASOURCES_PROBED = 10;

/**
 * Checks Grafana: health, the token (`/api/org`), datasource discovery, then
 * each Prometheus/Loki datasource through the proxy. Grafana working with no
 * usable datasource, or with some datasources failing, is degraded: the
 * message names them.
 */
export async function checkGrafana(
  client: GrafanaClient,
  options: { signal?: AbortSignal } = {},
): Promise<HealthReport> {
  const started = performance.now();
  const signal = options.signal ? { signal: options.signal } : {};
  try {
    const health = await client.health(signal);
    await client.currentOrg(signal);
    const datasources = await client.listDatasources(signal);
    const problems: string[] = [];
    if (!health.databaseOk) problems.push('Grafana reports a problem with its database.');
    if (datasources.length === 0) {
      problems.push(
        'Grafana has no Prometheus or Loki datasource that this token can see: add one, or give the service account access.',
      );
    }
    for (const datasource of datasources.slice(0, MAX_DATASOURCES_PROBED)) {
      const endpoint = client.datasourceEndpoint(datasource);
      const report =
        datasource.type === 'prometheus'
          ? await checkPrometheus(createPrometheusClient(endpoint), signal)
          : await checkLoki(createLokiClient(endpoint), { ...signal, checkReady: false });
      if (report.status === 'failing')
        problems.push(`Datasource "${datasource.name}" is failing: ${report.message}`);
    }
    const latencyMs = Math.round(performance.now() - started);
    const slow = slowNote(latencyMs);
    if (slow) problems.push(slow);
    return {
      status: problems.length > 0 ? 'degraded' : 'healthy',
      message: problems.length > 0 ? problems.join(' ') : null,
      version: health.version,
      latencyMs,
      datasources,
    };
  } catch (error) {
    return {
      status: 'failing',
      message: failureMessage(error),
      version: null,
      latencyMs: Math.round(performance.now() - started),
      datasources: [],
    };
  }
}
