import type { LokiClient } from '../loki/loki-client.js';
import { failureMessage, slowNote, type HealthReport } from './health-report.js';

/**
 * Checks a Loki server: `/ready` (a starting Loki is degraded, not failing)
 * and a labels call over the last hour, which also proves the credentials.
 */
export async function checkLoki(
  client: LokiClient,
  options: { signal?: AbortSignal; checkReady?: boolean; now?: Date } = {},
): Promise<HealthReport> {
  const started = performance.now();
  const signal = options.signal ? { signal: options.signal } : {};
  const now = options.now ?? new Date();
  try {
    const ready =
      options.checkReady === false ? { ready: true, message: '' } : await client.ready(signal);
    await client.labels({ start: new Date(now.getTime() - 3_600_000), end: now, ...signal });
    const version = await client.buildInfo(signal).then(
      (info) => info.version,
      () => null,
    );
    const latencyMs = Math.round(performance.now() - started);
    const problems = [
      ready.ready ? null : `Loki is not ready yet: ${ready.message}`,
      slowNote(latencyMs),
    ].filter(Boolean);
    return {
      status: problems.length > 0 ? 'degraded' : 'healthy',
      message: problems.length > 0 ? problems.join(' ') : null,
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
