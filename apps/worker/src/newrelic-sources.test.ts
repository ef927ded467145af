import { afterAll, describe, expect, it } from 'vitest';
import {
  deterministicReport,
  startSimulatedNewrelic,
  startSimulatedTelemetry,
} from '@vibemonitor/agent/testing';
import { createNewrelicSources } from '@vibemonitor/core';
import { createNewrelicClient } from '@vibemonitor/integrations';

/*
 * The same simulated incident read from a real Prometheus + Loki and from
 * the NerdGraph fake through the New Relic sources (NRQL built with escaping,
 * infrastructure samples mapped to the engine's series names).
 */

const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(open.map((o) => o.close()));
});

describe('investigations on a New-Relic-only workspace', () => {
  it.each([
    ['cpu-saturation', 'Why is checkout slow?'],
    ['memory-leak-oom', 'Why are orders failing?'],
    ['disk-full', 'Why is postgres failing?'],
  ] as const)(
    '%s: the root cause found from New Relic matches the Prometheus + Loki one',
    async (scenario, question) => {
      const telemetry = await startSimulatedTelemetry(scenario);
      open.push(telemetry);
      const prometheusReport = await deterministicReport({
        question,
        now: telemetry.now,
        metrics: [telemetry.metrics],
        logs: [telemetry.logs],
        changes: [telemetry.changes],
      });
      const simulated = await startSimulatedNewrelic(scenario);
      open.push(simulated);
      const sources = createNewrelicSources({
        integration: { id: 'nr', name: 'New Relic' },
        client: createNewrelicClient({
          apiKey: simulated.apiKey,
          accountId: simulated.accountId,
          region: 'US',
          policy: { allowPrivate: true, timeoutMs: 10_000 },
          baseUrl: simulated.newrelic.url,
        }),
        now: simulated.now,
      });
      const report = await deterministicReport({
        question,
        now: simulated.now,
        metrics: [sources.metrics],
        logs: [sources.logs],
        changes: [sources.changes],
      });
      const withData = (report.queries ?? []).filter((q) => q.outcome === 'data');
      expect(withData.length).toBeGreaterThan(0);
      expect(withData.every((q) => /New Relic/.test(q.source))).toBe(true);
      expect(simulated.newrelic.queries.some((q) => q.includes('FROM K8sContainerSample'))).toBe(
        true,
      );
      expect(report.rootCause).not.toBeNull();
      expect(report.rootCause?.service).toBe(prometheusReport.rootCause?.service);
      expect(report.rootCause?.confidence).toBe(prometheusReport.rootCause?.confidence);
    },
    60_000,
  );
});
