/*
 * How Datadog's metric names map onto the series names the investigation
 * engine's catalogue knows (its checks speak PromQL). Each entry says which
 * Datadog query to run and how its points become a Prometheus-style series:
 * `gauge` values as they are, `count` per-interval counts and `rate`
 * per-second values accumulated into a counter (so rate()/increase() over
 * it give back Datadog's numbers). Tags become labels: `service` stays
 * `service`, `kube_container_name` becomes `container`, `pod_name` `pod`,
 * `host` `instance`. Only what is listed here is read.
 */

export type DatadogShape = 'gauge' | 'count' | 'rate';

export interface DatadogFamily {
  /** The series name the engine sees. */
  view: string;
  /** The Datadog metric queried. */
  metric: string;
  /** A second metric subtracted point by point (APM hits minus errors = successful requests). */
  minus?: string;
  /** Space aggregation; a percentile (`p99`) only for distribution metrics. */
  aggregator: 'sum' | 'avg' | 'max' | 'p50' | 'p95' | 'p99';
  /** Datadog scope, `*` for everything. */
  scope: string;
  /** Datadog tag -> label of the view. */
  tags: Readonly<Record<string, string>>;
  /** Labels every series of the view carries. */
  constLabels?: Readonly<Record<string, string>>;
  shape: DatadogShape;
  /** Multiplies values into the view's unit (nanocores -> cores, percent -> fraction). */
  scale?: number;
}

const container = { kube_container_name: 'container', pod_name: 'pod', service: 'service' };
const host = { host: 'instance' };

/** Infrastructure and integration metrics (Datadog Agent's kubelet, system, postgres and redis checks). */
export const datadogFamilies: readonly DatadogFamily[] = [
  {
    view: 'container_cpu_usage_seconds_total',
    metric: 'kubernetes.cpu.usage.total',
    aggregator: 'sum',
    scope: '*',
    tags: container,
    shape: 'rate',
    scale: 1e-9,
  },
  {
    view: 'container_memory_working_set_bytes',
    metric: 'kubernetes.memory.working_set',
    aggregator: 'sum',
    scope: '*',
    tags: container,
    shape: 'gauge',
  },
  {
    view: 'container_spec_memory_limit_bytes',
    metric: 'kubernetes.memory.limits',
    aggregator: 'sum',
    scope: '*',
    tags: container,
    shape: 'gauge',
  },
  {
    view: 'kube_pod_container_status_restarts_total',
    metric: 'kubernetes.containers.restarts',
    aggregator: 'max',
    scope: '*',
    tags: container,
    shape: 'gauge',
  },
  {
    view: 'kube_pod_container_status_last_terminated_reason',
    metric: 'kubernetes.containers.last_state.terminated',
    aggregator: 'max',
    scope: 'reason:oomkilled',
    tags: container,
    constLabels: { reason: 'OOMKilled' },
    shape: 'gauge',
  },
  {
    view: 'node_cpu_seconds_total',
    metric: 'system.cpu.idle',
    aggregator: 'avg',
    scope: '*',
    tags: host,
    constLabels: { mode: 'idle', cpu: 'all' },
    shape: 'rate',
    scale: 0.01,
  },
  {
    view: 'node_filesystem_avail_bytes',
    metric: 'system.disk.free',
    aggregator: 'sum',
    scope: '*',
    tags: { host: 'instance', device: 'device' },
    shape: 'gauge',
  },
  {
    view: 'node_filesystem_size_bytes',
    metric: 'system.disk.total',
    aggregator: 'sum',
    scope: '*',
    tags: { host: 'instance', device: 'device' },
    shape: 'gauge',
  },
  {
    view: 'pg_stat_activity_count',
    metric: 'postgresql.connections',
    aggregator: 'sum',
    scope: '*',
    tags: { service: 'service', host: 'instance' },
    shape: 'gauge',
  },
  {
    view: 'pg_settings_max_connections',
    metric: 'postgresql.max_connections',
    aggregator: 'max',
    scope: '*',
    tags: { service: 'service', host: 'instance' },
    shape: 'gauge',
  },
  {
    view: 'redis_commands_processed_total',
    metric: 'redis.net.commands',
    aggregator: 'sum',
    scope: '*',
    tags: { service: 'service', host: 'instance' },
    shape: 'rate',
  },
];

/** `trace.<span>.hits` / `.errors` pairs among active metric names: server-side spans (requests, servers). */
export function apmSpanNames(activeMetrics: Iterable<string>): string[] {
  const names = new Set(activeMetrics);
  const spans: string[] = [];
  for (const name of names) {
    const match = /^trace\.(.+)\.hits$/.exec(name);
    if (!match) continue;
    const span = match[1]!;
    if (!/(?:^|\.)(?:request|server)$/.test(span)) continue;
    if (names.has(`trace.${span}.errors`)) spans.push(span);
  }
  return spans.sort();
}

/**
 * APM request counts as the Prometheus client's `http_requests_total`: per
 * service and span, a `code="5xx"` series (errors) and a `code="2xx"` one
 * (hits minus errors), so the engine's error-ratio and throughput recipes
 * read them. Datadog counts errors per class, not per status code: `5xx`
 * is the class, which `code=~"5.."` matches.
 */
export function apmFamilies(span: string): DatadogFamily[] {
  const tags = { service: 'service' };
  return [
    {
      view: 'http_requests_total',
      metric: `trace.${span}.errors`,
      aggregator: 'sum',
      scope: '*',
      tags,
      constLabels: { code: '5xx', span },
      shape: 'count',
    },
    {
      view: 'http_requests_total',
      metric: `trace.${span}.hits`,
      minus: `trace.${span}.errors`,
      aggregator: 'sum',
      scope: '*',
      tags,
      constLabels: { code: '2xx', span },
      shape: 'count',
    },
  ];
}

/**
 * APM latency as percentiles: `trace.<span>` is the span's duration
 * distribution (seconds), and `p50:`/`p95:`/`p99:` over it are Datadog's own
 * percentiles of every request in the interval. They are shown as a
 * Prometheus summary's quantile gauges (`http_request_duration_seconds{quantile="0.99"}`),
 * which the engine's catalogue reads as latency; a mean is not a percentile,
 * so nothing is read when the distribution is absent.
 */
export function apmLatencyFamilies(span: string): DatadogFamily[] {
  return (
    [
      ['p50', '0.5'],
      ['p95', '0.95'],
      ['p99', '0.99'],
    ] as const
  ).map(([aggregator, quantile]) => ({
    view: 'http_request_duration_seconds',
    metric: `trace.${span}`,
    aggregator,
    scope: '*',
    tags: { service: 'service' },
    constLabels: { quantile, span },
    shape: 'gauge',
  }));
}

/** The Datadog query of a family (of its `minus` metric with `metric` swapped), rolled up to `rollupSeconds`. */
export function datadogFamilyQuery(
  family: DatadogFamily,
  rollupSeconds: number,
  metric = family.metric,
): string {
  const groupBy = Object.keys(family.tags).join(',');
  const rollup = family.shape === 'count' ? 'sum' : 'avg';
  const count = family.shape === 'count' ? '.as_count()' : '';
  return `${family.aggregator}:${metric}{${family.scope}} by {${groupBy}}${count}.rollup(${rollup}, ${rollupSeconds})`;
}
