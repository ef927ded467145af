import { createRng, mix, type Rng } from './prng.js';
import type { Scenario } from './scenarios.js';
import { computeState, LATENCY_SIGMA, type StepState } from './state.js';
import { CPUS_PER_NODE, DISK_SIZE_BYTES, NAMESPACE, nodes, otelBuckets, promClientBuckets, serviceNames, services, type ServiceName } from './topology.js';

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One stored series on the simulator's fixed grid. */
export interface RawSeries {
  /** Metric family (OpenMetrics `# TYPE` name): counters without `_total`, histograms without suffixes. */
  family: string;
  type: MetricType;
  /** Sample name: `x_total`, `x_bucket`, `x_sum`, `x_count` or the gauge name. */
  name: string;
  labels: Readonly<Record<string, string>>;
  help: string;
  /** One value per grid step; NaN where the series does not exist (e.g. before an OOM kill). */
  values: Float64Array;
}

export const GRID_STEP_SECONDS = 30;

interface Definition {
  series: RawSeries;
  /** `increment`: value is added to the running total (counters); `level`: stored as is. */
  mode: 'increment' | 'level';
  read: (ctx: StepContext) => number;
}

interface StatusSample {
  code: string;
  count: number;
  median: number;
}

interface StepContext {
  state: StepState;
  http: Partial<Record<ServiceName, StatusSample[]>>;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function bucketCount(sample: StatusSample, le: number): number {
  return Math.round(sample.count * normalCdf((Math.log(le) - Math.log(sample.median)) / LATENCY_SIGMA));
}

function httpSamples(state: StepState, name: ServiceName, rng: Rng): StatusSample[] {
  const s = state.services[name];
  const total = rng.poisson(s.rps * GRID_STEP_SECONDS);
  const rejected = Math.min(total, rng.poisson(total * s.rejectRatio));
  const errors = Math.min(total - rejected, rng.poisson((total - rejected) * s.errorRatio));
  const samples: StatusSample[] = [
    { code: '200', count: total - rejected - errors, median: s.latencyMedian },
    { code: '500', count: errors, median: s.latencyMedian },
  ];
  if (name === 'gateway') samples.push({ code: '429', count: rejected, median: 0.002 });
  return samples;
}

/** Builds every series of the system for the grid [origin, origin + steps * GRID_STEP_SECONDS). */
export function buildSeries(input: { seed: number; scenario: Scenario; faultStart: number; origin: number; steps: number }): RawSeries[] {
  const defs: Definition[] = [];
  const add = (family: string, type: MetricType, name: string, labels: Record<string, string>, help: string, mode: Definition['mode'], read: Definition['read']) => {
    defs.push({ series: { family, type, name, labels, help, values: new Float64Array(input.steps) }, mode, read });
  };

  for (const name of serviceNames) {
    const spec = services[name];
    if (spec.http === null) continue;
    const codes = name === 'gateway' ? ['200', '500', '429'] : ['200', '500'];
    codes.forEach((code, index) => {
      const sample = (ctx: StepContext) => ctx.http[name]![index]!;
      if (spec.http === 'otel') {
        const family = 'http_server_request_duration_seconds';
        const labels = { job: name, service_name: name, namespace: NAMESPACE, pod: spec.pod, http_request_method: 'POST', http_response_status_code: code };
        const help = 'Duration of HTTP server requests.';
        for (const le of [...otelBuckets, Number.POSITIVE_INFINITY]) {
          add(family, 'histogram', `${family}_bucket`, { ...labels, le: formatLe(le) }, help, 'increment', (ctx) => (le === Number.POSITIVE_INFINITY ? sample(ctx).count : bucketCount(sample(ctx), le)));
        }
        add(family, 'histogram', `${family}_sum`, labels, help, 'increment', (ctx) => sample(ctx).count * sample(ctx).median * Math.exp(LATENCY_SIGMA ** 2 / 2));
        add(family, 'histogram', `${family}_count`, labels, help, 'increment', (ctx) => sample(ctx).count);
      } else {
        const family = 'http_request_duration_seconds';
        const labels = { job: name, namespace: NAMESPACE, pod: spec.pod, code };
        const help = 'HTTP request latency.';
        for (const le of [...promClientBuckets, Number.POSITIVE_INFINITY]) {
          add(family, 'histogram', `${family}_bucket`, { ...labels, le: formatLe(le) }, help, 'increment', (ctx) => (le === Number.POSITIVE_INFINITY ? sample(ctx).count : bucketCount(sample(ctx), le)));
        }
        add(family, 'histogram', `${family}_sum`, labels, help, 'increment', (ctx) => sample(ctx).count * sample(ctx).median * Math.exp(LATENCY_SIGMA ** 2 / 2));
        add(family, 'histogram', `${family}_count`, labels, help, 'increment', (ctx) => sample(ctx).count);
        add('http_requests', 'counter', 'http_requests_total', labels, 'Total HTTP requests.', 'increment', (ctx) => sample(ctx).count);
      }
    });
  }

  for (const name of serviceNames) {
    const spec = services[name];
    const labels = { namespace: NAMESPACE, pod: spec.pod, container: name };
    const s = (ctx: StepContext) => ctx.state.services[name];
    add('container_cpu_usage_seconds', 'counter', 'container_cpu_usage_seconds_total', labels, 'Cumulative cpu time consumed in seconds.', 'increment', (ctx) => s(ctx).cpuCores * GRID_STEP_SECONDS);
    add('container_cpu_cfs_periods', 'counter', 'container_cpu_cfs_periods_total', labels, 'Number of elapsed enforcement period intervals.', 'increment', () => GRID_STEP_SECONDS * 10);
    add('container_cpu_cfs_throttled_periods', 'counter', 'container_cpu_cfs_throttled_periods_total', labels, 'Number of throttled period intervals.', 'increment', (ctx) => Math.round(GRID_STEP_SECONDS * 10 * s(ctx).throttling));
    add('container_memory_working_set_bytes', 'gauge', 'container_memory_working_set_bytes', labels, 'Current working set in bytes.', 'level', (ctx) => Math.round(s(ctx).memoryBytes));
    add('container_spec_memory_limit_bytes', 'gauge', 'container_spec_memory_limit_bytes', labels, 'Memory limit for the container.', 'level', () => spec.memoryLimitBytes);
    add('kube_pod_container_status_restarts', 'counter', 'kube_pod_container_status_restarts_total', labels, 'The number of container restarts per container.', 'level', (ctx) => s(ctx).restarts);
    add('kube_pod_container_status_last_terminated_reason', 'gauge', 'kube_pod_container_status_last_terminated_reason', { ...labels, reason: 'OOMKilled' }, 'Describes the last reason the container was in terminated state.', 'level', (ctx) => (s(ctx).oomKilled ? 1 : Number.NaN));
    add('up', 'gauge', 'up', { job: name, namespace: NAMESPACE, pod: spec.pod }, 'Scrape target health.', 'level', () => 1);
  }

  for (const node of nodes) {
    for (let cpu = 0; cpu < CPUS_PER_NODE; cpu++) {
      for (const mode of ['idle', 'user', 'system'] as const) {
        const share = (busy: number) => (mode === 'idle' ? 1 - busy : mode === 'user' ? busy * 0.8 : busy * 0.2);
        add('node_cpu_seconds', 'counter', 'node_cpu_seconds_total', { job: 'node-exporter', instance: node, cpu: String(cpu), mode }, 'Seconds the CPUs spent in each mode.', 'increment', (ctx) => share(ctx.state.nodeBusy[node]) * GRID_STEP_SECONDS);
      }
    }
    const fs = { job: 'node-exporter', instance: node, device: '/dev/nvme1n1', fstype: 'ext4', mountpoint: node === 'db-node-1' ? '/var/lib/postgresql' : '/var/lib/kubelet' };
    add('node_filesystem_avail_bytes', 'gauge', 'node_filesystem_avail_bytes', fs, 'Filesystem space available to non-root users in bytes.', 'level', (ctx) => Math.round(DISK_SIZE_BYTES * (1 - ctx.state.diskUsage[node])));
    add('node_filesystem_size_bytes', 'gauge', 'node_filesystem_size_bytes', fs, 'Filesystem size in bytes.', 'level', () => DISK_SIZE_BYTES);
    add('node_memory_MemTotal_bytes', 'gauge', 'node_memory_MemTotal_bytes', { job: 'node-exporter', instance: node }, 'Memory information field MemTotal_bytes.', 'level', () => 16 * 2 ** 30);
    add('node_memory_MemAvailable_bytes', 'gauge', 'node_memory_MemAvailable_bytes', { job: 'node-exporter', instance: node }, 'Memory information field MemAvailable_bytes.', 'level', (ctx) => 16 * 2 ** 30 - ctx.state.nodeMemoryUsed[node]);
  }

  const pool = { job: 'orders', namespace: NAMESPACE, pod: services.orders.pod, pool: 'HikariPool-1' };
  add('hikaricp_connections_active', 'gauge', 'hikaricp_connections_active', pool, 'Active connections.', 'level', (ctx) => ctx.state.pool.active);
  add('hikaricp_connections_max', 'gauge', 'hikaricp_connections_max', pool, 'Max connections.', 'level', (ctx) => ctx.state.pool.max);
  add('hikaricp_connections_pending', 'gauge', 'hikaricp_connections_pending', pool, 'Pending threads.', 'level', (ctx) => ctx.state.pool.pending);
  const pg = { job: 'postgres', namespace: NAMESPACE, pod: services.postgres.pod };
  add('pg_up', 'gauge', 'pg_up', pg, 'Whether the last scrape of metrics from PostgreSQL was able to connect to the server.', 'level', () => 1);
  add('pg_stat_activity_count', 'gauge', 'pg_stat_activity_count', { ...pg, datname: 'shop', state: 'active' }, 'number of connections in this state', 'level', (ctx) => ctx.state.pgConnections);
  add('pg_settings_max_connections', 'gauge', 'pg_settings_max_connections', pg, 'Sets the maximum number of concurrent connections.', 'level', (ctx) => ctx.state.pgMaxConnections);
  const redis = { job: 'redis', namespace: NAMESPACE, pod: services.redis.pod };
  add('redis_up', 'gauge', 'redis_up', redis, 'Information about the Redis instance', 'level', (ctx) => ctx.state.services.redis.up);
  add('redis_commands_processed', 'counter', 'redis_commands_processed_total', redis, 'commands_processed_total metric', 'increment', (ctx) => Math.round(ctx.state.services.redis.rps * GRID_STEP_SECONDS));
  add('redis_connected_clients', 'gauge', 'redis_connected_clients', redis, 'connected_clients metric', 'level', (ctx) => (ctx.state.services.redis.up ? 24 : 0));
  add('redis_memory_used_bytes', 'gauge', 'redis_memory_used_bytes', redis, 'memory_used_bytes metric', 'level', (ctx) => Math.round(ctx.state.services.redis.memoryBytes * 0.8));

  const running = new Float64Array(defs.length);
  for (let step = 0; step < input.steps; step++) {
    const time = input.origin + step * GRID_STEP_SECONDS;
    const state = computeState({ time, seed: input.seed, scenario: input.scenario, faultStart: input.faultStart, stepIndex: step + Math.floor(input.origin / GRID_STEP_SECONDS) });
    const rng = createRng(mix(input.seed, step + Math.floor(input.origin / GRID_STEP_SECONDS), 0x4774));
    const http: StepContext['http'] = {};
    for (const name of serviceNames) if (services[name].http !== null) http[name] = httpSamples(state, name, rng);
    const ctx: StepContext = { state, http };
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i]!;
      const value = def.read(ctx);
      if (def.mode === 'increment') {
        running[i] = running[i]! + value;
        def.series.values[step] = running[i]!;
      } else def.series.values[step] = value;
    }
  }
  return defs.map((d) => d.series);
}

/** Prometheus formats bucket bounds as floats: `0.005`, `1.0`, `+Inf`. */
export function formatLe(le: number): string {
  if (le === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(le) ? `${le}.0` : String(le);
}
