import { gridIndexes, type SimRange } from './open-metrics.js';
import { GRID_STEP_SECONDS, type RawSeries } from './series.js';
import type { SimSignal, SimSignalKind } from './signals.js';
import { serviceNames, services, type ServiceName } from './topology.js';

/** rate()/increase() window, as the planned queries use: 5 minutes. */
const WINDOW_STEPS = 300 / GRID_STEP_SECONDS;

type Matcher = Readonly<Record<string, string>>;

function select(series: readonly RawSeries[], name: string, matcher: Matcher): RawSeries[] {
  return series.filter((s) => s.name === name && Object.entries(matcher).every(([k, v]) => s.labels[k] === v));
}

function increase(s: RawSeries, i: number): number {
  if (i < WINDOW_STEPS) return Number.NaN;
  return s.values[i]! - s.values[i - WINDOW_STEPS]!;
}

function sumIncrease(list: readonly RawSeries[], i: number): number {
  let total = 0;
  for (const s of list) total += increase(s, i);
  return list.length === 0 ? Number.NaN : total;
}

/** Prometheus' histogram_quantile: linear interpolation inside the bucket holding the rank. */
export function histogramQuantile(q: number, buckets: ReadonlyArray<{ le: number; count: number }>): number {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted[sorted.length - 1]?.count ?? 0;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (let b = 0; b < sorted.length; b++) {
    const bucket = sorted[b]!;
    if (bucket.count >= rank) {
      if (bucket.le === Number.POSITIVE_INFINITY) return sorted[b - 1]?.le ?? Number.NaN;
      const inBucket = bucket.count - lowerCount;
      return inBucket <= 0 ? bucket.le : lowerBound + ((bucket.le - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return Number.NaN;
}

function histogramFamily(name: ServiceName): string | null {
  const style = services[name].http;
  return style === 'otel' ? 'http_server_request_duration_seconds' : style === 'prometheus-client' ? 'http_request_duration_seconds' : null;
}

/**
 * The signals the evidence engine would query, computed from the simulator's
 * own series the way the planned PromQL would (rate over 5m, histogram
 * quantiles over summed buckets, ratios of gauges). Lets the ranking be
 * tested on realistic data without a Prometheus.
 */
export function deriveSignals(series: readonly RawSeries[], origin: number, steps: number, range: SimRange): SimSignal[] {
  const indexes = gridIndexes(range, origin, steps);
  const at = (i: number) => origin + i * GRID_STEP_SECONDS;
  const make = (service: ServiceName, signal: SimSignalKind, value: (i: number) => number): SimSignal => ({
    service,
    signal,
    points: indexes.map((i): readonly [number, number] => [at(i), value(i)]),
  });
  const out: SimSignal[] = [];
  for (const name of serviceNames) {
    const family = histogramFamily(name);
    if (family !== null) {
      const matcher = { job: name };
      const buckets = select(series, `${family}_bucket`, matcher);
      const les = [...new Set(buckets.map((b) => b.labels.le!))];
      const byLe = les.map((le) => ({ le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), list: buckets.filter((b) => b.labels.le === le) }));
      const quantileAt = (q: number) => (i: number) => histogramQuantile(q, byLe.map((b) => ({ le: b.le, count: sumIncrease(b.list, i) })));
      out.push(make(name, 'latency_p99', quantileAt(0.99)), make(name, 'latency_p95', quantileAt(0.95)), make(name, 'latency_p50', quantileAt(0.5)));
      const counts = select(series, `${family}_count`, matcher);
      const statusLabel = services[name].http === 'otel' ? 'http_response_status_code' : 'code';
      const errors = counts.filter((c) => c.labels[statusLabel]!.startsWith('5'));
      out.push(make(name, 'error_ratio', (i) => sumIncrease(errors, i) / sumIncrease(counts, i)));
      out.push(make(name, 'throughput', (i) => sumIncrease(counts, i) / (WINDOW_STEPS * GRID_STEP_SECONDS)));
    }
    const container = { container: name };
    const cpu = select(series, 'container_cpu_usage_seconds_total', container);
    out.push(make(name, 'cpu', (i) => sumIncrease(cpu, i) / (WINDOW_STEPS * GRID_STEP_SECONDS)));
    const throttled = select(series, 'container_cpu_cfs_throttled_periods_total', container);
    const periods = select(series, 'container_cpu_cfs_periods_total', container);
    out.push(make(name, 'cpu_throttling', (i) => sumIncrease(throttled, i) / sumIncrease(periods, i)));
    const memory = select(series, 'container_memory_working_set_bytes', container)[0]!;
    out.push(make(name, 'memory', (i) => memory.values[i]!));
    const restarts = select(series, 'kube_pod_container_status_restarts_total', container);
    out.push(make(name, 'restarts', (i) => sumIncrease(restarts, i)));
    const oom = select(series, 'kube_pod_container_status_last_terminated_reason', { ...container, reason: 'OOMKilled' })[0]!;
    // kube-state-metrics has no series until the first OOM kill: the query returns nothing, read as 0.
    out.push(make(name, 'oom_kills', (i) => (Number.isNaN(oom.values[i]!) ? 0 : oom.values[i]!)));
  }
  const active = select(series, 'hikaricp_connections_active', { job: 'orders' })[0]!;
  const max = select(series, 'hikaricp_connections_max', { job: 'orders' })[0]!;
  out.push(make('orders', 'pool_saturation', (i) => active.values[i]! / max.values[i]!));
  const pgActive = select(series, 'pg_stat_activity_count', { job: 'postgres' })[0]!;
  const pgMax = select(series, 'pg_settings_max_connections', { job: 'postgres' })[0]!;
  out.push(make('postgres', 'pool_saturation', (i) => pgActive.values[i]! / pgMax.values[i]!));
  const avail = select(series, 'node_filesystem_avail_bytes', { instance: services.postgres.node })[0]!;
  const size = select(series, 'node_filesystem_size_bytes', { instance: services.postgres.node })[0]!;
  out.push(make('postgres', 'disk_usage', (i) => 1 - avail.values[i]! / size.values[i]!));
  const pgUp = select(series, 'pg_up', { job: 'postgres' })[0]!;
  out.push(make('postgres', 'availability', (i) => pgUp.values[i]!));
  const redisUp = select(series, 'redis_up', { job: 'redis' })[0]!;
  out.push(make('redis', 'availability', (i) => redisUp.values[i]!));
  const commands = select(series, 'redis_commands_processed_total', { job: 'redis' });
  out.push(make('redis', 'throughput', (i) => sumIncrease(commands, i) / (WINDOW_STEPS * GRID_STEP_SECONDS)));
  return out;
}
