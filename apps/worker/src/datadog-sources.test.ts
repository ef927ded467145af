import { afterAll, describe, expect, it } from 'vitest';
import {
  deterministicReport,
  startSimulatedDatadog,
  startSimulatedTelemetry,
  type SimulatedDatadog,
  type SimulatedTelemetry,
} from '@vibemonitor/agent/testing';
import { createDatadogSources } from '@vibemonitor/core';
import { createDatadogClient } from '@vibemonitor/integrations';

/*
 * The same simulated incident read twice by the deterministic engine: from a
 * real Prometheus + Loki, and from the Datadog-speaking fake through the
 * Datadog sources (official client, family mapping, PromQL over Datadog's
 * series). The Datadog run must find the same root cause from Datadog data.
 */

const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(open.map((o) => o.close()));
});

async function both(scenario: Parameters<typeof startSimulatedDatadog>[0]) {
  const datadog: SimulatedDatadog = await startSimulatedDatadog(scenario);
  open.push(datadog);
  const client = createDatadogClient({
    site: 'datadoghq.com',
    apiKey: datadog.apiKey,
    appKey: datadog.appKey,
    policy: { allowPrivate: true, timeoutMs: 10_000 },
    baseUrl: datadog.datadog.url,
  });
  const sources = createDatadogSources({
    integration: { id: 'dd', name: 'Datadog' },
    client,
    now: datadog.now,
  });
  return { datadog, sources };
}

describe('investigations on a Datadog-only workspace', () => {
  it.each([
    ['cpu-saturation', 'Why is checkout slow?'],
    ['memory-leak-oom', 'Why are orders failing?'],
    ['bad-deploy', 'Why are payments failing?'],
    ['disk-full', 'Why is postgres failing?'],
  ] as const)(
    '%s: the root cause found from Datadog matches the Prometheus + Loki one',
    async (scenario, question) => {
      const telemetry: SimulatedTelemetry = await startSimulatedTelemetry(scenario);
      open.push(telemetry);
      const prometheusReport = await deterministicReport({
        question,
        now: telemetry.now,
        metrics: [telemetry.metrics],
        logs: [telemetry.logs],
        changes: [telemetry.changes],
      });
      const { datadog, sources } = await both(scenario);
      const report = await deterministicReport({
        question,
        now: datadog.now,
        metrics: [sources.metrics],
        logs: [sources.logs],
        changes: [sources.changes],
      });
      expect(datadog.datadog.metricQueries.length).toBeGreaterThan(0);
      expect(report.evidence.length).toBeGreaterThan(0);
      // Every query that returned data ran against a Datadog source.
      const withData = (report.queries ?? []).filter((q) => q.outcome === 'data');
      expect(withData.length).toBeGreaterThan(0);
      expect(withData.every((q) => /Datadog/.test(q.source))).toBe(true);
      expect(report.rootCause).not.toBeNull();
      expect(report.rootCause?.service).toBe(prometheusReport.rootCause?.service);
      expect(report.rootCause?.confidence).toBe(prometheusReport.rootCause?.confidence);
    },
    60_000,
  );
});
