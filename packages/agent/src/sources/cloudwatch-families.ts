/*
 * How CloudWatch metrics are presented to the engine: as the catalogue
 * metrics (evidence/discovery/metric-families.ts) whose meaning they share,
 * so the same checks run on a CloudWatch-only workspace. Each virtual metric
 * lists the AWS metrics that carry it, with the dimension set naming one
 * service, the statistic, and the unit conversion. Only exact semantic
 * matches are mapped; see docs/decisions/0021-aws-cloudwatch.md for what is not.
 */

export interface CloudWatchVariant {
  namespace: string;
  /** The exact dimension set of the metric (CloudWatch matches a metric by all its dimensions). */
  dimensions: readonly string[];
  /** The dimension whose value is the service (shown as the `service` label). */
  serviceDimension: string;
  /** For counters: the total; for gauges and latency: the metric. */
  metricName: string;
  /** Counters: the metric counting 5xx responses or errors (`code=~"5.."`). */
  errorMetricName?: string;
  /** Multiplier to the catalogue's unit (milliseconds to seconds, MiB to bytes, CPU units to cores). */
  scale: number;
}

export type VirtualKind =
  /** A Prometheus counter: read with rate()/increase(), answered from the Sum per period. */
  | 'counter'
  /** A gauge: answered from the Average per period. */
  | 'gauge'
  /** A latency histogram's buckets: histogram_quantile(q, ...) is answered from the pNN statistic. */
  | 'histogram'
  /** node_cpu_seconds_total: rate(...{mode="idle"}) is 1 - CPUUtilization/100. */
  | 'cpu-idle';

export interface VirtualMetric {
  name: string;
  kind: VirtualKind;
  variants: readonly CloudWatchVariant[];
}

const MIB = 1024 * 1024;

export const cloudWatchFamilies: readonly VirtualMetric[] = [
  {
    name: 'http_requests_total',
    kind: 'counter',
    variants: [
      {
        namespace: 'AWS/ApplicationELB',
        dimensions: ['LoadBalancer'],
        serviceDimension: 'LoadBalancer',
        metricName: 'RequestCount',
        errorMetricName: 'HTTPCode_Target_5XX_Count',
        scale: 1,
      },
      {
        namespace: 'AWS/ELB',
        dimensions: ['LoadBalancerName'],
        serviceDimension: 'LoadBalancerName',
        metricName: 'RequestCount',
        errorMetricName: 'HTTPCode_Backend_5XX',
        scale: 1,
      },
      {
        namespace: 'AWS/Lambda',
        dimensions: ['FunctionName'],
        serviceDimension: 'FunctionName',
        metricName: 'Invocations',
        errorMetricName: 'Errors',
        scale: 1,
      },
      {
        namespace: 'AWS/ApiGateway',
        dimensions: ['ApiName'],
        serviceDimension: 'ApiName',
        metricName: 'Count',
        errorMetricName: '5XXError',
        scale: 1,
      },
    ],
  },
  {
    name: 'http_request_duration_seconds_bucket',
    kind: 'histogram',
    variants: [
      {
        namespace: 'AWS/ApplicationELB',
        dimensions: ['LoadBalancer'],
        serviceDimension: 'LoadBalancer',
        metricName: 'TargetResponseTime',
        scale: 1,
      },
      {
        namespace: 'AWS/ELB',
        dimensions: ['LoadBalancerName'],
        serviceDimension: 'LoadBalancerName',
        metricName: 'Latency',
        scale: 1,
      },
      {
        namespace: 'AWS/Lambda',
        dimensions: ['FunctionName'],
        serviceDimension: 'FunctionName',
        metricName: 'Duration',
        scale: 0.001,
      },
      {
        namespace: 'AWS/ApiGateway',
        dimensions: ['ApiName'],
        serviceDimension: 'ApiName',
        metricName: 'Latency',
        scale: 0.001,
      },
    ],
  },
  {
    // Container Insights reports CPU in CPU units (1024 per vCPU): rate() of the cAdvisor counter is cores.
    name: 'container_cpu_usage_seconds_total',
    kind: 'counter',
    variants: [
      {
        namespace: 'ECS/ContainerInsights',
        dimensions: ['ClusterName', 'ServiceName'],
        serviceDimension: 'ServiceName',
        metricName: 'CpuUtilized',
        scale: 1 / 1024,
      },
    ],
  },
  {
    name: 'container_memory_working_set_bytes',
    kind: 'gauge',
    variants: [
      {
        namespace: 'ECS/ContainerInsights',
        dimensions: ['ClusterName', 'ServiceName'],
        serviceDimension: 'ServiceName',
        metricName: 'MemoryUtilized',
        scale: MIB,
      },
    ],
  },
  {
    name: 'container_spec_memory_limit_bytes',
    kind: 'gauge',
    variants: [
      {
        namespace: 'ECS/ContainerInsights',
        dimensions: ['ClusterName', 'ServiceName'],
        serviceDimension: 'ServiceName',
        metricName: 'MemoryReserved',
        scale: MIB,
      },
    ],
  },
  {
    // Hosts and managed databases report CPU as a percentage.
    name: 'node_cpu_seconds_total',
    kind: 'cpu-idle',
    variants: [
      {
        namespace: 'AWS/EC2',
        dimensions: ['AutoScalingGroupName'],
        serviceDimension: 'AutoScalingGroupName',
        metricName: 'CPUUtilization',
        scale: 1,
      },
      {
        namespace: 'AWS/RDS',
        dimensions: ['DBInstanceIdentifier'],
        serviceDimension: 'DBInstanceIdentifier',
        metricName: 'CPUUtilization',
        scale: 1,
      },
      {
        namespace: 'AWS/RDS',
        dimensions: ['DBClusterIdentifier'],
        serviceDimension: 'DBClusterIdentifier',
        metricName: 'CPUUtilization',
        scale: 1,
      },
      {
        namespace: 'AWS/ElastiCache',
        dimensions: ['CacheClusterId'],
        serviceDimension: 'CacheClusterId',
        metricName: 'CPUUtilization',
        scale: 1,
      },
    ],
  },
];

/**
 * The service a dimension value names: an ALB's `app/<name>/<id>` is its
 * name; anything else is used as it is.
 */
export function serviceFromDimension(namespace: string, value: string): string {
  if (namespace === 'AWS/ApplicationELB') {
    const parts = value.split('/');
    if (parts.length === 3) return parts[1]!;
  }
  return value;
}
