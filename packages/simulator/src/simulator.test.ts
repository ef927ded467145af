import { AppError } from '@vibemonitor/contracts';
import { describe, expect, it } from 'vitest';
import { scenarioIds, type ScenarioId } from './scenarios.js';
import { createSimulator, type Simulator } from './simulator.js';

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

describe('simulator determinism', () => {
  it('gives byte-identical metrics, logs and changes for the same scenario and seed', () => {
    const a = createSimulator({ scenario: 'bad-deploy', seed: 'demo', hoursBefore: 1 });
    const b = createSimulator({ scenario: 'bad-deploy', seed: 'demo', hoursBefore: 1 });
    const r = { start: a.faultStart - 600, end: a.faultStart + 600, step: 60 };
    expect(a.toOpenMetrics(r)).toBe(b.toOpenMetrics(r));
    expect(a.logLines(r)).toEqual(b.logLines(r));
    expect(a.changeEvents({ start: a.dataStart, end: a.dataEnd })).toEqual(b.changeEvents({ start: b.dataStart, end: b.dataEnd }));
  });

  it('differs with another seed, and a sub-range matches the full range', () => {
    const a = createSimulator({ scenario: 'bad-deploy', seed: 'demo', hoursBefore: 1 });
    const c = createSimulator({ scenario: 'bad-deploy', seed: 'other', hoursBefore: 1 });
    const r = { start: a.faultStart - 600, end: a.faultStart + 600, step: 60 };
    expect(a.toOpenMetrics(r)).not.toBe(c.toOpenMetrics(r));
    const whole = a.logLines(r, { service_name: 'orders' });
    const half = a.logLines({ start: a.faultStart, end: a.faultStart + 600 }, { service_name: 'orders' });
    expect(half).toEqual(whole.filter((l) => l.timestamp >= a.faultStart * 1000));
  });
});

describe('toOpenMetrics', () => {
  const s = sim('memory-leak-oom');
  const text = s.toOpenMetrics({ start: s.faultStart - 300, end: s.faultStart + 1800, step: 60 });
  const lines = text.trimEnd().split('\n');

  it('ends with # EOF and declares every family once, before its samples, never interleaved', () => {
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(lines.filter((l) => l === '# EOF')).toHaveLength(1);
    const declared: string[] = [];
    let current = '';
    for (const line of lines.slice(0, -1)) {
      const type = /^# TYPE (\S+) (counter|gauge|histogram)$/.exec(line);
      if (type) {
        expect(declared).not.toContain(type[1]);
        declared.push(type[1]!);
        current = type[1]!;
        continue;
      }
      if (line.startsWith('# HELP ')) continue;
      const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+) (\d+)$/.exec(line);
      expect(sample, line).not.toBeNull();
      expect(sample![1]!.startsWith(current), `${sample![1]} in family ${current}`).toBe(true);
    }
    expect(declared).toEqual([...declared].sort());
  });

  it('names counters _total and histograms _bucket/_sum/_count with le up to +Inf', () => {
    expect(text).toContain('# TYPE http_requests counter');
    expect(text).toMatch(/\nhttp_requests_total\{code="200",job="auth",/);
    expect(text).toContain('# TYPE http_server_request_duration_seconds histogram');
    expect(text).toMatch(/http_server_request_duration_seconds_bucket\{[^}]*le="\+Inf"[^}]*\} \d+ \d+/);
    expect(text).toMatch(/http_server_request_duration_seconds_sum\{/);
    expect(text).toMatch(/http_request_duration_seconds_count\{/);
    expect(text).toContain('kube_pod_container_status_restarts_total{container="orders"');
    expect(text).toContain('container_cpu_usage_seconds_total{');
    expect(text).toContain('kube_pod_container_status_last_terminated_reason{container="orders",namespace="shop",pod="orders-6b8c9d7f4-h2k5m",reason="OOMKilled"} 1 ');
  });

  it('has ascending timestamps in seconds per series and monotonic counters', () => {
    const bySeries = new Map<string, Array<[number, number]>>();
    for (const line of lines) {
      const m = /^(\S+?\{[^}]*\}|\S+) (\S+) (\d+)$/.exec(line);
      if (!m || line.startsWith('#')) continue;
      const list = bySeries.get(m[1]!) ?? [];
      list.push([Number(m[3]), Number(m[2])]);
      bySeries.set(m[1]!, list);
    }
    for (const [key, points] of bySeries) {
      for (let i = 1; i < points.length; i++) {
        expect(points[i]![0]).toBeGreaterThan(points[i - 1]![0]);
        if (key.includes('_total{') && !key.startsWith('kube_pod')) expect(points[i]![1]).toBeGreaterThanOrEqual(points[i - 1]![1]);
      }
      expect(points[0]![0]).toBeGreaterThanOrEqual(s.faultStart - 300);
      expect(points[0]![0]).toBeLessThan(2_000_000_000);
    }
  });
});

describe('logLines', () => {
  const s = sim('control');
  const r = { start: s.faultStart, end: s.faultStart + 300 };

  it('filters streams by equality matchers or a LogQL stream selector', () => {
    const orders = s.logLines(r, { service_name: 'orders' });
    expect(orders.length).toBeGreaterThan(50);
    expect(orders.every((l) => l.labels.service_name === 'orders' && l.labels.pod === 'orders-6b8c9d7f4-h2k5m')).toBe(true);
    expect(s.logLines(r, '{service_name=~"orders|auth", namespace="shop"}').length).toBe(orders.length + s.logLines(r, { service_name: 'auth' }).length);
    expect(s.logLines(r, '{service_name!="gateway"}').some((l) => l.labels.service_name === 'gateway')).toBe(false);
    expect(s.logLines(r, { service_name: 'billing' })).toEqual([]);
    expect(() => s.logLines(r, '{service_name=orders}')).toThrow(AppError);
  });

  it('returns lines sorted by time inside the range, in JSON and plain formats', () => {
    const all = s.logLines(r);
    for (let i = 1; i < all.length; i++) expect(all[i]!.timestamp).toBeGreaterThanOrEqual(all[i - 1]!.timestamp);
    expect(all[0]!.timestamp).toBeGreaterThanOrEqual(r.start * 1000);
    expect(all.at(-1)!.timestamp).toBeLessThanOrEqual(r.end * 1000);
    const gateway = all.find((l) => l.labels.service_name === 'gateway')!;
    expect(JSON.parse(gateway.line)).toMatchObject({ service: 'gateway', level: expect.any(String), msg: expect.any(String) });
    expect(all.find((l) => l.labels.service_name === 'auth')!.line).toMatch(/^ts=\S+ level=\w+ service=auth msg="/);
  });
});

describe('changeEvents', () => {
  it('includes routine changes and the scenario change at the fault', () => {
    const s = sim('bad-deploy');
    const events = s.changeEvents({ start: s.faultStart - 4 * 3600, end: s.faultStart + 3600 });
    expect(events.map((e) => e.service)).toEqual(['auth', 'payments', 'orders']);
    expect(events.at(-1)).toMatchObject({ kind: 'deploy', version: 'v2.14.0', timestamp: s.faultStart - 60 });
    const config = sim('config-error').changeEvents({ start: s.faultStart - 600, end: s.faultStart + 600 });
    expect(config).toMatchObject([{ service: 'auth', kind: 'config' }]);
  });
});

describe('each scenario moves its root-cause signals', () => {
  const median = (values: number[]) => {
    const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  it.each(scenarioIds)('%s', (id) => {
    const s = sim(id);
    const root = s.scenario.rootCause;
    const signals = s.signals(around(s)).filter((c) => c.service === root.service);
    const moved = root.signals.filter((kind) => {
      const points = signals.find((c) => c.signal === kind)?.points ?? [];
      const before = median(points.filter(([t]) => t < s.faultStart - 300).map(([, v]) => v));
      const during = median(points.filter(([t]) => t >= s.faultStart + 300).map(([, v]) => v));
      return Math.abs(during - before) > Math.max(0.01, Math.abs(before) * 0.1);
    });
    // The control scenario injects nothing: it names no signal, so none can move.
    expect(moved.length > 0).toBe(root.service !== null);
  });
});
