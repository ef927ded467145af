import { isAppError } from '@vibemonitor/contracts';
import type { DatadogClient } from '../datadog/datadog-client.js';
import { failureMessage, slowNote, type HealthReport } from './health-report.js';

/**
 * Checks a Datadog connection: the API key (/api/v1/validate), then the
 * application key with a metrics read, then a one-line logs search. A
 * refused logs permission leaves it degraded (metrics still work) with the
 * permission named; anything else refused is failing.
 */
export async function checkDatadog(
  client: DatadogClient,
  options: { signal?: AbortSignal; now?: Date } = {},
): Promise<HealthReport> {
  const started = performance.now();
  const signal = options.signal ? { signal: options.signal } : {};
  const now = options.now ?? new Date();
  const report = (status: HealthReport['status'], message: string | null): HealthReport => ({
    status,
    message,
    version: null,
    latencyMs: Math.round(performance.now() - started),
    datasources: [],
  });
  try {
    await client.validate(signal);
    await client.listActiveMetrics({ from: new Date(now.getTime() - 3_600_000), ...signal });
  } catch (error) {
    return report('failing', failureMessage(error));
  }
  try {
    await client.searchLogs({
      query: '*',
      from: new Date(now.getTime() - 900_000),
      to: now,
      limit: 1,
      ...signal,
    });
  } catch (error) {
    if (isAppError(error) && error.details?.cause === 'permission_missing') {
      return report('degraded', `Metrics work, logs do not: ${error.message}`);
    }
    return report('failing', failureMessage(error));
  }
  const latencyMs = Math.round(performance.now() - started);
  const slow = slowNote(latencyMs);
  return report(slow ? 'degraded' : 'healthy', slow);
}
