import type { SignalKind } from '../metric-change/signals.js';

export type MetricFamily =
  | 'otel-semconv'
  | 'otel-semconv-legacy'
  | 'prometheus-client'
  | 'micrometer'
  | 'cadvisor'
  | 'kube-state-metrics'
  | 'node-exporter'
  | 'process-exporter'
  | 'process'
  | 'hikaricp'
  | 'otel-db-client'
  | 'postgres-exporter'
  | 'redis-exporter'
  | 'mysqld-exporter'
  | 'mongodb-exporter'
  | 'memcached-exporter'
  | 'kafka-exporter'
  | 'rabbitmq'
  | 'kubelet'
  | 'prometheus'
  | 'otel-collector'
  | 'nats'
  | 'blackbox'
  /** Found by its shape (a request counter or latency histogram), see request-metrics.ts. */
  | 'discovered';

export interface MetricRecipe {
  signal: SignalKind;
  family: MetricFamily;
  /** Metric names that must all exist in the source for this recipe to apply. */
  requires: readonly string[];
  /** Builds the query; `m(extra?)` renders the service selector plus extra matchers as `{...}`. */
  build: (m: (extra?: string) => string, rate: string) => string;
  /** Unit of the result (the ranking's absolute floors assume the signal's usual unit). */
  unit: string;
}

const quantileOf =
  (q: number, bucket: string, divisor = 1) =>
  (m: (extra?: string) => string, rate: string) =>
    `histogram_quantile(${q}, sum by (le) (rate(${bucket}${m()}[${rate}])))${divisor === 1 ? '' : ` / ${divisor}`}`;

const latency = (bucket: string, family: MetricFamily, divisor = 1): MetricRecipe[] =>
  (
    [
      ['latency_p99', 0.99],
      ['latency_p95', 0.95],
      ['latency_p50', 0.5],
    ] as const
  ).map(([signal, q]) => ({
    signal,
    family,
    requires: [bucket],
    build: quantileOf(q, bucket, divisor),
    unit: 'seconds',
  }));

const errorRatio = (count: string, statusMatcher: string, family: MetricFamily): MetricRecipe => ({
  signal: 'error_ratio',
  family,
  requires: [count],
  build: (m, rate) =>
    `sum(rate(${count}${m(statusMatcher)}[${rate}])) / sum(rate(${count}${m()}[${rate}]))`,
  unit: 'ratio',
});

const throughput = (count: string, family: MetricFamily): MetricRecipe => ({
  signal: 'throughput',
  family,
  requires: [count],
  build: (m, rate) => `sum(rate(${count}${m()}[${rate}]))`,
  unit: 'requests/s',
});

/**
 * Where each signal lives in the metric families seen in the wild, most
 * specific first. A source rarely has all of them: `planQueries` picks, per
 * signal, the first recipe whose metrics the source actually has.
 */
export const metricCatalogue: readonly MetricRecipe[] = [
  // HTTP server: OpenTelemetry semantic conventions (stable, seconds), the older milliseconds form,
  // Prometheus client library defaults, and Spring Boot / Micrometer.
  ...latency('http_server_request_duration_seconds_bucket', 'otel-semconv'),
  ...latency('http_server_duration_milliseconds_bucket', 'otel-semconv-legacy', 1000),
  ...latency('http_request_duration_seconds_bucket', 'prometheus-client'),
  ...latency('http_server_requests_seconds_bucket', 'micrometer'),
  // Micrometer's timers publish no buckets unless asked to: their mean is what there is.
  {
    signal: 'latency_mean',
    family: 'micrometer',
    requires: ['http_server_requests_seconds_count', 'http_server_requests_seconds_sum'],
    build: (m, r) =>
      `sum(rate(http_server_requests_seconds_sum${m()}[${r}])) / sum(rate(http_server_requests_seconds_count${m()}[${r}]))`,
    unit: 'seconds',
  },
  errorRatio(
    'http_server_request_duration_seconds_count',
    'http_response_status_code=~"5.."',
    'otel-semconv',
  ),
  errorRatio(
    'http_server_duration_milliseconds_count',
    'http_status_code=~"5.."',
    'otel-semconv-legacy',
  ),
  errorRatio('http_requests_total', 'code=~"5.."', 'prometheus-client'),
  errorRatio('http_request_duration_seconds_count', 'code=~"5.."', 'prometheus-client'),
  errorRatio('http_server_requests_seconds_count', 'status=~"5.."', 'micrometer'),
  throughput('http_server_request_duration_seconds_count', 'otel-semconv'),
  throughput('http_server_duration_milliseconds_count', 'otel-semconv-legacy'),
  throughput('http_requests_total', 'prometheus-client'),
  throughput('http_request_duration_seconds_count', 'prometheus-client'),
  throughput('http_server_requests_seconds_count', 'micrometer'),
  throughput('redis_commands_processed_total', 'redis-exporter'),
  throughput('pg_stat_database_xact_commit', 'postgres-exporter'),

  // Containers (cAdvisor via the kubelet), then the process itself, then the node.
  {
    signal: 'cpu',
    family: 'cadvisor',
    requires: ['container_cpu_usage_seconds_total'],
    build: (m, r) => `sum(rate(container_cpu_usage_seconds_total${m('container!=""')}[${r}]))`,
    unit: 'cores',
  },
  // process-exporter's process groups: a service's processes with their children (a worker pool,
  // a shelled-out tool), which the process's own collector does not count.
  {
    signal: 'cpu',
    family: 'process-exporter',
    requires: ['namedprocess_namegroup_cpu_seconds_total'],
    build: (m, r) => `sum(rate(namedprocess_namegroup_cpu_seconds_total${m()}[${r}]))`,
    unit: 'cores',
  },
  {
    signal: 'cpu',
    family: 'process',
    requires: ['process_cpu_seconds_total'],
    build: (m, r) => `sum(rate(process_cpu_seconds_total${m()}[${r}]))`,
    unit: 'cores',
  },
  // Micrometer's gauge is a share of all the machine's cores; times their count, it is cores.
  {
    signal: 'cpu',
    family: 'micrometer',
    requires: ['process_cpu_usage', 'system_cpu_count'],
    build: (m) => `max(process_cpu_usage${m()}) * max(system_cpu_count${m()})`,
    unit: 'cores',
  },
  {
    signal: 'cpu',
    family: 'node-exporter',
    requires: ['node_cpu_seconds_total'],
    build: (m, r) => `1 - avg(rate(node_cpu_seconds_total${m('mode="idle"')}[${r}]))`,
    unit: 'ratio',
  },
  {
    signal: 'cpu_throttling',
    family: 'cadvisor',
    requires: ['container_cpu_cfs_throttled_periods_total', 'container_cpu_cfs_periods_total'],
    build: (m, r) =>
      `sum(rate(container_cpu_cfs_throttled_periods_total${m()}[${r}])) / sum(rate(container_cpu_cfs_periods_total${m()}[${r}]))`,
    unit: 'ratio',
  },
  {
    signal: 'memory',
    family: 'cadvisor',
    requires: ['container_memory_working_set_bytes'],
    build: (m) => `sum(container_memory_working_set_bytes${m('container!=""')})`,
    unit: 'bytes',
  },
  {
    signal: 'memory',
    family: 'process-exporter',
    requires: ['namedprocess_namegroup_memory_bytes'],
    build: (m) => `sum(namedprocess_namegroup_memory_bytes${m('memtype="resident"')})`,
    unit: 'bytes',
  },
  {
    signal: 'memory',
    family: 'process',
    requires: ['process_resident_memory_bytes'],
    build: (m) => `sum(process_resident_memory_bytes${m()})`,
    unit: 'bytes',
  },
  // A datastore's own memory ceiling comes first: Redis at maxmemory evicts (or refuses writes)
  // long before its container's limit is reached.
  {
    signal: 'memory_utilization',
    family: 'memcached-exporter',
    requires: ['memcached_current_bytes', 'memcached_limit_bytes'],
    build: (m) => `max(memcached_current_bytes${m()}) / max(memcached_limit_bytes${m()} > 0)`,
    unit: 'ratio',
  },
  {
    signal: 'memory_utilization',
    family: 'redis-exporter',
    requires: ['redis_memory_used_bytes', 'redis_memory_max_bytes'],
    build: (m) => `max(redis_memory_used_bytes${m()}) / max(redis_memory_max_bytes${m()} > 0)`,
    unit: 'ratio',
  },
  {
    signal: 'memory_utilization',
    family: 'cadvisor',
    requires: ['container_memory_working_set_bytes', 'container_spec_memory_limit_bytes'],
    build: (m) =>
      `max(container_memory_working_set_bytes${m('container!=""')} / (container_spec_memory_limit_bytes${m('container!=""')} > 0))`,
    unit: 'ratio',
  },
  {
    signal: 'memory_utilization',
    family: 'kube-state-metrics',
    requires: ['container_memory_working_set_bytes', 'kube_pod_container_resource_limits'],
    build: (m) =>
      `max(sum by (pod, container) (container_memory_working_set_bytes${m('container!=""')}) / on (pod, container) sum by (pod, container) (kube_pod_container_resource_limits{resource="memory"}))`,
    unit: 'ratio',
  },
  // Without a container limit, a JVM's heap against its maximum (pools without a maximum report -1).
  {
    signal: 'memory_utilization',
    family: 'micrometer',
    requires: ['jvm_memory_used_bytes', 'jvm_memory_max_bytes'],
    build: (m) =>
      `sum(jvm_memory_used_bytes${m('area="heap"')}) / sum(jvm_memory_max_bytes${m('area="heap"')} > 0)`,
    unit: 'ratio',
  },
  {
    signal: 'memory',
    family: 'node-exporter',
    requires: ['node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes'],
    build: (m) =>
      `1 - sum(node_memory_MemAvailable_bytes${m()}) / sum(node_memory_MemTotal_bytes${m()})`,
    unit: 'ratio',
  },

  // File descriptors (sockets included) against the process's limit: Prometheus client libraries' process collector.
  {
    signal: 'fd_usage',
    family: 'process-exporter',
    requires: ['namedprocess_namegroup_worst_fd_ratio'],
    build: (m) => `max(namedprocess_namegroup_worst_fd_ratio${m()})`,
    unit: 'ratio',
  },
  {
    signal: 'fd_usage',
    family: 'process',
    requires: ['process_open_fds', 'process_max_fds'],
    build: (m) => `max(process_open_fds${m()} / (process_max_fds${m()} > 0))`,
    unit: 'ratio',
  },
  // The network: outside probes' response time (blackbox exporter), TCP retransmissions of a host (node-exporter).
  {
    signal: 'probe_latency',
    family: 'blackbox',
    requires: ['probe_duration_seconds'],
    build: (m) => `max(probe_duration_seconds${m()})`,
    unit: 'seconds',
  },
  {
    signal: 'tcp_retransmits',
    family: 'node-exporter',
    requires: ['node_netstat_Tcp_RetransSegs', 'node_netstat_Tcp_OutSegs'],
    build: (m, r) =>
      `sum(rate(node_netstat_Tcp_RetransSegs${m()}[${r}])) / sum(rate(node_netstat_Tcp_OutSegs${m()}[${r}]))`,
    unit: 'ratio',
  },

  // Time in garbage collection: OpenTelemetry JVM, Micrometer, the Prometheus JVM client, Go, Node.js.
  ...(
    [
      ['jvm_gc_duration_seconds_sum', 'otel-semconv'],
      ['jvm_gc_pause_seconds_sum', 'micrometer'],
      ['jvm_gc_collection_seconds_sum', 'prometheus-client'],
      ['go_gc_duration_seconds_sum', 'prometheus-client'],
      ['nodejs_gc_duration_seconds_sum', 'prometheus-client'],
    ] as const
  ).map(([metric, family]): MetricRecipe => ({
    signal: 'gc_time',
    family,
    requires: [metric],
    build: (m, r) => `sum(rate(${metric}${m()}[${r}]))`,
    unit: 'seconds/s',
  })),

  // Restarts and OOM kills: kube-state-metrics, with cAdvisor's OOM counter as a fallback.
  {
    signal: 'restarts',
    family: 'kube-state-metrics',
    requires: ['kube_pod_container_status_restarts_total'],
    build: (m, r) => `sum(increase(kube_pod_container_status_restarts_total${m()}[${r}]))`,
    unit: 'restarts',
  },
  {
    signal: 'oom_kills',
    family: 'kube-state-metrics',
    requires: ['kube_pod_container_status_last_terminated_reason'],
    build: (m) => `sum(kube_pod_container_status_last_terminated_reason${m('reason="OOMKilled"')})`,
    unit: 'containers',
  },
  {
    signal: 'oom_kills',
    family: 'cadvisor',
    requires: ['container_oom_events_total'],
    build: (m, r) => `sum(increase(container_oom_events_total${m()}[${r}]))`,
    unit: 'kills',
  },

  // Connection pools: HikariCP (Micrometer names), OpenTelemetry db client, then the database's own view.
  {
    signal: 'pool_saturation',
    family: 'hikaricp',
    requires: ['hikaricp_connections_active', 'hikaricp_connections_max'],
    build: (m) => `max(hikaricp_connections_active${m()} / hikaricp_connections_max${m()})`,
    unit: 'ratio',
  },
  {
    signal: 'pool_saturation',
    family: 'otel-db-client',
    requires: ['db_client_connections_usage', 'db_client_connections_max'],
    build: (m) =>
      `sum(db_client_connections_usage${m('state="used"')}) / sum(db_client_connections_max${m()})`,
    unit: 'ratio',
  },
  // Databases' and caches' own connection limits: clients connected of the most the server accepts.
  {
    signal: 'pool_saturation',
    family: 'mysqld-exporter',
    requires: ['mysql_global_status_threads_connected', 'mysql_global_variables_max_connections'],
    build: (m) =>
      `max(mysql_global_status_threads_connected${m()}) / max(mysql_global_variables_max_connections${m()})`,
    unit: 'ratio',
  },
  {
    signal: 'pool_saturation',
    family: 'memcached-exporter',
    requires: ['memcached_current_connections', 'memcached_max_connections'],
    build: (m) => `max(memcached_current_connections${m()}) / max(memcached_max_connections${m()})`,
    unit: 'ratio',
  },
  {
    signal: 'pool_saturation',
    family: 'redis-exporter',
    requires: ['redis_connected_clients', 'redis_config_maxclients'],
    build: (m) => `max(redis_connected_clients${m()}) / max(redis_config_maxclients${m()})`,
    unit: 'ratio',
  },
  {
    signal: 'pool_saturation',
    family: 'mongodb-exporter',
    requires: ['mongodb_connections'],
    build: (m) =>
      `sum(mongodb_connections${m('state="current"')}) / (sum(mongodb_connections${m('state="current"')}) + sum(mongodb_connections${m('state="available"')}))`,
    unit: 'ratio',
  },
  {
    signal: 'pool_saturation',
    family: 'postgres-exporter',
    requires: ['pg_stat_activity_count', 'pg_settings_max_connections'],
    build: (m) => `sum(pg_stat_activity_count${m()}) / max(pg_settings_max_connections${m()})`,
    unit: 'ratio',
  },
  {
    signal: 'queue_depth',
    family: 'kafka-exporter',
    requires: ['kafka_consumergroup_lag'],
    build: (m) => `sum(kafka_consumergroup_lag${m()})`,
    unit: 'messages',
  },
  {
    signal: 'queue_depth',
    family: 'otel-collector',
    requires: ['kafka_consumer_group_lag'],
    build: (m) => `sum(kafka_consumer_group_lag${m()})`,
    unit: 'messages',
  },
  {
    signal: 'queue_depth',
    family: 'nats',
    requires: ['nats_consumer_num_pending'],
    build: (m) => `sum(nats_consumer_num_pending${m()})`,
    unit: 'messages',
  },
  {
    signal: 'queue_depth',
    family: 'rabbitmq',
    requires: ['rabbitmq_queue_messages_ready'],
    build: (m) => `sum(rabbitmq_queue_messages_ready${m()})`,
    unit: 'messages',
  },

  // Disk: node-exporter filesystems, then kubelet volume stats for PVCs.
  {
    signal: 'disk_usage',
    family: 'node-exporter',
    requires: ['node_filesystem_avail_bytes', 'node_filesystem_size_bytes'],
    build: (m) =>
      `1 - min(node_filesystem_avail_bytes${m('fstype!~"tmpfs|overlay"')} / node_filesystem_size_bytes${m('fstype!~"tmpfs|overlay"')})`,
    unit: 'ratio',
  },
  {
    signal: 'disk_usage',
    family: 'kubelet',
    requires: ['kubelet_volume_stats_available_bytes', 'kubelet_volume_stats_capacity_bytes'],
    build: (m) =>
      `1 - min(kubelet_volume_stats_available_bytes${m()} / kubelet_volume_stats_capacity_bytes${m()})`,
    unit: 'ratio',
  },

  // Availability: exporters' own health gauges, then Prometheus' scrape health.
  {
    signal: 'availability',
    family: 'redis-exporter',
    requires: ['redis_up'],
    build: (m) => `min(redis_up${m()})`,
    unit: 'ratio',
  },
  {
    signal: 'availability',
    family: 'postgres-exporter',
    requires: ['pg_up'],
    build: (m) => `min(pg_up${m()})`,
    unit: 'ratio',
  },
  {
    signal: 'availability',
    family: 'kube-state-metrics',
    requires: ['kube_deployment_status_replicas_available', 'kube_deployment_spec_replicas'],
    build: (m) =>
      `min(kube_deployment_status_replicas_available${m()} / (kube_deployment_spec_replicas${m()} > 0))`,
    unit: 'ratio',
  },
  {
    signal: 'availability',
    family: 'prometheus',
    requires: ['up'],
    build: (m) => `min(up${m()})`,
    unit: 'ratio',
  },
];

export interface PlannedQuery {
  signal: SignalKind;
  family: MetricFamily;
  promql: string;
  metrics: readonly string[];
  unit: string;
}

/** Renders `{selector,extra}` (or `{}` pieces omitted when empty). */
export function renderMatchers(selector: string, extra?: string): string {
  const parts = [selector, extra ?? ''].map((p) => p.trim()).filter((p) => p.length > 0);
  return parts.length === 0 ? '' : `{${parts.join(', ')}}`;
}

/**
 * Picks the queries to run for a service in one source. `metricNames` are the
 * values of `__name__` there; `selector` is the service's matcher list
 * (`service_name="orders"`, see toLabelMatcher), or a function giving one per
 * family, because the same service is `service_name` in OTel metrics and
 * `container` in cAdvisor's. One query per signal (the first recipe whose
 * metrics all exist), or every applicable recipe with `all: true`.
 */
export function planQueries(input: {
  metricNames: Iterable<string>;
  selector: string | ((recipe: MetricRecipe) => string | null);
  signals?: readonly SignalKind[];
  /** Range of rate()/increase() (default 5m). */
  rateWindow?: string;
  all?: boolean;
  /** Recipes found in this source by discovery (see requestMetricRecipes), tried after the catalogue's. */
  extraRecipes?: readonly MetricRecipe[];
}): PlannedQuery[] {
  const present = new Set(input.metricNames);
  const seen = new Set<string>();
  const wanted = input.signals === undefined ? null : new Set(input.signals);
  const rate = input.rateWindow ?? '5m';
  const planned: PlannedQuery[] = [];
  const covered = new Set<SignalKind>();
  for (const recipe of [...metricCatalogue, ...(input.extraRecipes ?? [])]) {
    if (wanted !== null && !wanted.has(recipe.signal)) continue;
    if (!input.all && covered.has(recipe.signal)) continue;
    if (!recipe.requires.every((name) => present.has(name))) continue;
    const selector = typeof input.selector === 'string' ? input.selector : input.selector(recipe);
    if (selector === null) continue;
    const promql = recipe.build((extra) => renderMatchers(selector, extra), rate);
    if (seen.has(promql)) continue;
    seen.add(promql);
    planned.push({
      signal: recipe.signal,
      family: recipe.family,
      promql,
      metrics: recipe.requires,
      unit: recipe.unit,
    });
    covered.add(recipe.signal);
  }
  return planned;
}
