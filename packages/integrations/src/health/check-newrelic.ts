import { isAppError } from '@vibemonitor/contracts';
import type { NewrelicClient } from '../newrelic/newrelic-client.js';
import { nrql } from '../newrelic/nrql.js';
import { failureMessage, slowNote, type HealthReport } from './health-report.js';

/**
 * Checks a New Relic connection: the key and the account (NerdGraph
 * actor.user / actor.account), then one NRQL count over the last 15
 * minutes, which proves the key may query the account's data.
 */
export async function checkNewrelic(
  client: NewrelicClient,
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
    await client.query(
      nrql`SELECT count(*) FROM Transaction SINCE ${new Date(now.getTime() - 900_000)} UNTIL ${now}`,
      signal,
    );
  } catch (error) {
    if (isAppError(error) && error.code === 'TOO_MANY_REQUESTS')
      return report('failing', error.message);
    return report('failing', failureMessage(error));
  }
  const slow = slowNote(Math.round(performance.now() - started));
  return report(slow ? 'degraded' : 'healthy', slow);
}
