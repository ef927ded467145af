import {
  startFakeAws,
  type FakeAws,
  type FakeAwsEcsService,
  type FakeAwsLogGroup,
  type FakeAwsMetric,
} from '@vibemonitor/integrations/testing';
import { createSimulator, type ScenarioId, type Simulator } from '@vibemonitor/simulator';
import { latencySamples } from './histogram-samples.js';
import { increases, levels, minutes } from './simulated-datadog.js';

/*
 * A scenario's telemetry as an AWS account would hold it if the simulator's
 * shop ran on ECS (cluster `shop`, one ECS service per application
 * container, each web service behind its own internal Application Load
 * Balancer), with PostgreSQL on RDS (instance `postgres`) and Redis on
 * ElastiCache (cluster `redis`), the ECS capacity on two EC2 instances of the
 * Auto Scaling group `shop-ecs-nodes`. Only what AWS itself publishes, under
 * its real namespaces, metric names, units and dimension sets:
 *   AWS/ApplicationELB  RequestCount, HTTPCode_Target_5XX_Count (counts per minute),
 *                       TargetResponseTime (seconds, one sample per request, so
 *                       CloudWatch's pNN statistics work);
 *   ECS/ContainerInsights CpuUtilized (CPU units), MemoryUtilized / MemoryReserved (MiB),
 *                       RunningTaskCount (ClusterName + ServiceName);
 *   AWS/EC2             CPUUtilization per InstanceId and per AutoScalingGroupName (%);
 *   AWS/RDS             CPUUtilization (%), DatabaseConnections, FreeStorageSpace (bytes);
 *   AWS/ElastiCache     CPUUtilization (%), CurrConnections;
 *   Logs                /ecs/<service>, /aws/rds/instance/postgres/postgresql,
 *                       /aws/elasticache/redis (engine log delivery);
 *   ECS deployments     a new task definition revision per deploy or configuration
 *                       change (on ECS, environment variables live in the task definition).
 * Left out because AWS has no equivalent: container restarts and OOM-kill
 * reasons (ECS replaces tasks; there is no restart counter), CPU throttling,
 * node disk of the container hosts (the CloudWatch agent is not installed),
 * HikariCP pools, Redis/PostgreSQL `up`, HPA scaling and one-off jobs (no
 * ECS deployment). The engine reports those checks as not checked.
 */

const MINUTE_MS = 60_000;
/** Samples of TargetResponseTime per minute: enough for p99 to be a real percentile. */
const LATENCY_SAMPLES = 100;
/** The RDS and ElastiCache instance classes' vCPUs (db.m6g.large, cache.m6g.large). */
const MANAGED_VCPUS = 2;
const MIB = 1024 * 1024;
export const SIMULATED_ECS_CLUSTER = 'shop';
export const SIMULATED_ASG = 'shop-ecs-nodes';

export interface SimulatedCloudWatchData {
  metrics: FakeAwsMetric[];
  logGroups: FakeAwsLogGroup[];
  ecsServices: FakeAwsEcsService[];
}

/** A stable fake id from a name (ALB ids are 16 hex digits, EC2 ids 17). */
function hexId(name: string, length: number): string {
  let hash = 2166136261;
  let out = '';
  while (out.length < length) {
    for (const char of `${name}${out.length}`)
      hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    out += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

export const albDimension = (service: string) => `app/${service}/${hexId(service, 16)}`;

function metric(
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  samples: Array<[number, number]>,
): FakeAwsMetric {
  return {
    namespace,
    metricName,
    dimensions,
    points: samples.map(([timestamp, value]) => ({ timestamp, value })),
  };
}

/** Adds per-minute samples of several series into one. */
function addInto(target: Map<number, number>, samples: Array<[number, number]>) {
  for (const [t, v] of samples) target.set(t, (target.get(t) ?? 0) + v);
}

const sorted = (byTime: Map<number, number>): Array<[number, number]> =>
  [...byTime].sort(([a], [b]) => a - b);

/** The scenario's metrics as CloudWatch would hold them, one-minute periods over [from, to]. */
export function cloudWatchMetrics(simulator: Simulator, from: number, to: number): FakeAwsMetric[] {
  const out: FakeAwsMetric[] = [];
  const requests = new Map<string, Map<number, number>>();
  const errors = new Map<string, Map<number, number>>();
  // service -> minute -> le -> count increase
  const histograms = new Map<string, Map<number, Map<number, number>>>();
  const nodeIdle = new Map<string, Map<number, number[]>>();
  const nodeCores = new Map<string, Set<string>>();
  const ecs = (service: string) => ({ ClusterName: SIMULATED_ECS_CLUSTER, ServiceName: service });
  const managed = (container: string | undefined) =>
    container === 'postgres' || container === 'redis';
  const of = <K, V>(map: Map<K, V>, key: K, create: () => V): V =>
    map.get(key) ?? map.set(key, create()).get(key)!;

  for (const series of simulator.series()) {
    const l = series.labels;
    const s = minutes(simulator, series.values, from, to);
    switch (series.name) {
      case 'http_server_request_duration_seconds_count':
      case 'http_request_duration_seconds_count': {
        const service = l.service_name ?? l.job ?? 'unknown';
        const code = l.http_response_status_code ?? l.code ?? '';
        const counts = increases(s);
        addInto(
          of(requests, service, () => new Map()),
          counts,
        );
        // The ALB counts the 5xx its targets return (HTTPCode_Target_5XX_Count).
        if (code.startsWith('5'))
          addInto(
            of(errors, service, () => new Map()),
            counts,
          );
        break;
      }
      case 'http_server_request_duration_seconds_bucket':
      case 'http_request_duration_seconds_bucket': {
        const service = l.service_name ?? l.job ?? 'unknown';
        const le = l.le === '+Inf' ? Infinity : Number(l.le);
        const byMinute = of(histograms, service, () => new Map());
        for (const [t, v] of increases(s)) {
          const byLe = of(byMinute, t, () => new Map<number, number>());
          byLe.set(le, (byLe.get(le) ?? 0) + v);
        }
        break;
      }
      case 'container_cpu_usage_seconds_total':
        if (l.container && !managed(l.container))
          out.push(
            metric(
              'ECS/ContainerInsights',
              'CpuUtilized',
              ecs(l.container),
              increases(s).map(([t, v]) => [t, (v / 60) * 1024]),
            ),
          );
        if (managed(l.container)) {
          const [namespace, dimensions] =
            l.container === 'postgres'
              ? ['AWS/RDS', { DBInstanceIdentifier: 'postgres' }]
              : ['AWS/ElastiCache', { CacheClusterId: 'redis' }];
          out.push(
            metric(
              namespace as string,
              'CPUUtilization',
              dimensions as Record<string, string>,
              increases(s).map(([t, v]) => [t, Math.min(100, (v / 60 / MANAGED_VCPUS) * 100)]),
            ),
          );
        }
        break;
      case 'container_memory_working_set_bytes':
        if (l.container && !managed(l.container))
          out.push(
            metric(
              'ECS/ContainerInsights',
              'MemoryUtilized',
              ecs(l.container),
              levels(s).map(([t, v]) => [t, v / MIB]),
            ),
          );
        break;
      case 'container_spec_memory_limit_bytes':
        if (l.container && !managed(l.container))
          out.push(
            metric(
              'ECS/ContainerInsights',
              'MemoryReserved',
              ecs(l.container),
              levels(s).map(([t, v]) => [t, v / MIB]),
            ),
          );
        break;
      case 'up':
        // One task per service: a target that is up is a running task.
        if (l.job && !managed(l.job))
          out.push(metric('ECS/ContainerInsights', 'RunningTaskCount', ecs(l.job), levels(s)));
        break;
      case 'node_cpu_seconds_total':
        // The ECS container instances (the database node is RDS's own, not visible as EC2).
        if (l.instance && l.instance.startsWith('node-')) {
          of(nodeCores, l.instance, () => new Set()).add(l.cpu ?? '0');
          if (l.mode === 'idle') {
            const byTime = of(nodeIdle, l.instance, () => new Map());
            for (const [t, v] of increases(s)) of(byTime, t, () => []).push(v / 60);
          }
        }
        break;
      case 'node_filesystem_avail_bytes':
        if (l.instance === 'db-node-1')
          out.push(
            metric('AWS/RDS', 'FreeStorageSpace', { DBInstanceIdentifier: 'postgres' }, levels(s)),
          );
        break;
      case 'pg_stat_activity_count':
        out.push(
          metric('AWS/RDS', 'DatabaseConnections', { DBInstanceIdentifier: 'postgres' }, levels(s)),
        );
        break;
      case 'redis_connected_clients':
        out.push(
          metric('AWS/ElastiCache', 'CurrConnections', { CacheClusterId: 'redis' }, levels(s)),
        );
        break;
      default:
        break;
    }
  }

  for (const [service, byTime] of requests) {
    const alb = { LoadBalancer: albDimension(service) };
    out.push(metric('AWS/ApplicationELB', 'RequestCount', alb, sorted(byTime)));
    const failed = errors.get(service) ?? new Map<number, number>();
    out.push(
      metric(
        'AWS/ApplicationELB',
        'HTTPCode_Target_5XX_Count',
        alb,
        sorted(byTime).map(([t]) => [t, failed.get(t) ?? 0]),
      ),
    );
    const samples: Array<[number, number]> = [];
    for (const [t, byLe] of [
      ...(histograms.get(service) ?? new Map<number, Map<number, number>>()),
    ].sort(([a], [b]) => a - b)) {
      const values = latencySamples(
        [...byLe].map(([le, count]) => ({ le, count })),
        LATENCY_SAMPLES,
      );
      // Spread over the minute so every sample falls in the minute's period.
      values.forEach((v, i) => samples.push([t + Math.floor((i * MINUTE_MS) / values.length), v]));
    }
    out.push(metric('AWS/ApplicationELB', 'TargetResponseTime', alb, samples));
  }

  // EC2 CPUUtilization: busy share of the instance's cores, per instance and for the group.
  const group = new Map<number, number[]>();
  for (const [instance, byTime] of nodeIdle) {
    const cores = nodeCores.get(instance)?.size ?? 1;
    const samples = sorted(
      new Map(
        [...byTime].map(([t, idle]) => [
          t,
          Math.max(0, 100 * (1 - idle.reduce((a, b) => a + b, 0) / cores)),
        ]),
      ),
    );
    out.push(
      metric('AWS/EC2', 'CPUUtilization', { InstanceId: `i-${hexId(instance, 17)}` }, samples),
    );
    for (const [t, v] of samples) of(group, t, () => []).push(v);
  }
  out.push(
    metric(
      'AWS/EC2',
      'CPUUtilization',
      { AutoScalingGroupName: SIMULATED_ASG },
      [...group]
        .sort(([a], [b]) => a - b)
        .map(([t, v]) => [t, v.reduce((a, b) => a + b, 0) / v.length]),
    ),
  );
  return out;
}

/** The log group a simulated service's logs are delivered to. */
export function logGroupOf(service: string): string {
  if (service === 'postgres') return '/aws/rds/instance/postgres/postgresql';
  if (service === 'redis') return '/aws/elasticache/redis';
  return `/ecs/${service}`;
}

export function cloudWatchLogGroups(
  simulator: Simulator,
  from: number,
  to: number,
): FakeAwsLogGroup[] {
  const groups = new Map<string, FakeAwsLogGroup>();
  for (const line of simulator.logLines({ start: from, end: to })) {
    const service = line.labels.service_name ?? line.labels.container ?? 'unknown';
    const name = logGroupOf(service);
    const group = groups.get(name) ?? groups.set(name, { name, events: [] }).get(name)!;
    group.events.push({
      timestamp: line.timestamp,
      message: line.line,
      logStream: `ecs/${service}/${hexId(line.labels.pod ?? service, 32)}`,
    });
  }
  return [...groups.values()];
}

/**
 * ECS deployments: each deploy or configuration change of an ECS service
 * registers a new task definition revision and rolls it out. Scaling and
 * one-off tasks create no deployment.
 */
export function cloudWatchEcsServices(
  simulator: Simulator,
  from: number,
  to: number,
): FakeAwsEcsService[] {
  const changes = simulator
    .changeEvents({ start: from, end: to })
    .filter((e) => e.kind === 'deploy' || e.kind === 'config')
    .sort((a, b) => a.timestamp - b.timestamp);
  const services = new Set(
    simulator
      .series()
      .map((s) => s.labels.container)
      .filter((c): c is string => !!c && c !== 'postgres' && c !== 'redis'),
  );
  return [...services].map((name) => {
    const own = changes.filter((e) => e.service === name);
    // The revision running before the window, then one per change.
    const deployments = [
      { taskDefinition: `${name}:40`, createdAt: (from - 7 * 86_400) * 1000, status: 'ACTIVE' },
      ...own.map((e, i) => ({
        taskDefinition: `${name}:${41 + i}`,
        createdAt: e.timestamp * 1000,
        rolloutState: 'COMPLETED',
      })),
    ];
    return { cluster: SIMULATED_ECS_CLUSTER, name, deployments };
  });
}

/** Everything the scenario leaves in CloudWatch, CloudWatch Logs and ECS over [from, to]. */
export function cloudWatchData(
  simulator: Simulator,
  from: number,
  to: number,
): SimulatedCloudWatchData {
  return {
    metrics: cloudWatchMetrics(simulator, from, to),
    logGroups: cloudWatchLogGroups(simulator, from, to),
    ecsServices: cloudWatchEcsServices(simulator, simulator.dataStart - 86_400, to),
  };
}

export interface SimulatedCloudWatch {
  simulator: Simulator;
  now: Date;
  aws: FakeAws;
  close(): Promise<void>;
}

/** A scenario served by the AWS-speaking fake (STS, CloudWatch, CloudWatch Logs, ECS). */
export async function startSimulatedCloudWatch(
  scenario: ScenarioId,
  options: {
    serverKey: { accessKeyId: string; secretAccessKey: string };
    seed?: number | string;
    faultStart?: number;
    historyMinutes?: number;
    region?: string;
  },
): Promise<SimulatedCloudWatch> {
  const simulator = createSimulator({
    scenario,
    seed: options.seed ?? 7,
    hoursBefore: 2,
    ...(options.faultStart === undefined ? {} : { faultStart: options.faultStart }),
  });
  const from = simulator.faultStart - (options.historyMinutes ?? 100) * 60;
  const to = simulator.faultStart + 30 * 60;
  const aws = await startFakeAws({
    serverKey: options.serverKey,
    ...(options.region ? { region: options.region } : {}),
    ...cloudWatchData(simulator, from, to),
  });
  // Logs Insights answers at the first poll (the real service takes a second or two).
  aws.insightsPollsBeforeComplete = 0;
  return { simulator, now: new Date(to * 1000), aws, close: () => aws.close() };
}
