import type { CheckRunner } from '../graph/investigation-session.js';
import { buildAddressBook } from './address-book.js';
import { certificateExpiryFindings } from './certificate-expiry.js';
import { noisyNeighbourFindings } from './noisy-neighbour.js';
import type { CheckResult } from './check-result.js';
import { recentChangesCheck } from './change-check.js';
import { logPatternCheck } from './log-pattern-check.js';
import { metricChecks } from './metric-checks.js';
import { sweepMetrics, trafficSeries } from './metric-sweep.js';

/**
 * The deterministic checks in order: the metric sweep (HTTP errors and
 * latency, resource saturation, dependency saturation), the log patterns,
 * then recent changes, last because a change only matters if its service
 * went wrong right after it. One after the other, so evidence ids and
 * `finding` events come out in the same order on every run.
 */
export const runDeterministicChecks: CheckRunner = async ({
  directory,
  metrics,
  logs,
  changes,
  window,
  ledger,
  queryLog,
  signal,
  onResult,
}) => {
  const report = (results: CheckResult[]) => {
    for (const result of results) onResult?.(result);
    return results;
  };
  const sweep = await sweepMetrics({ directory, metrics, window, signal });
  const metricResults = metricChecks(
    sweep,
    ledger,
    directory.services,
    metrics.length > 0,
    queryLog,
  );
  // Certificates that expired in the span: a finding for the service presenting them.
  const expired = await certificateExpiryFindings({ directory, metrics, window, ledger, signal });
  const dependencies = metricResults.find((r) => r.check === 'dependency_saturation');
  if (dependencies && expired.length > 0) {
    dependencies.findings.push(...expired);
    dependencies.interesting = true;
    dependencies.summary = `${dependencies.summary} ${expired.map((f) => `${f.service}: ${f.text}.`).join(' ')}`;
  }
  // A saturated node: the workload that took its CPU.
  const neighbours = await noisyNeighbourFindings({
    directory,
    swept: sweep.signals,
    window,
    ledger,
    signal,
  });
  const resources = metricResults.find((r) => r.check === 'resource_saturation');
  if (resources && neighbours.length > 0) {
    resources.findings.push(...neighbours);
    resources.interesting = true;
    resources.summary = `${resources.summary} ${neighbours.map((f) => `${f.service} ${f.text}.`).join(' ')}`;
  }
  if (sweep.failures.length > 0)
    metricResults[0]!.notChecked.push(
      `${sweep.failures.length} metric queries failed, e.g. ${sweep.failures[0]}`,
    );
  report(metricResults);
  const addresses = await buildAddressBook({
    metrics,
    metricNames: (source) => directory.metricNames(source),
    services: directory.services,
    window: { start: window.baseline.start, end: window.incident.end },
    signal,
  });
  const logResults = report([
    await logPatternCheck({
      directory,
      logs,
      window,
      ledger,
      queryLog,
      signal,
      addresses,
      traffic: trafficSeries(sweep),
    }),
  ]);
  const earlier = [...metricResults, ...logResults].flatMap((result) => result.findings);
  const changeResult = await recentChangesCheck({
    directory,
    metrics,
    logs,
    changes,
    window,
    ledger,
    queryLog,
    signal,
    earlier,
  });
  return [...metricResults, ...logResults, ...report([changeResult])];
};
