import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSimulator,
  GRID_STEP_SECONDS,
  serviceNames,
  streamLabels,
} from '@vibemonitor/simulator';
import {
  createDemoLogSource,
  createDemoMetricSource,
  SeriesGrid,
} from '@vibemonitor/simulator/sources';
import { backfillSeries, logStreams } from '@vibemonitor/agent/testing';
import { isAppError } from '@vibemonitor/contracts';
import {
  createLokiClient,
  createPrometheusClient,
  type LogSource,
  type LokiClient,
  type MetricSeries,
  type MetricSource,
  type PrometheusClient,
} from '@vibemonitor/integrations';
import {
  startFakeLoki,
  startPrometheus,
  type FakeLoki,
  type RunningPrometheus,
} from '@vibemonitor/integrations/testing';

/*
 * The demo's in-process PromQL evaluator against Debian's real Prometheus
 * holding the same samples: the simulator's series for a memory leak ending
 * in OOM kills (counters, histograms, gauges, a series that only appears
 * after the first kill) are backfilled with promtool, and every query below
 * must give the same series with the same values (within float rounding) in
 * both. Syntax the demo does not implement must be refused, not answered.
 * The LogQL subset is compared the same way with the Loki-speaking server.
 */

const simulator = createSimulator({ scenario: 'memory-leak-oom', seed: 3, hoursBefore: 1 });
const end = simulator.faultStart + 45 * 60;
const policy = { allowPrivate: true, timeoutMs: 10_000 };

let prometheus: RunningPrometheus;
let loki: FakeLoki;
let promClient: PrometheusClient;
let lokiClient: LokiClient;
let demoMetrics: MetricSource;
let demoLogs: LogSource;

beforeAll(async () => {
  prometheus = await startPrometheus({
    series: backfillSeries(simulator, simulator.dataStart, end),
  });
  loki = await startFakeLoki({ streams: logStreams(simulator, end - 3600, end) });
  promClient = createPrometheusClient({
    baseUrl: prometheus.url,
    auth: { type: 'none' },
    policy,
    label: 'Prometheus',
  });
  lokiClient = createLokiClient({
    baseUrl: loki.url,
    auth: { type: 'none' },
    policy,
    label: 'Loki',
  });
  const grid = new SeriesGrid(
    simulator
      .series()
      .map((s) => ({ labels: { __name__: s.name, ...s.labels }, values: s.values })),
    simulator.dataStart * 1000,
    GRID_STEP_SECONDS * 1000,
    end * 1000,
  );
  demoMetrics = createDemoMetricSource({ id: 'demo', name: 'Demo' }, grid);
  demoLogs = createDemoLogSource(
    { id: 'demo-logs', name: 'Demo logs' },
    simulator,
    serviceNames.map(streamLabels),
    end * 1000,
  );
}, 120_000);
afterAll(async () => {
  await prometheus?.close();
  await loki?.close();
});

const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort());

/** Same label sets, same timestamps, values equal to 1e-9 (relative), nulls (NaN) in the same places. */
function expectSameSeries(actual: MetricSeries[], expected: MetricSeries[]): void {
  expect(actual.map((s) => key(s.labels)).sort()).toEqual(
    expected.map((s) => key(s.labels)).sort(),
  );
  const byKey = new Map(actual.map((s) => [key(s.labels), s]));
  for (const series of expected) {
    const mine = byKey.get(key(series.labels))!;
    expect(mine.points.map((p) => p.timestamp)).toEqual(series.points.map((p) => p.timestamp));
    series.points.forEach((point, index) => {
      const value = mine.points[index]!.value;
      if (point.value === null) expect(value).toBeNull();
      else
        expect(Math.abs(value! - point.value)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(point.value)),
        );
    });
  }
}

const rangeQueries = [
  // What the checks send (metric families catalogue).
  'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="payments"}[5m])))',
  'histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{job="orders"}[5m])))',
  'sum(rate(http_request_duration_seconds_count{job="orders", code=~"5.."}[5m])) / sum(rate(http_request_duration_seconds_count{job="orders"}[5m]))',
  'sum(rate(http_server_request_duration_seconds_count{service_name="gateway"}[5m]))',
  'sum(rate(container_cpu_usage_seconds_total{container="orders", container!=""}[5m]))',
  'sum(rate(container_cpu_cfs_throttled_periods_total{container="payments"}[5m])) / sum(rate(container_cpu_cfs_periods_total{container="payments"}[5m]))',
  'sum(container_memory_working_set_bytes{container="orders", container!=""})',
  'sum(increase(kube_pod_container_status_restarts_total{container="orders"}[5m]))',
  'sum(kube_pod_container_status_last_terminated_reason{container="orders", reason="OOMKilled"})',
  'max(hikaricp_connections_active{job="orders"} / hikaricp_connections_max{job="orders"})',
  'sum(pg_stat_activity_count{job="postgres"}) / max(pg_settings_max_connections{job="postgres"})',
  '1 - min(node_filesystem_avail_bytes{instance="db-node-1", fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes{instance="db-node-1", fstype!~"tmpfs|overlay"})',
  '1 - avg(rate(node_cpu_seconds_total{instance="node-2", mode="idle"}[5m]))',
  'min(redis_up{job="redis"})',
  // What a model writes.
  'up',
  'sum by (job) (rate(http_requests_total[5m]))',
  'histogram_quantile(0.95, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))',
  'topk(3, sum by (container) (rate(container_cpu_usage_seconds_total[5m])))',
  'sum without (pod, le) (rate(http_request_duration_seconds_count[1m]))',
  'irate(redis_commands_processed_total[2m])',
  'increase(http_requests_total{job=~"auth|orders", code!="200"}[10m] offset 10m)',
  'avg_over_time(container_memory_working_set_bytes{container="orders"}[10m])',
  'max_over_time(hikaricp_connections_pending[15m])',
  'changes(kube_pod_container_status_restarts_total[30m])',
  'container_memory_working_set_bytes{container!~"orders|redis"} > 200 * 1024 * 1024',
  'sum(rate(http_requests_total[5m])) by (code) > bool 1',
  'http_requests_total{job="orders"} - http_requests_total{job="orders"} offset 5m',
  'up and on(job) redis_up',
  'sum(up) or vector(0)',
  'count by (le) (http_server_request_duration_seconds_bucket)',
  '{__name__=~"redis_.*", job="redis"}',
  'quantile(0.9, rate(container_cpu_usage_seconds_total[5m]))',
  'round(clamp_max(sum by (job) (rate(http_requests_total[5m])), 50), 0.1)',
  '-sum(rate(container_cpu_usage_seconds_total[5m])) * 100 / scalar(count(up))',
  'absent(no_such_metric{job="orders"})',
];

describe('the PromQL subset against a real Prometheus on the same samples', () => {
  // An unaligned start exercises rate()'s extrapolation at the range edges.
  const start = new Date((simulator.faultStart - 40 * 60 + 7) * 1000);
  const stop = new Date((simulator.faultStart + 40 * 60) * 1000);

  it.each(rangeQueries)('range query %s', async (query) => {
    const [real, demo] = await Promise.all([
      promClient.queryRange({ query, start, end: stop, stepSeconds: 60 }),
      demoMetrics.range({ query, start, end: stop, stepSeconds: 60 }),
    ]);
    expect(demo.stepSeconds).toBe(real.stepSeconds);
    expect(real.series.length).toBeGreaterThan(0);
    expectSameSeries(demo.series, real.series);
  });

  it.each([
    'topk(2, container_memory_working_set_bytes)',
    'redis_up[2m]',
    'histogram_quantile(0.99, sum by (le, service_name) (rate(http_server_request_duration_seconds_bucket[5m])))',
    'time()',
    // The lezer grammar reads these differently from Prometheus's Go parser: the converter follows the latter.
    'redis_up * -2 ^ 2',
    'redis_up - redis_up offset 5m + 1',
  ])('instant query %s', async (query) => {
    const time = new Date((simulator.faultStart + 21 * 60 + 13) * 1000);
    const [real, demo] = await Promise.all([
      promClient.query({ query, time }),
      demoMetrics.instant({ query, time }),
    ]);
    expectSameSeries(demo.series, real.series);
  });

  it('discovers the same label names, label values and series', async () => {
    const bounds = { start: new Date((end - 3600) * 1000), end: new Date(end * 1000) };
    for (const label of ['__name__', 'job', 'container', 'service_name', 'le']) {
      const [real, demo] = await Promise.all([
        promClient.labelValues({ label, ...bounds }),
        demoMetrics.labelValues({ label, ...bounds }),
      ]);
      expect(demo.values).toEqual(real.values);
    }
    const match = ['container_memory_working_set_bytes'];
    const [names, demoNames] = await Promise.all([
      promClient.labels({ match, ...bounds }),
      demoMetrics.labelNames({ match, ...bounds }),
    ]);
    expect(demoNames.values).toEqual(names.values);
    const selector = ['{__name__=~"hikaricp_.*"}'];
    const [series, demoSeries] = await Promise.all([
      promClient.series({ match: selector, ...bounds }),
      demoMetrics.series({ match: selector, ...bounds }),
    ]);
    expect(demoSeries.series.map(key).sort()).toEqual(series.series.map(key).sort());
  });

  it.each([
    ['label_replace(up, "a", "$1", "job", "(.*)")', /label_replace/],
    ['sum(rate(http_requests_total[5m])) / ignoring(code) group_left sum(up)', /group_left/],
    ['max_over_time(rate(http_requests_total[5m])[10m:1m])', /subqueries/],
    ['up @ 1717423200', /@ modifier/],
  ])(
    'refuses %s, which Prometheus answers, instead of answering it wrongly',
    async (query, reason) => {
      await expect(promClient.query({ query, time: new Date(end * 1000) })).resolves.toBeDefined();
      const error = await demoMetrics
        .instant({ query, time: new Date(end * 1000) })
        .catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).toMatch(/subset of PromQL/);
    },
  );

  it.each([
    'sum(up',
    'rate(up)',
    'sum(up[5m])',
    '{job=""}',
    'nosuchfunction(up)',
    'up{job="a" job="b"}',
  ])('rejects %s, like Prometheus', async (query) => {
    await expect(promClient.query({ query })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(demoMetrics.instant({ query })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('the LogQL subset against the Loki-speaking server on the same lines', () => {
  const start = new Date((end - 40 * 60) * 1000);
  const stop = new Date(end * 1000);

  it.each([
    '{service_name="orders"}',
    '{service_name="orders"} |= "OutOfMemoryError"',
    '{service_name=~"orders|payments"} |~ "(?i)heap|gc overhead" != "after full GC"',
    '{namespace="shop", service_name!="gateway"} !~ "token (issued|refreshed)"',
  ])('log query %s', async (query) => {
    for (const direction of ['backward', 'forward'] as const) {
      const [real, demo] = await Promise.all([
        lokiClient.queryRange({ query, start, end: stop, limit: 200, direction }),
        demoLogs.lines({ query, start, end: stop, limit: 200, direction }),
      ]);
      if (real.resultType !== 'streams') throw new Error('expected streams');
      expect(demo.truncated).toBe(real.truncated);
      expect(demo.lines.map((l) => [l.timestamp, l.line])).toEqual(
        real.lines.map((l) => [l.timestamp, l.line]),
      );
    }
  });

  it.each([
    'count_over_time({service_name="orders"} |= "OOMKilled" [1m])',
    'sum by (service_name) (rate({namespace="shop"} |~ "error|ERROR" [5m]))',
    'sum(count_over_time({service_name=~".+"}[2m]))',
  ])('metric query %s', async (query) => {
    const [real, demo] = await Promise.all([
      lokiClient.queryRange({ query, start, end: stop, stepSeconds: 60, limit: 1 }),
      demoLogs.metric({ query, start, end: stop, stepSeconds: 60 }),
    ]);
    if (real.resultType !== 'matrix') throw new Error('expected a matrix');
    expect(real.series.length).toBeGreaterThan(0);
    expectSameSeries(demo.series, real.series);
  });

  it('refuses pipeline stages it does not implement', async () => {
    await expect(
      demoLogs.lines({
        query: '{service_name="orders"} | json | level="error"',
        start,
        end: stop,
        limit: 10,
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/subset of LogQL/),
    });
  });
});
