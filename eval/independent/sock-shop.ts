import type { TelemetryBuilder } from './builder.js';
import { flowAt, type Curve, type Effects, type ServiceState, type ServiceSpec } from './flow.js';
import { formatLine, type Level, type LogFormat } from './log-formats.js';
import { podSuffix, type Rng } from './random.js';

/*
 * A Sock Shop style system (Weaveworks' microservices demo, extended with a
 * Python reviews service and PostgreSQL databases) on Kubernetes, scraped
 * the way such clusters usually are: each team's services expose metrics in
 * their framework's default names and labels (prom-client, Go kit, promhttp,
 * go-grpc-prometheus, Spring Boot Micrometer, prometheus_flask_exporter),
 * scraped under different jobs (PodMonitor `namespace/name`, annotation
 * discovery `kubernetes-pods` with `app`/`kubernetes_pod_name`, ServiceMonitor
 * jobs); cAdvisor and kube-state-metrics for the pods, node-exporter on the
 * nodes and on one database VM, the usual exporters for the databases, and
 * blackbox probes. Logs are shipped by promtail with Kubernetes labels.
 */

export const SOCK_NAMESPACE = 'sock-shop';

type Stack =
  | 'node'
  | 'go-kit'
  | 'go-grpc'
  | 'go-http'
  | 'spring'
  | 'flask'
  | 'redis'
  | 'mongodb'
  | 'mysql'
  | 'postgres'
  | 'rabbitmq';

interface SockService extends ServiceSpec {
  stack: Stack;
  replicas: number;
  port: number;
  /** Routes (or RPC methods) with their share of requests. */
  routes: Array<{ route: string; method: string; share: number }>;
  logs: LogFormat | null;
  logger: string;
  cpuLimit: number;
  cpuCores: number;
  cpuPerRequest: number;
  memoryMi: number;
  memoryLimitMi: number;
  version: string;
  /** Runs on a VM (not a pod): no cAdvisor / kube-state series. */
  vm?: string;
  /** The ClusterIP of its Kubernetes Service. */
  clusterIp: string;
  info: (rng: Rng) => { msg: string; fields?: Record<string, string | number> };
}

const call = (to: string, perRequest: number, critical = true) => ({ to, perRequest, critical });
const uuid = (rng: Rng) =>
  `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
const sockIds = [
  '03fef6ac-1896-4ce8-bd69-b798f85c6e0b',
  '3395a43e-2d88-40de-b95f-e00e1502085b',
  '510a0d7e-8e83-4193-b483-e27e09ddc34d',
  '808a2de1-1aaa-4c25-a9b9-6612e8f29a38',
  'd3588630-ad8e-49df-bbd7-3167f7efb246',
];

export const sockServices: readonly SockService[] = [
  {
    name: 'front-end',
    stack: 'node',
    replicas: 2,
    port: 8079,
    entryRate: 24,
    latencyMs: 6,
    calls: [
      call('session-db', 1),
      call('catalogue', 1.2),
      call('user', 0.3),
      call('carts', 0.4),
      call('orders', 0.04),
      call('reviews', 0.25, false),
    ],
    routes: [
      { route: '/catalogue', method: 'GET', share: 0.45 },
      { route: '/', method: 'GET', share: 0.2 },
      { route: '/cart', method: 'GET', share: 0.2 },
      { route: '/login', method: 'GET', share: 0.1 },
      { route: '/orders', method: 'POST', share: 0.05 },
    ],
    logs: 'go-std',
    logger: 'front-end',
    cpuLimit: 0.3,
    cpuCores: 0.01,
    cpuPerRequest: 0.004,
    memoryMi: 110,
    memoryLimitMi: 300,
    version: '0.3.12',
    clusterIp: '10.96.0.120',
    info: (rng) => ({
      msg: rng.pick([
        `GET /catalogue?size=5&page=1 200 ${rng.int(5, 30)}.${rng.int(100, 999)} ms - ${rng.int(800, 4000)}`,
        `GET /cart 200 ${rng.int(3, 20)}.${rng.int(100, 999)} ms - ${rng.int(2, 900)}`,
        `GET /catalogue/${rng.pick(sockIds)} 200 ${rng.int(3, 20)}.${rng.int(100, 999)} ms - 312`,
        `GET /customers/${rng.hex(24)} 200 ${rng.int(4, 25)}.${rng.int(100, 999)} ms - 245`,
      ]),
    }),
  },
  {
    name: 'catalogue',
    stack: 'go-grpc',
    replicas: 2,
    port: 8080,
    latencyMs: 3,
    calls: [call('catalogue-db', 1)],
    routes: [
      { route: 'List', method: 'catalogue.Catalogue', share: 0.6 },
      { route: 'Get', method: 'catalogue.Catalogue', share: 0.35 },
      { route: 'Count', method: 'catalogue.Catalogue', share: 0.05 },
    ],
    logs: 'logfmt',
    logger: 'logging.go:62',
    cpuLimit: 0.2,
    cpuCores: 0.005,
    cpuPerRequest: 0.0012,
    memoryMi: 18,
    memoryLimitMi: 100,
    version: '0.3.5',
    clusterIp: '10.96.0.121',
    info: (rng) => ({
      msg: 'request',
      fields: {
        method: rng.pick(['List', 'Get', 'Count']),
        result: rng.int(1, 9),
        err: 'null',
        took: `${rng.int(1, 5)}.${rng.int(100, 999)}ms`,
      },
    }),
  },
  {
    name: 'user',
    stack: 'go-http',
    replicas: 2,
    port: 8084,
    latencyMs: 4,
    calls: [call('user-db', 1.5)],
    routes: [
      { route: '/login', method: 'GET', share: 0.3 },
      { route: '/customers/{id}', method: 'GET', share: 0.5 },
      { route: '/cards/{id}', method: 'GET', share: 0.2 },
    ],
    logs: 'logfmt',
    logger: 'logging.go:32',
    cpuLimit: 0.3,
    cpuCores: 0.005,
    cpuPerRequest: 0.001,
    memoryMi: 16,
    memoryLimitMi: 100,
    version: '0.4.7',
    clusterIp: '10.96.0.122',
    info: (rng) => ({
      msg: 'request',
      fields: {
        method: rng.pick(['GetUsers', 'GetCards', 'GetAddresses', 'Login']),
        id: rng.hex(24),
        result: 1,
        err: 'null',
        took: `${rng.int(1, 8)}.${rng.int(100, 999)}ms`,
      },
    }),
  },
  {
    name: 'payment',
    stack: 'go-kit',
    replicas: 1,
    port: 8082,
    latencyMs: 2,
    calls: [],
    routes: [{ route: '/paymentAuth', method: 'POST', share: 1 }],
    logs: 'logfmt',
    logger: 'logging.go:27',
    cpuLimit: 0.2,
    cpuCores: 0.002,
    cpuPerRequest: 0.001,
    memoryMi: 12,
    memoryLimitMi: 100,
    version: '0.4.3',
    clusterIp: '10.96.0.123',
    info: (rng) => ({
      msg: 'request',
      fields: {
        method: 'Authorise',
        result: 'true',
        err: 'null',
        took: `${rng.int(20, 900)}.${rng.int(100, 999)}µs`,
      },
    }),
  },
  {
    name: 'carts',
    stack: 'spring',
    replicas: 2,
    port: 80,
    latencyMs: 7,
    calls: [call('carts-db', 1.2)],
    routes: [
      { route: '/carts/{customerId}/items', method: 'GET', share: 0.7 },
      { route: '/carts/{customerId}/items', method: 'POST', share: 0.25 },
      { route: '/carts/{customerId}', method: 'DELETE', share: 0.05 },
    ],
    logs: 'spring',
    logger: 'w.w.s.c.controllers.ItemsController',
    cpuLimit: 0.5,
    cpuCores: 0.02,
    cpuPerRequest: 0.004,
    memoryMi: 310,
    memoryLimitMi: 500,
    version: '0.4.8',
    clusterIp: '10.96.0.124',
    info: (rng) => ({
      msg: rng.pick([
        `Looking for cart for customer ${rng.hex(24)}`,
        `Adding item ${rng.pick(sockIds)} to cart ${rng.hex(24)}`,
        `Merging carts for customer id: ${rng.hex(24)}`,
      ]),
    }),
  },
  {
    name: 'orders',
    stack: 'spring',
    replicas: 2,
    port: 80,
    latencyMs: 25,
    calls: [
      call('user', 3),
      call('carts', 1),
      call('payment', 1),
      call('shipping', 1),
      call('orders-db', 2),
    ],
    routes: [
      { route: '/orders', method: 'POST', share: 0.4 },
      { route: '/orders/search/customerId', method: 'GET', share: 0.6 },
    ],
    logs: 'spring',
    logger: 'w.w.s.o.controllers.OrdersController',
    cpuLimit: 0.5,
    cpuCores: 0.02,
    cpuPerRequest: 0.02,
    memoryMi: 330,
    memoryLimitMi: 500,
    version: '0.4.7',
    clusterIp: '10.96.0.125',
    info: (rng) => ({
      msg: rng.pick([
        `Received payment response: PaymentResponse{authorised=true, message=Payment authorised}`,
        `Sending order to shipping: ${uuid(rng)}`,
        `Order created: ${rng.hex(24)}`,
      ]),
    }),
  },
  {
    name: 'shipping',
    stack: 'spring',
    replicas: 2,
    port: 80,
    latencyMs: 5,
    calls: [call('shipping-db', 1), call('rabbitmq', 1, false)],
    routes: [{ route: '/shipping', method: 'POST', share: 1 }],
    logs: 'spring',
    logger: 'w.w.s.s.controllers.ShippingController',
    cpuLimit: 0.5,
    cpuCores: 0.015,
    cpuPerRequest: 0.01,
    memoryMi: 290,
    memoryLimitMi: 500,
    version: '0.4.8',
    clusterIp: '10.96.0.126',
    info: (rng) => ({
      msg: `Adding shipment to queue... Shipment{id='${uuid(rng)}', name='${rng.hex(24)}'}`,
    }),
  },
  {
    name: 'reviews',
    stack: 'flask',
    replicas: 2,
    port: 5000,
    latencyMs: 9,
    calls: [call('reviews-db', 1)],
    routes: [
      { route: '/reviews/<item_id>', method: 'GET', share: 0.9 },
      { route: '/reviews', method: 'POST', share: 0.1 },
    ],
    logs: 'python-json',
    logger: 'reviews.api',
    cpuLimit: 0.5,
    cpuCores: 0.01,
    cpuPerRequest: 0.006,
    memoryMi: 85,
    memoryLimitMi: 256,
    version: '1.8.2',
    clusterIp: '10.96.0.127',
    info: (rng) => ({
      msg: `GET /reviews/${rng.pick(sockIds)} 200`,
      fields: { duration_ms: rng.int(4, 30) },
    }),
  },
  dataStore('session-db', 'redis', 6379, '10.96.0.130', 0.3),
  dataStore('catalogue-db', 'mysql', 3306, '10.96.0.131', 1.5),
  dataStore('user-db', 'mongodb', 27017, '10.96.0.132', 1.2),
  dataStore('carts-db', 'mongodb', 27017, '10.96.0.133', 1.2),
  { ...dataStore('orders-db', 'postgres', 5432, '10.20.4.15', 2.5), vm: 'pg-orders-01' },
  {
    ...dataStore('shipping-db', 'postgres', 5432, '10.96.0.135', 2),
    logs: 'postgres' as const,
    logger: 'postgres',
  },
  dataStore('reviews-db', 'postgres', 5432, '10.96.0.136', 2),
  dataStore('rabbitmq', 'rabbitmq', 5672, '10.96.0.137', 0.5),
  // Added with the 23rd case: an inventory API the warehouse system calls; nothing in the shop calls it.
  {
    name: 'stock',
    stack: 'node',
    replicas: 2,
    port: 3000,
    entryRate: 1.5,
    latencyMs: 4,
    calls: [call('stock-db', 3)],
    routes: [
      { route: '/stock/sync', method: 'POST', share: 0.3 },
      { route: '/stock/:sku', method: 'GET', share: 0.7 },
    ],
    logs: 'pino',
    logger: 'stock',
    cpuLimit: 0.3,
    cpuCores: 0.01,
    cpuPerRequest: 0.003,
    memoryMi: 70,
    memoryLimitMi: 256,
    version: '2.3.1',
    clusterIp: '10.96.0.139',
    info: (rng) => ({
      msg: rng.pick(['stock level read', 'stock sync applied']),
      fields: { sku: rng.pick(sockIds), quantity: rng.int(0, 400) },
    }),
  },
  dataStore('stock-db', 'postgres', 5432, '10.96.0.138', 1.5),
];

function dataStore(
  name: string,
  stack: Stack,
  port: number,
  clusterIp: string,
  latencyMs: number,
): SockService {
  return {
    name,
    stack,
    replicas: 1,
    port,
    latencyMs,
    calls: [],
    routes: [],
    logs: null,
    logger: stack,
    cpuLimit: 1,
    cpuCores: 0.02,
    cpuPerRequest: 0.0004,
    memoryMi: stack === 'postgres' ? 180 : 60,
    memoryLimitMi: stack === 'postgres' ? 1024 : 512,
    version:
      { redis: '7.2.4', mysql: '8.0.36', mongodb: '6.0.14', postgres: '16.2', rabbitmq: '3.13.0' }[
        stack as 'redis'
      ] ?? '1',
    clusterIp,
    info: (rng) =>
      stack === 'postgres'
        ? {
            msg:
              rng.next() < 0.5
                ? 'checkpoint starting: time'
                : `checkpoint complete: wrote ${rng.int(10, 900)} buffers (${rng.next().toFixed(1)}%); 0 WAL file(s) added, 0 removed, 1 recycled`,
          }
        : { msg: '' },
  };
}

export interface SockPod {
  service: string;
  name: string;
  ip: string;
  node: string;
  version: string;
  /** Alive from/to (Unix seconds); a rollout replaces pods. */
  from: number;
  to: number;
}

/** What a case changes in the shop. */
export interface SockFault {
  effects: Effects;
  /** Own errors of single routes, `routeErrors[service][route]`. */
  routeErrors?: Record<string, Record<string, Curve>>;
  /** Extra CPU demand (cores, per pod); usage is capped at the CPU limit and the rest is throttled. */
  extraCpu?: Record<string, Curve>;
  /** Extra working-set memory per pod (bytes), given the time since the pod's container started. */
  extraMemory?: Record<string, (t: number, sinceStart: number) => number>;
  /** Container restarts: per service, per pod index, when and why. */
  restarts?: Record<string, Array<{ pod: number; at: number; reason: 'OOMKilled' | 'Error' }>>;
  /** A new version rolled out at `at` (pods replaced). */
  rollout?: Record<string, { at: number; version: string }>;
  /** Exporter `*_up` = 0 while the database does not answer. */
  down?: Record<string, Curve>;
  /** Free bytes on the database host's data filesystem. */
  diskAvailBytes?: Record<string, Curve>;
  /** Client connections held on a database (absolute), and its max_connections. */
  dbConnections?: Record<string, Curve>;
  maxConnections?: Record<string, Curve>;
  /** Database server start time (a restart). */
  dbStartedAt?: Record<string, number>;
  /** Open file descriptors of a service's processes. */
  openFds?: Record<string, Curve>;
  /** Retransmitted TCP segments per second on the nodes hosting a service. */
  retransmits?: Record<string, Curve>;
  /** Blackbox probe of a service failing (share of probes) / taking longer (seconds). */
  probeFailure?: Record<string, Curve>;
  probeDelay?: Record<string, Curve>;
  /** Spring HikariCP pool: active, pending and timeouts per second, per service. */
  hikari?: Record<string, { active?: Curve; pending?: Curve; timeouts?: Curve }>;
  /** What a service logs for a failed request (null: the default line). */
  errorLine?: Record<string, (t: number, rng: Rng) => { msg: string; level?: Level } | null>;
  /** Lines besides request logs; `perMinute` for the whole service. */
  extraLogs?: Array<{
    service: string;
    perMinute: (t: number, state: Record<string, ServiceState>) => number;
    line: (t: number, rng: Rng, pod: SockPod) => { msg: string; level: Level };
  }>;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const NODES = [
  { name: 'worker-1', ip: '10.20.1.11' },
  { name: 'worker-2', ip: '10.20.1.12' },
  { name: 'worker-3', ip: '10.20.1.13' },
];

/** Writes the shop's telemetry for the builder's timeline, with `fault` applied. */
export function generateSockShop(b: TelemetryBuilder, fault: SockFault): void {
  const { start, end } = b.timeline;
  const effects = withBackground(b, fault.effects);
  const cache = new Map<number, Record<string, ServiceState>>();
  const flow = (t: number) => {
    const key = Math.floor(t / b.timeline.step) * b.timeline.step;
    let state = cache.get(key);
    if (!state) {
      state = flowAt(sockServices, effects, key, b.daily(key));
      cache.set(key, state);
    }
    return state;
  };

  const rng = b.rng('sock:pods');
  const pods: Record<string, SockPod[]> = {};
  for (const spec of sockServices) {
    const rollout = fault.rollout?.[spec.name];
    const make = (version: string, from: number, to: number) =>
      Array.from({ length: spec.replicas }, (): SockPod => ({
        service: spec.name,
        name: `${spec.name}-${podSuffix(rng)}`,
        ip: `10.244.${rng.int(1, 3)}.${rng.int(2, 250)}`,
        node: rng.pick(NODES).name,
        version,
        from,
        to,
      }));
    pods[spec.name] = rollout
      ? [
          ...make(spec.version, start - 3 * 86_400, rollout.at + 20),
          ...make(rollout.version, rollout.at, end + 1),
        ]
      : make(spec.version, start - 3 * 86_400, end + 1);
  }
  const alive = (pod: SockPod, t: number) => t >= pod.from && t < pod.to;
  /** Live replicas of a service at `t` (a rollout briefly overlaps old and new). */
  const liveCount = (service: string, t: number) =>
    pods[service]!.filter((p) => alive(p, t)).length || 1;
  const podShare = (pod: SockPod) => (t: number) =>
    alive(pod, t) ? 1 / liveCount(pod.service, t) : 0;
  const restartsOf = (service: string, index: number) =>
    (fault.restarts?.[service] ?? []).filter((r) => r.pod === index).map((r) => r.at);
  const containerStart = (service: string, index: number, pod: SockPod, t: number) =>
    Math.max(pod.from, ...restartsOf(service, index).filter((at) => at <= t));

  const routeError = (service: string, route: string, t: number) => {
    const state = flow(t)[service]!;
    const own = fault.routeErrors?.[service];
    if (!own) return state.errorRatio;
    return Math.min(
      1,
      Math.max(0, state.errorRatio - state.ownErrorRatio) + (own[route]?.(t) ?? 0),
    );
  };
  const everFails = (ratio: (t: number) => number) => b.times.some((t) => ratio(t) > 0);

  for (const spec of sockServices) {
    const s = spec.name;
    const list = pods[s]!;
    list.forEach((pod, i) => {
      const index = i % spec.replicas;
      const share = podShare(pod);
      const inPod =
        <T>(fn: (t: number) => T) =>
        (t: number) =>
          alive(pod, t) ? fn(t) : null;
      const demand = (t: number) =>
        spec.cpuCores +
        flow(t)[s]!.rate * share(t) * spec.cpuPerRequest +
        (fault.extraCpu?.[s]?.(t) ?? 0);
      const usage = (t: number) => Math.min(spec.cpuLimit * 0.98, demand(t));
      const memory = (t: number) =>
        spec.memoryMi *
          1024 *
          1024 *
          (1 + 0.1 * Math.min(1, (t - containerStart(s, index, pod, t)) / 900)) +
        (fault.extraMemory?.[s]?.(t, t - containerStart(s, index, pod, t)) ?? 0);
      const resets = restartsOf(s, index);
      const instance = `${pod.ip}:${spec.port}`;

      if (!spec.vm) {
        const cadvisor = {
          job: 'kubelet',
          metrics_path: '/metrics/cadvisor',
          namespace: SOCK_NAMESPACE,
          pod: pod.name,
          container: s,
          image: `weaveworksdemos/${s}:${pod.version}`,
          instance: pod.node,
        };
        b.counter('container_cpu_usage_seconds_total', cadvisor, inPod(usage), {
          integer: false,
          resetsAt: resets,
          noise: { jitter: 0.07 },
        });
        b.counter(
          'container_cpu_cfs_periods_total',
          cadvisor,
          inPod(() => 10),
          { resetsAt: resets, noise: false },
        );
        // Throttled periods: a trickle while bursts touch the limit, most periods once demand exceeds it.
        b.counter(
          'container_cpu_cfs_throttled_periods_total',
          cadvisor,
          inPod((t) => 10 * Math.min(0.95, Math.max(0.003, (demand(t) / spec.cpuLimit - 0.7) * 2))),
          { resetsAt: resets, noise: { jitter: 0.2 } },
        );
        b.gauge('container_memory_working_set_bytes', cadvisor, inPod(memory), {
          noise: { jitter: 0.01, spikeChance: 0 },
        });
        b.gauge(
          'container_spec_memory_limit_bytes',
          cadvisor,
          inPod(() => spec.memoryLimitMi * 1024 * 1024),
          { noise: false },
        );
        b.counter(
          'container_network_transmit_packets_dropped_total',
          { ...cadvisor, interface: 'eth0' },
          inPod(() => 0.001),
          { noise: false, initial: 0 },
        );
        const ksm = {
          job: 'kube-state-metrics',
          namespace: SOCK_NAMESPACE,
          pod: pod.name,
          container: s,
        };
        b.gauge(
          'kube_pod_container_status_restarts_total',
          ksm,
          inPod((t) => resets.filter((at) => at <= t).length),
          { noise: false },
        );
        for (const reason of new Set(
          (fault.restarts?.[s] ?? []).filter((r) => r.pod === index).map((r) => r.reason),
        ))
          b.gauge(
            'kube_pod_container_status_last_terminated_reason',
            { ...ksm, reason },
            inPod((t) => (resets.some((at) => at <= t) ? 1 : 0)),
            { noise: false },
          );
        b.gauge(
          'kube_pod_container_resource_limits',
          { ...ksm, node: pod.node, resource: 'memory', unit: 'byte' },
          inPod(() => spec.memoryLimitMi * 1024 * 1024),
          { noise: false },
        );
        b.gauge(
          'kube_pod_container_resource_limits',
          { ...ksm, node: pod.node, resource: 'cpu', unit: 'core' },
          inPod(() => spec.cpuLimit),
          { noise: false },
        );
        b.gauge(
          'kube_pod_info',
          {
            job: 'kube-state-metrics',
            namespace: SOCK_NAMESPACE,
            pod: pod.name,
            pod_ip: pod.ip,
            node: pod.node,
            host_ip: NODES.find((n) => n.name === pod.node)!.ip,
            created_by_kind: 'ReplicaSet',
            created_by_name: pod.name.split('-').slice(0, -1).join('-'),
          },
          inPod(() => 1),
          { noise: false },
        );
        b.gauge(
          'kube_pod_start_time',
          { job: 'kube-state-metrics', namespace: SOCK_NAMESPACE, pod: pod.name },
          inPod(() => pod.from),
          { noise: false },
        );
      }

      appMetrics(b, spec, pod, index, {
        flow,
        share,
        inPod,
        usage,
        memory,
        resets,
        instance,
        routeError,
        everFails,
        fault,
        containerStart: (t) => containerStart(s, index, pod, t),
      });
    });
    if (!spec.vm && spec.replicas > 0)
      b.gauge(
        'kube_service_info',
        {
          job: 'kube-state-metrics',
          namespace: SOCK_NAMESPACE,
          service: s,
          cluster_ip: spec.clusterIp,
        },
        () => 1,
        { noise: false },
      );
    storeMetrics(b, spec, flow, fault);
    sockLogs(b, spec, list, { flow, alive, fault, routeError });
  }

  nodeMetrics(b, pods, flow, fault);
  probes(b, fault, flow);
  void start;
}

function withBackground(b: TelemetryBuilder, effects: Effects): Effects {
  const rng = b.rng('sock:background-errors');
  const errors: Record<string, Curve> = {};
  for (const s of sockServices) {
    const background = s.routes.length > 0 && rng.next() < 0.5 ? 0.0008 + rng.next() * 0.002 : 0;
    const own = effects.errors?.[s.name];
    errors[s.name] = own ? (t) => Math.min(1, background + own(t)) : () => background;
  }
  return { ...effects, errors };
}

interface PodContext {
  flow: (t: number) => Record<string, ServiceState>;
  share: (t: number) => number;
  inPod: <T>(fn: (t: number) => T) => (t: number) => T | null;
  usage: Curve;
  memory: Curve;
  resets: number[];
  instance: string;
  routeError: (service: string, route: string, t: number) => number;
  everFails: (ratio: (t: number) => number) => boolean;
  fault: SockFault;
  containerStart: Curve;
}

/** Each framework's own request metrics and process metrics, in its default names. */
function appMetrics(
  b: TelemetryBuilder,
  spec: SockService,
  pod: SockPod,
  index: number,
  c: PodContext,
): void {
  const s = spec.name;
  const rate = (share: number) => (t: number) =>
    c.share(t) > 0 ? c.flow(t)[s]!.rate * c.share(t) * share : null;
  const latency = (t: number) => c.flow(t)[s]!.latencyMs / 1000;
  const opts = { buckets: HTTP_BUCKETS, resetsAt: c.resets };
  const ok = (route: string, share: number) => (t: number) => {
    const r = rate(share)(t);
    return r === null ? null : r * (1 - c.routeError(s, route, t));
  };
  const bad = (route: string, share: number) => (t: number) => {
    const r = rate(share)(t);
    return r === null ? null : r * c.routeError(s, route, t);
  };
  const process = (labels: Record<string, string>) => {
    b.counter('process_cpu_seconds_total', labels, c.inPod(c.usage), {
      integer: false,
      resetsAt: c.resets,
    });
    b.gauge(
      'process_resident_memory_bytes',
      labels,
      c.inPod((t) => c.memory(t) * 0.9),
      { noise: { jitter: 0.01 } },
    );
    b.gauge('process_start_time_seconds', labels, c.inPod(c.containerStart), { noise: false });
    b.gauge(
      'process_open_fds',
      labels,
      c.inPod((t) => c.fault.openFds?.[s]?.(t) ?? 40 + c.flow(t)[s]!.rate * 0.2),
      { integer: true, noise: { jitter: 0.04 } },
    );
    b.gauge(
      'process_max_fds',
      labels,
      c.inPod(() => 1024 * (spec.stack === 'node' ? 1 : 1024)),
      { noise: false },
    );
  };

  switch (spec.stack) {
    case 'node': {
      const labels = {
        job: `${SOCK_NAMESPACE}/${s}`,
        namespace: SOCK_NAMESPACE,
        pod: pod.name,
        instance: c.instance,
      };
      for (const r of spec.routes) {
        const base = { ...labels, service: s, method: r.method, route: r.route };
        b.histogram(
          'request_duration_seconds',
          { ...base, status_code: '200' },
          ok(r.route, r.share),
          latency,
          opts,
        );
        if (c.everFails((t) => c.routeError(s, r.route, t)))
          b.histogram(
            'request_duration_seconds',
            { ...base, status_code: '500' },
            bad(r.route, r.share),
            latency,
            opts,
          );
      }
      process(labels);
      b.gauge(
        'nodejs_eventloop_lag_seconds',
        labels,
        c.inPod(() => 0.004),
        { noise: { jitter: 0.3 } },
      );
      b.gauge(
        'nodejs_heap_size_used_bytes',
        labels,
        c.inPod((t) => c.memory(t) * 0.5),
        { noise: { jitter: 0.05 } },
      );
      b.gauge(
        s === 'front-end' ? 'frontend_build_info' : `${s}_build_info`,
        { ...labels, version: pod.version },
        c.inPod(() => 1),
        { noise: false },
      );
      break;
    }
    case 'go-grpc': {
      const labels = {
        job: 'kubernetes-pods',
        app: s,
        kubernetes_namespace: SOCK_NAMESPACE,
        kubernetes_pod_name: pod.name,
        instance: c.instance,
      };
      for (const r of spec.routes) {
        const base = {
          ...labels,
          grpc_service: r.method,
          grpc_method: r.route,
          grpc_type: 'unary',
        };
        b.counter('grpc_server_handled_total', { ...base, grpc_code: 'OK' }, ok(r.route, r.share), {
          resetsAt: c.resets,
        });
        if (c.everFails((t) => c.routeError(s, r.route, t)))
          b.counter(
            'grpc_server_handled_total',
            { ...base, grpc_code: 'Unavailable' },
            bad(r.route, r.share),
            { resetsAt: c.resets, initial: 0 },
          );
        b.histogram('grpc_server_handling_seconds', base, rate(r.share), latency, opts);
      }
      process(labels);
      b.gauge(
        'go_goroutines',
        labels,
        c.inPod((t) => 12 + c.flow(t)[s]!.rate * 0.1),
        { integer: true },
      );
      b.gauge(
        `${s}_build_info`,
        {
          ...labels,
          version: pod.version,
          revision: pod.version === spec.version ? '4b7ac3e' : '9c1d20f',
          goversion: 'go1.21.6',
        },
        c.inPod(() => 1),
        { noise: false },
      );
      break;
    }
    case 'go-http': {
      const labels = {
        job: 'kubernetes-pods',
        app: s,
        kubernetes_namespace: SOCK_NAMESPACE,
        kubernetes_pod_name: pod.name,
        instance: c.instance,
      };
      for (const r of spec.routes) {
        const base = { ...labels, handler: r.route, method: r.method.toLowerCase() };
        b.counter('http_requests_total', { ...base, code: '200' }, ok(r.route, r.share), {
          resetsAt: c.resets,
        });
        if (c.everFails((t) => c.routeError(s, r.route, t)))
          b.counter('http_requests_total', { ...base, code: '500' }, bad(r.route, r.share), {
            resetsAt: c.resets,
            initial: 0,
          });
        b.histogram('http_request_duration_seconds', base, rate(r.share), latency, opts);
      }
      process(labels);
      b.gauge(
        'go_goroutines',
        labels,
        c.inPod((t) => 10 + c.flow(t)[s]!.rate * 0.1),
        { integer: true },
      );
      break;
    }
    case 'go-kit': {
      const labels = {
        job: 'kubernetes-pods',
        app: s,
        kubernetes_namespace: SOCK_NAMESPACE,
        kubernetes_pod_name: pod.name,
        instance: c.instance,
      };
      const r = spec.routes[0]!;
      const base = { ...labels, service: s, method: 'authorise' };
      b.counter('request_count', { ...base, status_class: '2xx' }, ok(r.route, 1), {
        resetsAt: c.resets,
      });
      b.counter('request_count', { ...base, status_class: '5xx' }, bad(r.route, 1), {
        resetsAt: c.resets,
        initial: 0,
      });
      b.histogram('request_latency_seconds', base, rate(1), latency, opts);
      process(labels);
      b.gauge(
        `${s}_build_info`,
        { ...labels, version: pod.version, goversion: 'go1.21.6' },
        c.inPod(() => 1),
        { noise: false },
      );
      break;
    }
    case 'spring': {
      const labels = {
        job: s,
        namespace: SOCK_NAMESPACE,
        pod: pod.name,
        instance: c.instance,
        service: s,
        application: s,
      };
      for (const r of spec.routes) {
        const base = { ...labels, method: r.method, uri: r.route };
        const exception =
          c.fault.rollout?.[s] && pod.version !== spec.version
            ? 'IllegalStateException'
            : 'ResourceAccessException';
        b.histogram(
          'http_server_requests_seconds',
          { ...base, status: '200', outcome: 'SUCCESS', exception: 'none' },
          ok(r.route, r.share),
          latency,
          opts,
        );
        if (c.everFails((t) => c.routeError(s, r.route, t)))
          b.histogram(
            'http_server_requests_seconds',
            { ...base, status: '500', outcome: 'SERVER_ERROR', exception },
            bad(r.route, r.share),
            latency,
            opts,
          );
      }
      b.counter('process_cpu_seconds_total', labels, c.inPod(c.usage), {
        integer: false,
        resetsAt: c.resets,
      });
      b.gauge(
        'process_cpu_usage',
        labels,
        c.inPod((t) => c.usage(t) / spec.cpuLimit / 2),
        { noise: { jitter: 0.1 } },
      );
      b.gauge('process_start_time_seconds', labels, c.inPod(c.containerStart), { noise: false });
      b.gauge(
        'jvm_memory_used_bytes',
        { ...labels, area: 'heap', id: 'G1 Old Gen' },
        c.inPod((t) => c.memory(t) * 0.55),
        { noise: { jitter: 0.03 } },
      );
      b.gauge(
        'jvm_memory_max_bytes',
        { ...labels, area: 'heap', id: 'G1 Old Gen' },
        c.inPod(() => spec.memoryLimitMi * 1024 * 1024 * 0.7),
        { noise: false },
      );
      b.histogram(
        'jvm_gc_pause_seconds',
        { ...labels, action: 'end of minor GC', cause: 'G1 Evacuation Pause' },
        c.inPod(
          (t) =>
            0.05 +
            c.flow(t)[s]!.rate * c.share(t) * 0.002 +
            Math.max(0, (c.memory(t) / (spec.memoryLimitMi * 1048576) - 0.8) * 3),
        ),
        () => 0.006,
        { buckets: [0.001, 0.01, 0.1, 1], resetsAt: c.resets },
      );
      b.gauge(
        'application_ready_time_seconds',
        {
          ...labels,
          main_application_class: `works.weave.socks.${s}.${s[0]!.toUpperCase()}${s.slice(1)}Application`,
        },
        c.inPod(() => 11.7),
        { noise: { jitter: 0.05 } },
      );
      b.gauge(
        `${s}_build_info`,
        { ...labels, version: pod.version },
        c.inPod(() => 1),
        { noise: false },
      );
      if (s === 'orders' || s === 'shipping') {
        const pool = { ...labels, pool: 'HikariPool-1' };
        const h = c.fault.hikari?.[s];
        b.gauge(
          'hikaricp_connections_active',
          pool,
          c.inPod((t) => h?.active?.(t) ?? Math.min(10, 1 + c.flow(t)[s]!.rate * c.share(t) * 0.1)),
          { integer: true, noise: { jitter: 0.3 } },
        );
        b.gauge(
          'hikaricp_connections_idle',
          pool,
          c.inPod((t) => Math.max(0, 10 - (h?.active?.(t) ?? 2))),
          { integer: true, noise: { jitter: 0.2 } },
        );
        b.gauge(
          'hikaricp_connections_pending',
          pool,
          c.inPod((t) => h?.pending?.(t) ?? 0),
          { integer: true, noise: false },
        );
        b.gauge(
          'hikaricp_connections_max',
          pool,
          c.inPod(() => 10),
          { noise: false },
        );
        b.counter(
          'hikaricp_connections_timeout_total',
          pool,
          c.inPod((t) => h?.timeouts?.(t) ?? 0),
          { resetsAt: c.resets, initial: 0, noise: false },
        );
      }
      break;
    }
    case 'flask': {
      const labels = { job: s, namespace: SOCK_NAMESPACE, pod: pod.name, instance: c.instance };
      for (const r of spec.routes) {
        const base = { ...labels, method: r.method, path: r.route };
        b.counter('flask_http_request_total', { ...base, status: '200' }, ok(r.route, r.share), {
          resetsAt: c.resets,
        });
        if (c.everFails((t) => c.routeError(s, r.route, t)))
          b.counter('flask_http_request_total', { ...base, status: '500' }, bad(r.route, r.share), {
            resetsAt: c.resets,
            initial: 0,
          });
        b.histogram(
          'flask_http_request_duration_seconds',
          { ...base, status: '200' },
          rate(r.share),
          latency,
          opts,
        );
      }
      process(labels);
      b.gauge(
        'flask_exporter_info',
        { ...labels, version: '0.23.0' },
        c.inPod(() => 1),
        { noise: false },
      );
      b.gauge(
        'app_info',
        { ...labels, version: pod.version },
        c.inPod(() => 1),
        { noise: false },
      );
      break;
    }
    default:
      break;
  }
  void index;
}

/** The databases' exporters (their own conventions), each scraped under its own job. */
function storeMetrics(
  b: TelemetryBuilder,
  spec: SockService,
  flow: (t: number) => Record<string, ServiceState>,
  fault: SockFault,
): void {
  const s = spec.name;
  const down = (t: number) => (fault.down?.[s]?.(t) ?? 0) >= 1;
  const rate = (t: number) => flow(t)[s]!.rate;
  const host = spec.vm ?? `${s}.${SOCK_NAMESPACE}.svc`;
  // The VM's static scrape config tags its targets with the service they belong to.
  const k8s: Record<string, string> = spec.vm ? { service: s } : { namespace: SOCK_NAMESPACE };
  switch (spec.stack) {
    case 'redis': {
      const labels = { job: 'redis-exporter', instance: `${host}:9121`, ...k8s };
      b.gauge('redis_up', labels, (t) => (down(t) ? 0 : 1), { noise: false });
      b.gauge('redis_connected_clients', labels, (t) => (down(t) ? 0 : 6), {
        integer: true,
        noise: { jitter: 0.1 },
      });
      b.gauge('redis_memory_used_bytes', labels, (t) => (down(t) ? null : 2.4e6), {
        noise: { jitter: 0.02 },
      });
      b.counter('redis_commands_processed_total', labels, (t) => (down(t) ? null : rate(t)));
      b.gauge('redis_build_info', { ...labels, redis_version: spec.version }, () => 1, {
        noise: false,
      });
      break;
    }
    case 'mysql': {
      const labels = { job: 'mysqld-exporter', instance: `${host}:9104`, ...k8s };
      b.gauge('mysql_up', labels, (t) => (down(t) ? 0 : 1), { noise: false });
      b.gauge(
        'mysql_global_status_threads_connected',
        labels,
        (t) => (down(t) ? null : 8 + rate(t) * 0.05),
        { integer: true, noise: { jitter: 0.1 } },
      );
      b.gauge('mysql_global_variables_max_connections', labels, () => 151, { noise: false });
      b.counter('mysql_global_status_questions_total', labels, (t) => (down(t) ? null : rate(t)));
      break;
    }
    case 'mongodb': {
      const labels = { job: 'mongodb-exporter', instance: `${host}:9216`, ...k8s };
      b.gauge('mongodb_up', labels, (t) => (down(t) ? 0 : 1), { noise: false });
      b.gauge(
        'mongodb_ss_connections',
        { ...labels, conn_type: 'current' },
        (t) => (down(t) ? null : 12),
        { integer: true, noise: { jitter: 0.1 } },
      );
      b.counter('mongodb_ss_opcounters_total', { ...labels, legacy_op_type: 'query' }, (t) =>
        down(t) ? null : rate(t),
      );
      break;
    }
    case 'postgres': {
      const labels = {
        job: spec.vm ? 'postgres-vm' : 'postgres-exporter',
        instance: `${host}:9187`,
        ...k8s,
      };
      const max = (t: number) => fault.maxConnections?.[s]?.(t) ?? 100;
      b.gauge('pg_up', labels, (t) => (down(t) ? 0 : 1), { noise: false });
      b.gauge('pg_settings_max_connections', labels, (t) => (down(t) ? null : max(t)), {
        noise: false,
      });
      const conns = (t: number) => fault.dbConnections?.[s]?.(t) ?? 6 + rate(t) * 0.15;
      b.gauge(
        'pg_stat_activity_count',
        { ...labels, datname: s.replace('-db', ''), state: 'active' },
        (t) => (down(t) ? null : Math.min(max(t), conns(t)) * 0.3),
        { integer: true, noise: { jitter: 0.3 } },
      );
      b.gauge(
        'pg_stat_activity_count',
        { ...labels, datname: s.replace('-db', ''), state: 'idle' },
        (t) => (down(t) ? null : Math.min(max(t), conns(t)) * 0.7),
        { integer: true, noise: { jitter: 0.1 } },
      );
      b.gauge(
        'pg_postmaster_start_time_seconds',
        labels,
        (t) =>
          down(t)
            ? null
            : fault.dbStartedAt?.[s] !== undefined && t >= fault.dbStartedAt[s]!
              ? fault.dbStartedAt[s]!
              : b.timeline.start - 9 * 86_400,
        { noise: false },
      );
      b.gauge('pg_database_size_bytes', { ...labels, datname: s.replace('-db', '') }, () => 7.2e9, {
        noise: { jitter: 0.001, spikeChance: 0 },
      });
      b.counter(
        'pg_stat_database_xact_commit_total',
        { ...labels, datname: s.replace('-db', '') },
        (t) => (down(t) ? null : rate(t)),
      );
      break;
    }
    case 'rabbitmq': {
      const labels = { job: 'rabbitmq', instance: `${host}:15692`, ...k8s };
      b.gauge('rabbitmq_queue_messages_ready', { ...labels, queue: 'shipping-task' }, () => 2, {
        integer: true,
        noise: { jitter: 0.5 },
      });
      b.gauge('rabbitmq_build_info', { ...labels, rabbitmq_version: spec.version }, () => 1, {
        noise: false,
      });
      break;
    }
    default:
      break;
  }
}

/** node-exporter on the three workers and on the orders database VM. */
function nodeMetrics(
  b: TelemetryBuilder,
  pods: Record<string, SockPod[]>,
  flow: (t: number) => Record<string, ServiceState>,
  fault: SockFault,
): void {
  const hosts = [
    ...NODES.map((n) => ({
      name: n.name,
      labels: { job: 'node-exporter', instance: `${n.ip}:9100`, node: n.name },
      mount: '/',
      size: 100e9,
      used: 0.42,
    })),
    {
      name: 'pg-orders-01',
      labels: { job: 'node', instance: 'pg-orders-01:9100', service: 'orders-db' },
      mount: '/var/lib/postgresql',
      size: 200e9,
      used: 0.71,
    },
  ];
  for (const host of hosts) {
    const db = host.name === 'pg-orders-01' ? 'orders-db' : null;
    const podsHere = Object.values(pods)
      .flat()
      .filter((p) => p.node === host.name);
    const cpu = (t: number) =>
      0.05 + (db ? 0.1 : podsHere.length * 0.02) + (db ? flow(t)['orders-db']!.rate * 0.0005 : 0);
    for (const mode of ['user', 'system', 'idle', 'iowait']) {
      for (const cpuId of ['0', '1']) {
        const busy = (t: number) => Math.min(0.98, cpu(t));
        const perMode = (t: number) =>
          mode === 'idle'
            ? 1 - busy(t)
            : mode === 'user'
              ? busy(t) * 0.7
              : mode === 'system'
                ? busy(t) * 0.25
                : busy(t) * 0.05;
        b.counter('node_cpu_seconds_total', { ...host.labels, cpu: cpuId, mode }, perMode, {
          integer: false,
          noise: { jitter: 0.05 },
        });
      }
    }
    b.gauge('node_memory_MemTotal_bytes', host.labels, () => 16 * 1024 ** 3, { noise: false });
    b.gauge('node_memory_MemAvailable_bytes', host.labels, () => 9.5 * 1024 ** 3, {
      noise: { jitter: 0.01 },
    });
    const fs = {
      ...host.labels,
      device: db ? '/dev/nvme1n1' : '/dev/nvme0n1p1',
      fstype: 'ext4',
      mountpoint: host.mount,
    };
    b.gauge('node_filesystem_size_bytes', fs, () => host.size, { noise: false });
    b.gauge(
      'node_filesystem_avail_bytes',
      fs,
      (t) =>
        db && fault.diskAvailBytes?.[db]
          ? fault.diskAvailBytes[db](t)
          : host.size * (1 - host.used),
      { noise: { jitter: 0.0005, spikeChance: 0 } },
    );
    const users = Object.entries(fault.retransmits ?? {}).filter(([svc]) =>
      podsHere.some((p) => p.service === svc),
    );
    b.counter(
      'node_netstat_Tcp_RetransSegs',
      host.labels,
      (t) => 0.4 + users.reduce((sum, [, curve]) => sum + curve(t), 0),
      { noise: { jitter: 0.3 } },
    );
    b.counter('node_netstat_Tcp_OutSegs', host.labels, () => 900, { noise: { jitter: 0.1 } });
    b.gauge(
      'node_uname_info',
      { ...host.labels, nodename: host.name, release: '6.1.0-18-cloud-amd64' },
      () => 1,
      { noise: false },
    );
  }
}

/** blackbox_exporter probes: HTTP health of the services, TCP to the databases. */
function probes(
  b: TelemetryBuilder,
  fault: SockFault,
  flow: (t: number) => Record<string, ServiceState>,
): void {
  for (const spec of sockServices) {
    const isStore = spec.routes.length === 0;
    const target = isStore
      ? `${spec.vm ?? `${spec.name}.${SOCK_NAMESPACE}.svc`}:${spec.port}`
      : `http://${spec.name}.${SOCK_NAMESPACE}.svc/health`;
    const labels = {
      job: 'blackbox',
      instance: target,
      module: isStore ? 'tcp_connect' : 'http_2xx',
    };
    const down = (t: number) =>
      (fault.down?.[spec.name]?.(t) ?? 0) >= 1 ||
      (fault.effects.unreachable?.[spec.name]?.(t) ?? 0) >= 1;
    const failing = (t: number) => fault.probeFailure?.[spec.name]?.(t) ?? 0;
    const rng = b.rng(`probe:${spec.name}`);
    const success = new Map(b.times.map((t) => [t, down(t) ? 0 : rng.next() < failing(t) ? 0 : 1]));
    b.gauge('probe_success', labels, (t) => success.get(t) ?? 1, { noise: false });
    b.gauge(
      'probe_duration_seconds',
      labels,
      (t) => (isStore ? 0.0012 : 0.004) + (fault.probeDelay?.[spec.name]?.(t) ?? 0),
      { noise: { jitter: 0.15 } },
    );
    void flow;
  }
}

/** Logs as promtail ships them: Kubernetes labels, each framework's own line format. */
function sockLogs(
  b: TelemetryBuilder,
  spec: SockService,
  pods: SockPod[],
  c: {
    flow: (t: number) => Record<string, ServiceState>;
    alive: (pod: SockPod, t: number) => boolean;
    fault: SockFault;
    routeError: (s: string, r: string, t: number) => number;
  },
): void {
  if (!spec.logs) return;
  const s = spec.name;
  const format = spec.logs;
  for (const pod of pods) {
    const labels = {
      namespace: SOCK_NAMESPACE,
      app: s,
      pod: pod.name,
      container: s,
      job: `${SOCK_NAMESPACE}/${s}`,
      node_name: pod.node,
    };
    const live = (t: number) =>
      c.alive(pod, t) ? 1 / pods.filter((p) => c.alive(p, t)).length : 0;
    const line = (
      level: Level,
      msg: string,
      t: number,
      rng: Rng,
      fields?: Record<string, string | number>,
    ) =>
      formatLine({
        format,
        level,
        msg,
        t,
        rng,
        logger: spec.logger,
        host: pod.name,
        ...(fields ? { fields } : {}),
      });
    b.logs(
      labels,
      (t) => Math.min(40, c.flow(t)[s]!.rate * live(t) * 60 * 0.12),
      (t, rng) => {
        const { msg, fields } = spec.info(rng);
        return line('info', msg, t, rng, fields);
      },
    );
    const errorLine = c.fault.errorLine?.[s];
    b.logs(
      labels,
      (t) => Math.min(240, c.flow(t)[s]!.rate * live(t) * c.flow(t)[s]!.errorRatio * 60),
      (t, rng) => {
        const custom = errorLine?.(t, rng);
        if (custom) return line(custom.level ?? 'error', custom.msg, t, rng);
        return line('error', defaultError(spec, rng), t, rng);
      },
    );
    const rollout = c.fault.rollout?.[s];
    if (rollout && pod.from === rollout.at) {
      const startup = startupLines(spec, pod, rollout.at, b.rng(`startup:${pod.name}`));
      b.logsAt(
        labels,
        startup.map((e) => ({
          at: e.at,
          line: line('info', e.msg, e.at, b.rng(`startup-line:${pod.name}`)),
        })),
      );
    }
    for (const extra of c.fault.extraLogs ?? []) {
      if (extra.service !== s) continue;
      b.logs(
        labels,
        (t) => extra.perMinute(t, c.flow(t)) * live(t),
        (t, rng) => {
          const { msg, level } = extra.line(t, rng, pod);
          return line(level, msg, t, rng);
        },
      );
    }
  }
}

/** How each stack announces its start, with the version. */
function startupLines(
  spec: SockService,
  pod: SockPod,
  at: number,
  rng: Rng,
): Array<{ at: number; msg: string }> {
  const cls = `${spec.name[0]!.toUpperCase()}${spec.name.slice(1)}Application`;
  switch (spec.stack) {
    case 'spring':
      return [
        {
          at: at + 2.1,
          msg: `Starting ${cls} v${pod.version} using Java 17.0.9 with PID 1 (/usr/src/app/app.jar started by root in /usr/src/app)`,
        },
        {
          at: at + 2.2,
          msg: 'No active profile set, falling back to 1 default profile: "default"',
        },
        { at: at + 9.8, msg: "Tomcat started on port 80 (http) with context path ''" },
        {
          at: at + 10.4 + rng.next(),
          msg: `Started ${cls} in ${(9 + rng.next() * 3).toFixed(3)} seconds (process running for ${(10 + rng.next() * 3).toFixed(3)})`,
        },
      ];
    case 'node':
      return [{ at: at + 1.5, msg: `${spec.name} v${pod.version} listening on port ${spec.port}` }];
    default:
      return [
        { at: at + 0.5, msg: `starting ${spec.name} version=${pod.version} port=${spec.port}` },
      ];
  }
}

function defaultError(spec: SockService, rng: Rng): string {
  switch (spec.stack) {
    case 'node':
      return `Error: socket hang up`;
    case 'spring':
      return `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.web.client.ResourceAccessException: I/O error on GET request: Read timed out] with root cause`;
    case 'flask':
      return `Exception on /reviews/${rng.hex(8)} [GET]`;
    default:
      return `request failed err="context canceled"`;
  }
}
