import type { RcaReport } from '@vibemonitor/contracts';
import { createPrometheusClient } from '@vibemonitor/integrations';
import { runDeterministicChecks } from '../checks/run-checks.js';
import { runInvestigation } from '../graph/run-investigation.js';
import type { ChangeSource, LogSource, MetricSource } from '../sources/data-sources.js';
import { metricSourceFromPrometheus } from '../sources/prometheus-source.js';

/** A metric source over a local Prometheus (test servers run on loopback), through the production client. */
export function localPrometheusSource(url: string): MetricSource {
  return metricSourceFromPrometheus(
    { id: 'prom', name: 'Prometheus' },
    createPrometheusClient({
      baseUrl: url,
      auth: { type: 'none' },
      policy: { allowPrivate: true, timeoutMs: 10_000 },
      label: 'Prometheus',
    }),
  );
}

/** One investigation with the deterministic checks and no model, ending at `now`; returns its report. */
export async function deterministicReport(input: {
  question: string;
  now: Date;
  metrics?: MetricSource[];
  logs?: LogSource[];
  changes?: ChangeSource[];
}): Promise<RcaReport> {
  const { report } = await runInvestigation({
    question: input.question,
    workspaceId: 'ws',
    turnId: 'turn',
    emit: async () => {},
    signal: AbortSignal.timeout(25_000),
    context: {
      services: [],
      environment: null,
      metrics: input.metrics ?? [],
      logs: input.logs ?? [],
      changes: input.changes ?? [],
      unavailable: [],
      model: null,
    },
    runChecks: runDeterministicChecks,
    now: input.now,
  });
  return report;
}
