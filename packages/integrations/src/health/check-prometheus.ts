import { isAppError } from '@vibemonitor/contracts';
import type { PrometheusClient } from '../prometheus/prometheus-client.js';
import { failureMessage, slowNote, type HealthReport } from './health-report.js';

/**
 * Checks a Prometheus(-compatible) server: build info (tolerated when the
 * server lacks it) and a trivial query, which also proves the credentials.
 */
export async function checkPrometheus(
  client: PrometheusClient,
  options: { signal?: AbortSignal } = {},
): Promise<HealthReport> {
  const started = performance.now();
  const signal = options.signal ? { signal: options.signal } : {};
  try {
    let version: string | null = null;
    try {
      version = (await client.buildInfo(signal)).version;
    } catch (error) {
      // Thanos, Mimir and VictoriaMetrics may not serve buildinfo: the query below decides.
      if (!isAppError(error) || error.details?.cause !== 'not_found') throw error;
    }
    await client.query({ query: 'vector(1)', ...signal });
    const latencyMs = Math.round(performance.now() - started);
    const slow = slowNote(latencyMs);
    return {
      status: slow ? 'degraded' : 'healthy',
      message: slow,
      version,
      latencyMs,
      datasources: [],
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
