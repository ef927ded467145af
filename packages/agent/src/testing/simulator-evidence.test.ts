import { createSimulator, scenarioIds, type ScenarioId, type Simulator } from '@vibemonitor/simulator';
import { describe, expect, it } from 'vitest';
import { matchServiceLabels, toLabelMatcher } from '../evidence/discovery/service-labels.js';
import { planQueries } from '../evidence/discovery/metric-families.js';
import { orderOnsets, rankMetricChanges } from '../evidence/metric-change/rank.js';
import { diffLogRecords } from '../evidence/pattern-diff.js';

// The evidence engine on the simulator's scenarios (the simulator's own tests are in @vibemonitor/simulator).
const built = new Map<ScenarioId, Simulator>();
function sim(id: ScenarioId): Simulator {
  let s = built.get(id);
  if (s === undefined) {
    // Two hours of history is all these tests look at; the default 25 h only adds build time.
    s = createSimulator({ scenario: id, seed: 42, hoursBefore: 2 });
    built.set(id, s);
  }
  return s;
}

const around = (s: Simulator) => ({ start: s.incidentWindow.start - 40 * 60, end: s.incidentWindow.end, step: 30 });

describe('each scenario shows its fault in the data', () => {
  it.each(scenarioIds)('%s: the ranking puts the root cause first and dates its onset', (id) => {
    const s = sim(id);
    const ranked = rankMetricChanges({ candidates: s.signals(around(s)), incident: s.incidentWindow });
    const root = s.scenario.rootCause;
    if (root.service === null) {
      expect(ranked.filter((c) => c.abnormal)).toEqual([]);
      return;
    }
    const top = ranked[0]!;
    expect(`${top.service}/${top.signal}`).toSatisfy((v: string) => root.signals.some((signal) => v === `${root.service}/${signal}`));
    expect(top.abnormal).toBe(true);
    // Rates use 5-minute windows, and leaks ramp: within 5 minutes of the injected start.
    expect(Math.abs(top.onset! - s.faultStart)).toBeLessThanOrEqual(300);
    expect(orderOnsets(ranked)[0]!.service).toBe(root.service);
  });

  it.each(scenarioIds)('%s: the log diff surfaces the incident lines', (id) => {
    const s = sim(id);
    const records = s.logLines({ start: s.incidentWindow.start - 30 * 60, end: s.incidentWindow.end });
    const diff = diffLogRecords({ records, incident: { start: s.incidentWindow.start * 1000, end: s.incidentWindow.end * 1000 } });
    const surfaced = [...diff.new, ...diff.elevated].flatMap((c) => c.examples);
    if (s.scenario.logs.length === 0) {
      expect([...diff.new, ...diff.elevated].filter((c) => c.looksLikeError)).toEqual([]);
      return;
    }
    for (const rule of s.scenario.logs) {
      const fixed = rule.messages.map((m) => m.split('{')[0]!.slice(0, 30));
      expect(surfaced.some((line) => fixed.some((f) => line.includes(f))), `${rule.service}: ${fixed.join(' | ')}`).toBe(true);
    }
  });
});

describe('discovery on simulated metrics', () => {
  const s = sim('control');
  const names = s.metricNames();

  it('plans latency and error queries for both HTTP naming schemes', () => {
    const otel = planQueries({ metricNames: names, selector: 'service_name="payments"', signals: ['latency_p99', 'error_ratio'] });
    expect(otel.map((p) => p.family)).toEqual(['otel-semconv', 'otel-semconv']);
    const selectorFor = (family: string) => (family.startsWith('otel') ? null : 'job="orders"');
    const prom = planQueries({ metricNames: names, selector: (r) => selectorFor(r.family), signals: ['latency_p99', 'error_ratio', 'pool_saturation', 'restarts'] });
    expect(prom.map((p) => `${p.signal}:${p.family}`)).toEqual([
      'latency_p99:prometheus-client',
      'error_ratio:prometheus-client',
      'restarts:kube-state-metrics',
      'pool_saturation:hikaricp',
    ]);
  });

  it('maps service names to the labels each family uses', () => {
    const labelValues: Record<string, string[]> = {};
    for (const series of s.series()) {
      for (const [k, v] of Object.entries(series.labels)) {
        const values = (labelValues[k] ??= []);
        if (!values.includes(v)) values.push(v);
      }
    }
    expect(toLabelMatcher(matchServiceLabels({ service: 'Payments', labelValues }))).toBe('service_name="payments"');
    expect(toLabelMatcher(matchServiceLabels({ service: 'orders', labelValues, labelNames: ['pod'] }))).toBe('pod="orders-6b8c9d7f4-h2k5m"');
  });
});
