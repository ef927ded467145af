import type { CloudWatchApi } from '../cloudwatch/cloudwatch-client.js';
import { failureMessage, slowNote, type HealthReport } from './health-report.js';

/**
 * Checks a CloudWatch connection: the role is assumed (trust policy and
 * external id), then one cheap read each of CloudWatch Logs and CloudWatch
 * metrics. Either read refused is degraded (the other still serves
 * investigations) with the missing permission named; both refused, or the
 * role not assumable, is failing.
 */
export async function checkCloudWatch(
  client: CloudWatchApi,
  options: { signal?: AbortSignal } = {},
): Promise<HealthReport> {
  const started = performance.now();
  const signal = options.signal ? { signal: options.signal } : {};
  const report = (status: HealthReport['status'], message: string | null): HealthReport => ({
    status,
    message,
    version: null,
    latencyMs: Math.round(performance.now() - started),
    datasources: [],
  });
  try {
    await client.identity(signal);
  } catch (error) {
    return report('failing', failureMessage(error));
  }
  const [logs, metrics] = await Promise.all([
    client.listLogGroups({ limit: 1, ...signal }).then(
      () => null,
      (error: unknown) => `Logs: ${failureMessage(error)}`,
    ),
    client.listMetrics({ limit: 1, ...signal }).then(
      () => null,
      (error: unknown) => `Metrics: ${failureMessage(error)}`,
    ),
  ]);
  if (logs && metrics) return report('failing', `${logs} ${metrics}`);
  const latencyMs = Math.round(performance.now() - started);
  const problems = [logs, metrics, slowNote(latencyMs)].filter(Boolean);
  return report(
    problems.length > 0 ? 'degraded' : 'healthy',
    problems.length > 0 ? problems.join(' ') : null,
  );
}
