import type { RcaEvent, RcaReport } from '@vibemonitor/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvestigationContext } from '../engine/investigation-context.js';
import { runInvestigation } from '../graph/run-investigation.js';
import type { ScenarioId } from '@vibemonitor/simulator';
import {
  startSimulatedTelemetry,
  type SimulatedTelemetry,
} from '../testing/simulated-telemetry.js';
import { runDeterministicChecks } from './run-checks.js';

/*
 * The checks and the no-LLM analyst against simulated incidents served by a
 * real Prometheus (backfilled with promtool) and a Loki-speaking server,
 * through the production HTTP clients. Each scenario must name the injected
 * service and say what happened, citing evidence that exists.
 */

interface Run {
  report: RcaReport;
  events: RcaEvent[];
  toolCalls: number;
  durationMs: number;
}

async function investigate(
  telemetry: SimulatedTelemetry,
  options: { withChanges: boolean; logs?: boolean } = { withChanges: false },
): Promise<Run> {
  const events: RcaEvent[] = [];
  const context: InvestigationContext = {
    services: [],
    environment: null,
    metrics: [telemetry.metrics],
    logs: options.logs === false ? [] : [telemetry.logs],
    changes: options.withChanges ? [telemetry.changes] : [],
    unavailable: [],
    model: null,
  };
  const { report, usage } = await runInvestigation({
    question: telemetry.simulator.scenario.question,
    workspaceId: 'ws',
    turnId: 'turn',
    emit: async (event) => {
      events.push(event);
    },
    signal: AbortSignal.timeout(25_000),
    context,
    runChecks: runDeterministicChecks,
    now: telemetry.now,
  });
  return { report, events, toolCalls: usage.toolCalls, durationMs: usage.durationMs };
}

function expectCitationsExist(report: RcaReport): void {
  const ids = new Set(report.evidence.map((e) => e.id));
  for (const id of report.rootCause?.evidenceIds ?? []) expect(ids.has(id)).toBe(true);
  expect(report.rootCause?.evidenceIds.length ?? 1).toBeGreaterThan(0);
}

const cases: Array<{
  scenario: ScenarioId;
  service: string;
  says: RegExp[];
  withChanges?: boolean;
}> = [
  { scenario: 'cpu-saturation', service: 'payments', says: [/CPU-saturated/, /CPU throttling/] },
  {
    scenario: 'db-pool-exhaustion',
    service: 'orders',
    says: [/exhausted its connection pool/, /hikaricp/, /Connection is not available/],
  },
  {
    scenario: 'cache-outage',
    service: 'redis',
    says: [/is down or unreachable/, /the cache is down/],
  },
  {
    scenario: 'disk-full',
    service: 'postgres',
    says: [/ran out of disk space/, /No space left on device/],
  },
  {
    scenario: 'bad-deploy',
    service: 'orders',
    says: [/right after a deploy/, /v2\.14\.0/, /NullPointerException/],
    withChanges: true,
  },
];

describe.each(cases)(
  'deterministic investigation of $scenario',
  ({ scenario, service, says, withChanges }) => {
    let telemetry: SimulatedTelemetry;
    let run: Run;
    beforeAll(async () => {
      telemetry = await startSimulatedTelemetry(scenario);
      run = await investigate(telemetry, { withChanges: withChanges ?? false });
    }, 60_000);
    afterAll(async () => {
      await telemetry?.close();
    });

    it(`names ${service} as the root cause and says what happened`, () => {
      expect(run.report.analyst).toBe('deterministic');
      expect(run.report.rootCause?.service).toBe(service);
      for (const pattern of says)
        expect(`${run.report.rootCause?.cause} ${run.report.summary}`).toMatch(pattern);
      expect(['medium', 'high']).toContain(run.report.rootCause?.confidence);
      expectCitationsExist(run.report);
      expect(run.report.timeline.length).toBeGreaterThan(0);
      expect(run.report.nextSteps.length).toBeGreaterThan(0);
      expect(run.toolCalls).toBe(0);
    });

    it('streams one finding per check, in order', () => {
      const findings = run.events.filter((e) => e.type === 'finding');
      expect(findings.map((f) => (f.type === 'finding' ? f.check : ''))).toEqual([
        'http_errors_latency',
        'resource_saturation',
        'dependency_saturation',
        'error_log_patterns',
        'recent_changes',
      ]);
      expect(findings.some((f) => f.type === 'finding' && f.interesting)).toBe(true);
    });
  },
);

describe('deterministic investigation of the control scenario (nothing wrong)', () => {
  let telemetry: SimulatedTelemetry;
  beforeAll(async () => {
    telemetry = await startSimulatedTelemetry('control');
  }, 60_000);
  afterAll(async () => {
    await telemetry?.close();
  });

  it('finds no anomaly and names no root cause', async () => {
    const { report, events } = await investigate(telemetry);
    expect(report.rootCause).toBeNull();
    expect(report.summary).toMatch(/^No anomalies found/);
    expect(events.filter((e) => e.type === 'finding' && e.interesting)).toEqual([]);
    expect(report.ruledOut.join('\n')).toMatch(/^CPU usage: normal for .*\[Q\d+/m);
    // Every "normal" cites queries of this run that returned data.
    const ran = new Map((report.queries ?? []).map((q) => [q.id, q.outcome]));
    // ("No changes" is measured by a query that found none.)
    for (const line of report.ruledOut)
      for (const [id] of line.matchAll(/\bQ\d+\b/g))
        expect(ran.get(id), line).toBe(line.startsWith('Recent changes') ? ran.get(id) : 'data');
    expect(report.ruledOut.every((line) => /\[Q\d+/.test(line))).toBe(true);
    // What has no such metric (the datastores have no HTTP error counter) is named, signal by signal.
    expect(report.notChecked.every((line) => /^[A-Za-z ]+: /.test(line))).toBe(true);
    expect(report.notChecked.join('\n')).toMatch(/^HTTP error ratio: not measured \(.*postgres/m);
  });

  it('says what it could not check when there are no logs', async () => {
    const { report } = await investigate(telemetry, { withChanges: false, logs: false });
    expect(report.notChecked).toContain('Logs: no Loki (or Grafana Loki datasource) is connected.');
    expect(report.notChecked).toContain('Log patterns: no log source (Loki) is connected.');
    expect(
      report.notChecked.some((n) =>
        n.startsWith('Recent deploys and configuration changes: no change source'),
      ),
    ).toBe(true);
  });
});
