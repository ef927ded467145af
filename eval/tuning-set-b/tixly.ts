/**
 * "Tixly", an event-ticketing platform of Spring Boot 3 services on GKE:
 * `storefront-api` (the public REST API), `catalog-service` (events, venues,
 * seat maps), `order-service` (checkout; publishes `order.created` to
 * RabbitMQ), `payment-service` (talks to the external PSP, `payment-provider`,
 * over HTTPS) and `fulfilment-worker` (consumes `order.created`, renders and
 * e-mails the tickets). One MySQL 8 primary (`mysql-0`) and one RabbitMQ 3.13
 * node (`rabbitmq-0`).
 *
 * What is scraped and shipped, by standard names:
 * - Micrometer's Prometheus registry on every service (`/actuator/prometheus`,
 *   common tag `application`): `http_server_requests_seconds_count/_sum/_max/_bucket`
 *   `{method,uri,status,outcome,exception,error}`, `http_client_requests_seconds_*`
 *   `{client_name,uri,status,outcome,exception}`, `hikaricp_connections*{pool}`,
 *   `jvm_memory_used_bytes{area,id}`, `jvm_memory_max_bytes`, `jvm_gc_pause_seconds*`
 *   `{action,cause,gc}`, `jvm_threads_live_threads`, `process_cpu_usage`,
 *   `system_cpu_usage`, `process_start_time_seconds`, `tomcat_threads_busy_threads`,
 *   `tomcat_threads_config_max_threads`, `logback_events_total{level}`,
 *   `application_ready_time_seconds`, resilience4j
 *   (`resilience4j_circuitbreaker_state{name,state}`, `..._failure_rate`,
 *   `..._calls_seconds_count{kind}`, `..._not_permitted_calls_total`), Spring AMQP
 *   (`rabbitmq_published_total`, `spring_rabbitmq_listener_seconds_count{queue,result}`).
 * - mysqld_exporter (`mysql_up`, `mysql_global_status_threads_connected`,
 *   `mysql_global_status_threads_running`, `mysql_global_variables_max_connections`,
 *   `mysql_global_status_commands_total{command}`, `mysql_global_status_slow_queries`, ...).
 * - the rabbitmq_prometheus plugin (`rabbitmq_queue_messages_ready{vhost,queue}`,
 *   `rabbitmq_queue_messages_unacked`, `rabbitmq_queue_consumers`,
 *   `rabbitmq_disk_space_available_bytes`, `rabbitmq_disk_space_available_limit_bytes`,
 *   `rabbitmq_alarms_free_disk_space_watermark`, ...).
 * - cAdvisor, kube-state-metrics, node-exporter (kube.ts).
 * - Logs: Spring Boot's default Logback console pattern
 *   (`2026-12-07T23:05:01.123Z ERROR 1 --- [order-service] [nio-8080-exec-7] o.h.e.j.s.SqlExceptionHelper : ...`)
 *   with the stack trace in the same entry (promtail's multiline stage), MySQL's
 *   error log, RabbitMQ's log.
 */
import type { EvalService } from '../eval-case.js';
import type { TelemetryBuilder } from '../independent/builder.js';
import {
  flowAt,
  type Curve,
  type Effects,
  type ServiceSpec,
  type ServiceState,
} from '../independent/flow.js';
import type { Rng } from '../independent/random.js';
import {
  alive,
  emitNodes,
  emitVolume,
  emitWorkload,
  podName,
  type KubeNode,
  type KubePod,
  type KubeWorkload,
} from './kube.js';

export const TX_NS = 'tixly';
const GiB = 1_073_741_824;
const MiB = 1_048_576;

export const TX_NODES: KubeNode[] = [
  {
    name: 'gke-tixly-prod-default-5c2e91a0-1hzq',
    ip: '10.164.0.21',
    cpus: 8,
    memGiB: 32,
    diskBytes: 100 * GiB,
  },
  {
    name: 'gke-tixly-prod-default-5c2e91a0-7d4m',
    ip: '10.164.0.22',
    cpus: 8,
    memGiB: 32,
    diskBytes: 100 * GiB,
  },
  {
    name: 'gke-tixly-prod-default-5c2e91a0-k9xw',
    ip: '10.164.0.29',
    cpus: 8,
    memGiB: 32,
    diskBytes: 100 * GiB,
  },
];

export type TxApp =
  'storefront-api' | 'catalog-service' | 'order-service' | 'payment-service' | 'fulfilment-worker';
export const TX_APPS: TxApp[] = [
  'storefront-api',
  'catalog-service',
  'order-service',
  'payment-service',
  'fulfilment-worker',
];

interface Endpoint {
  method: string;
  uri: string;
  share: number;
}

interface TxAppDef {
  replicas: number;
  version: string;
  mainClass: string;
  pkg: string;
  endpoints: Endpoint[];
  cpuLimit: number;
  cpuPerRps: number;
  heapMax: number;
  heapUsed: number;
  memLimit: number;
  /** HikariCP maximumPoolSize (null: no database). */
  pool: number | null;
}

export const TX_DEFS: Record<TxApp, TxAppDef> = {
  'storefront-api': {
    replicas: 3,
    version: '2.31.0',
    mainClass: 'StorefrontApiApplication',
    pkg: 'com.tixly.storefront',
    endpoints: [
      { method: 'GET', uri: '/api/events', share: 0.3 },
      { method: 'GET', uri: '/api/events/{eventId}', share: 0.4 },
      { method: 'GET', uri: '/api/events/{eventId}/seatmap', share: 0.18 },
      { method: 'POST', uri: '/api/checkout', share: 0.12 },
    ],
    cpuLimit: 1,
    cpuPerRps: 0.012,
    heapMax: 768 * MiB,
    heapUsed: 300 * MiB,
    memLimit: 1280 * MiB,
    pool: null,
  },
  'catalog-service': {
    replicas: 3,
    version: '4.8.0',
    mainClass: 'CatalogServiceApplication',
    pkg: 'com.tixly.catalog',
    endpoints: [
      { method: 'GET', uri: '/internal/events', share: 0.34 },
      { method: 'GET', uri: '/internal/events/{eventId}', share: 0.45 },
      { method: 'GET', uri: '/internal/events/{eventId}/seatmap', share: 0.21 },
    ],
    cpuLimit: 1.5,
    cpuPerRps: 0.04,
    heapMax: 1024 * MiB,
    heapUsed: 420 * MiB,
    memLimit: 1536 * MiB,
    pool: 10,
  },
  'order-service': {
    replicas: 2,
    version: '7.2.4',
    mainClass: 'OrderServiceApplication',
    pkg: 'com.tixly.order',
    endpoints: [
      { method: 'POST', uri: '/internal/orders', share: 0.85 },
      { method: 'GET', uri: '/internal/orders/{orderId}', share: 0.15 },
    ],
    cpuLimit: 1,
    cpuPerRps: 0.03,
    heapMax: 1024 * MiB,
    heapUsed: 380 * MiB,
    memLimit: 1536 * MiB,
    pool: 10,
  },
  'payment-service': {
    replicas: 2,
    version: '3.0.9',
    mainClass: 'PaymentServiceApplication',
    pkg: 'com.tixly.payment',
    endpoints: [{ method: 'POST', uri: '/api/payments', share: 1 }],
    cpuLimit: 1,
    cpuPerRps: 0.03,
    heapMax: 512 * MiB,
    heapUsed: 210 * MiB,
    memLimit: 1024 * MiB,
    pool: 10,
  },
  'fulfilment-worker': {
    replicas: 2,
    version: '1.14.2',
    mainClass: 'FulfilmentWorkerApplication',
    pkg: 'com.tixly.fulfilment',
    endpoints: [],
    cpuLimit: 1,
    cpuPerRps: 0.12,
    heapMax: 1024 * MiB,
    heapUsed: 460 * MiB,
    memLimit: 1536 * MiB,
    pool: 5,
  },
};

/** The synchronous request flow (the worker consumes the queue apart from it). */
export const TX_SPECS: ServiceSpec[] = [
  {
    name: 'storefront-api',
    entryRate: 26,
    latencyMs: 5,
    calls: [
      { to: 'catalog-service', perRequest: 0.88, critical: true },
      { to: 'order-service', perRequest: 0.12, critical: true },
    ],
  },
  {
    name: 'catalog-service',
    latencyMs: 9,
    calls: [{ to: 'mysql', perRequest: 3, critical: true }],
  },
  {
    name: 'order-service',
    latencyMs: 14,
    calls: [
      { to: 'payment-service', perRequest: 0.85, critical: true },
      { to: 'mysql', perRequest: 5, critical: true },
      { to: 'rabbitmq', perRequest: 0.85, critical: true },
    ],
  },
  {
    name: 'payment-service',
    latencyMs: 8,
    calls: [
      { to: 'payment-provider', perRequest: 1, critical: true },
      { to: 'mysql', perRequest: 2, critical: true },
    ],
  },
  { name: 'payment-provider', latencyMs: 240, calls: [] },
  { name: 'mysql', latencyMs: 0.9, calls: [] },
  { name: 'rabbitmq', latencyMs: 1.2, calls: [] },
];

/** Which client (RestClient bean) calls what, as Micrometer's `client_name` tag shows the host. */
const CLIENT_HOST: Record<string, string> = {
  'catalog-service': 'catalog-service.tixly.svc.cluster.local',
  'order-service': 'order-service.tixly.svc.cluster.local',
  'payment-service': 'payment-service.tixly.svc.cluster.local',
  'payment-provider': 'checkout-live.adyen.com',
};
/** The URI template a failing call is logged with. */
const CLIENT_URI: Record<string, string> = {
  'catalog-service': '/internal/events/{eventId}',
  'order-service': '/internal/orders',
  'payment-service': '/api/payments',
  'payment-provider': '/checkout/v71/payments',
};

export type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** What goes wrong in one case (everything optional; empty = a normal day). */
export interface TixFault {
  effects?: Effects;
  /** HTTP status a service answers its failed requests with (default 500) and the exception tag. */
  failure?: Partial<Record<TxApp, { status: string; exception: string }>>;
  /** Only these endpoints fail (URIs). */
  failingUris?: Partial<Record<TxApp, string[]>>;
  /** How a caller's client sees a failing dependency: Micrometer's status and exception tags. */
  clientFailure?: Partial<Record<string, { status: string; exception: string }>>;
  rollout?: Partial<Record<TxApp, { at: number; to: string }>>;
  restarts?: Partial<
    Record<
      TxApp | 'mysql' | 'rabbitmq',
      { at: number[]; reason: string; everyPod?: boolean; downSeconds?: number }
    >
  >;
  /** Heap (old generation) in use, bytes, per pod, replacing the normal level. */
  heapUsed?: Partial<Record<TxApp, Curve>>;
  /** Multiplies GC pause count and length. */
  gcPressure?: Partial<Record<TxApp, Curve>>;
  /** Connections of the pool held by something else (a job), per pod. */
  poolHeld?: Partial<Record<TxApp, Curve>>;
  extraCpu?: Partial<Record<TxApp, Curve>>;
  /** Circuit breaker open (1) per breaker name (`payment` in order-service, `psp` in payment-service). */
  breakerOpen?: Partial<Record<'payment' | 'psp', Curve>>;
  /** Share of the worker's consumption lost (1: consumers stuck). */
  consumerStuck?: Curve;
  /** Publishers blocked by the broker (memory or disk alarm). */
  publishBlocked?: Curve;
  rabbitDiskFree?: Curve;
  /** Another queue of the broker, with its ready messages and publish rate. */
  extraQueue?: { queue: string; ready: Curve; published: Curve };
  mysqlMemory?: Curve;
  /** Extra log lines. */
  logs?: Array<{
    app: TxApp | 'mysql' | 'rabbitmq';
    perMinute: Curve;
    line: (t: number, rng: Rng, pod: string) => string;
  }>;
  logsAt?: Array<{
    app: TxApp | 'mysql' | 'rabbitmq';
    at: number;
    line: string;
    podIndex?: number;
  }>;
}

/** Spring Boot 3's default console line (Logback). */
export function springLine(
  t: number,
  level: Level,
  app: string,
  thread: string,
  logger: string,
  msg: string,
): string {
  const ts = new Date(Math.floor(t * 1000)).toISOString();
  return `${ts} ${level.padStart(5)} 1 --- [${app}] [${thread.slice(-15).padStart(15)}] ${abbreviate(logger).padEnd(40)} : ${msg}`;
}

/** Logback's `%logger{39}`-style abbreviation of a class name. */
function abbreviate(logger: string): string {
  if (logger.length <= 39) return logger;
  const parts = logger.split('.');
  const cls = parts.pop()!;
  return [...parts.map((p) => p[0]), cls].join('.');
}

/** The MySQL 8 error-log line. */
export function mysqlLine(
  t: number,
  thread: number,
  prio: 'System' | 'Warning' | 'ERROR' | 'Note',
  code: string,
  msg: string,
): string {
  const iso = new Date(Math.floor(t * 1000)).toISOString().replace('Z', '');
  return `${iso}000Z ${thread} [${prio}] [${code}] [Server] ${msg}`;
}

/** RabbitMQ 3.13's log line. */
export function rabbitLine(t: number, level: string, pid: string, msg: string): string {
  const d = new Date(Math.floor(t * 1000)).toISOString().replace('T', ' ').replace('Z', '');
  return `${d}000+00:00 [${level}] <${pid}> ${msg}`;
}

export const txStream = (app: string, pod: string, container = app) => ({
  namespace: TX_NS,
  app,
  pod,
  container,
  job: `${TX_NS}/${app}`,
});

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30];

export function txPodIp(b: TelemetryBuilder, key: string): string {
  const r = b.rng(`ip:${key}`);
  return `10.52.${r.int(0, 5)}.${r.int(2, 250)}`;
}

function buildPods(b: TelemetryBuilder, fault: TixFault): Record<string, KubePod[]> {
  const pods: Record<string, KubePod[]> = {};
  TX_APPS.forEach((app, ai) => {
    const def = TX_DEFS[app];
    const rollout = fault.rollout?.[app];
    const image = (v: string) => `europe-west1-docker.pkg.dev/tixly-prod/services/${app}:${v}`;
    const list: KubePod[] = [];
    for (let i = 0; i < def.replicas; i++) {
      const name = podName(b, app, 'Deployment', i, 0);
      list.push({
        workload: app,
        kind: 'Deployment',
        name,
        ip: txPodIp(b, name),
        node: TX_NODES[(ai + i) % 3]!.name,
        container: app,
        image: image(def.version),
        from: null,
        until: rollout ? rollout.at + 45 * i + 40 : null,
      });
      if (rollout) {
        const fresh = podName(b, app, 'Deployment', i, 1);
        list.push({
          workload: app,
          kind: 'Deployment',
          name: fresh,
          ip: txPodIp(b, fresh),
          node: TX_NODES[(ai + i + 1) % 3]!.name,
          container: app,
          image: image(rollout.to),
          from: rollout.at + 45 * i,
          until: null,
        });
      }
    }
    pods[app] = list;
  });
  for (const [w, node, image, container] of [
    ['mysql', 0, 'docker.io/library/mysql:8.0.40', 'mysql'],
    ['rabbitmq', 2, 'docker.io/library/rabbitmq:3.13.7-management', 'rabbitmq'],
  ] as const)
    pods[w] = [
      {
        workload: w,
        kind: 'StatefulSet',
        name: `${w}-0`,
        ip: txPodIp(b, `${w}-0`),
        node: TX_NODES[node]!.name,
        container,
        image,
        from: null,
        until: null,
      },
    ];
  return pods;
}

function restartsOf(fault: TixFault, w: string, pods: KubePod[], p: KubePod): number[] {
  const r = fault.restarts?.[w as TxApp];
  if (!r) return [];
  const current = pods.filter((x) => x.until === null);
  if (!current.includes(p)) return [];
  return r.everyPod ? r.at : r.at.filter((_x, i) => current[i % current.length] === p);
}

/** Emits the whole Tixly system's telemetry for one case. */
export function emitTixly(b: TelemetryBuilder, fault: TixFault = {}): void {
  const pods = buildPods(b, fault);
  const down = (w: string) => fault.restarts?.[w as TxApp]?.downSeconds ?? 50;
  const serving = (w: string, t: number) =>
    pods[w]!.filter(
      (p) =>
        alive(p, t) &&
        !restartsOf(fault, w, pods[w]!, p).some((r) => t >= r && t < r + down(w)) &&
        !(p.from !== null && t < p.from + 35),
    );
  const unreachable: Record<string, Curve> = { ...(fault.effects?.unreachable ?? {}) };
  for (const w of [...TX_APPS, 'mysql', 'rabbitmq']) {
    if (!fault.restarts?.[w as TxApp]) continue;
    const given = unreachable[w];
    const want = pods[w]!.filter((p) => p.until === null).length;
    unreachable[w] = (t) => Math.max(given?.(t) ?? 0, 1 - serving(w, t).length / want);
  }
  if (fault.publishBlocked) {
    const given = fault.effects?.errorsCalling?.['order-service']?.rabbitmq;
    const blocked = fault.publishBlocked;
    fault.effects = {
      ...(fault.effects ?? {}),
      errorsCalling: {
        ...(fault.effects?.errorsCalling ?? {}),
        'order-service': {
          ...(fault.effects?.errorsCalling?.['order-service'] ?? {}),
          rabbitmq: (t) => Math.max(given?.(t) ?? 0, blocked(t)),
        },
      },
    };
  }
  const effects: Effects = { ...(fault.effects ?? {}), unreachable };
  const cache = new Map<number, Record<string, ServiceState>>();
  const frame = (t: number) => {
    let f = cache.get(t);
    if (!f) {
      f = flowAt(TX_SPECS, effects, t, b.daily(t));
      cache.set(t, f);
    }
    return f;
  };
  // The queue: order-service publishes `order.created` per successful publish; the worker consumes.
  const published = (t: number) => {
    const o = frame(t)['order-service']!;
    return o.calls.rabbitmq!.rate * (1 - o.calls.rabbitmq!.errorRatio) * (1 - o.errorRatio * 0.5);
  };
  const capacity = (t: number) =>
    serving('fulfilment-worker', t).length * 10 * (1 - (fault.consumerStuck?.(t) ?? 0));
  const backlog = new Map<number, number>();
  let depth = 3;
  for (const t of b.times) {
    const consumed = Math.min(capacity(t), published(t) + depth / b.timeline.step);
    depth = Math.max(0, depth + (published(t) - consumed) * b.timeline.step);
    backlog.set(t, depth);
  }
  const consumedAt = (t: number) =>
    Math.min(capacity(t), published(t) + (backlog.get(t) ?? 0) / b.timeline.step);

  for (const app of TX_APPS) emitApp(b, app, fault, pods, frame, serving, consumedAt);
  emitMysql(b, fault, pods, frame);
  emitRabbit(b, fault, pods, published, consumedAt, backlog, serving);

  const workloads: KubeWorkload[] = TX_APPS.map((app) => {
    const def = TX_DEFS[app];
    return {
      name: app,
      namespace: TX_NS,
      kind: 'Deployment',
      cpuLimit: def.cpuLimit,
      cpuRequest: def.cpuLimit / 2,
      memLimitBytes: def.memLimit,
      cpu: (_p, t) => {
        const n = Math.max(1, serving(app, t).length);
        const rate = app === 'fulfilment-worker' ? consumedAt(t) : frame(t)[app]!.rate;
        const gc = fault.gcPressure?.[app]?.(t) ?? 1;
        return (
          0.05 + (rate / n) * def.cpuPerRps + (gc - 1) * 0.12 + (fault.extraCpu?.[app]?.(t) ?? 0)
        );
      },
      memory: (_p, t) => (fault.heapUsed?.[app]?.(t) ?? def.heapUsed) + 380 * MiB,
      restarts: (p) => restartsOf(fault, app, pods[app]!, p),
      ...(fault.restarts?.[app] ? { restartReason: fault.restarts[app]!.reason } : {}),
      restartDownSeconds: down(app),
      ...(fault.rollout?.[app] ? { rollouts: [fault.rollout[app]!.at] } : {}),
    };
  });
  workloads.push({
    name: 'mysql',
    namespace: TX_NS,
    kind: 'StatefulSet',
    cpuLimit: 4,
    cpuRequest: 2,
    memLimitBytes: 6 * GiB,
    cpu: (_p, t) => 0.3 + frame(t).mysql!.rate * 0.004,
    memory: (_p, t) => fault.mysqlMemory?.(t) ?? 4.6 * GiB,
    restarts: (p) => restartsOf(fault, 'mysql', pods.mysql!, p),
    ...(fault.restarts?.mysql ? { restartReason: fault.restarts.mysql.reason } : {}),
    restartDownSeconds: down('mysql'),
  });
  workloads.push({
    name: 'rabbitmq',
    namespace: TX_NS,
    kind: 'StatefulSet',
    cpuLimit: 2,
    cpuRequest: 0.5,
    memLimitBytes: 2 * GiB,
    cpu: (_p, t) => 0.08 + published(t) * 0.002,
    memory: (_p, t) => 420 * MiB + (backlog.get(t) ?? 0) * 900,
  });
  for (const w of workloads) emitWorkload(b, w, pods[w.name]!);
  emitNodes(b, TX_NODES, {
    busy: (node, t) => {
      let cores = 0.5;
      for (const w of workloads)
        for (const p of pods[w.name]!)
          if (p.node === node.name && alive(p, t)) cores += Math.min(w.cpuLimit ?? 99, w.cpu(p, t));
      return cores;
    },
  });
  emitVolume(b, {
    namespace: TX_NS,
    pvc: 'data-mysql-0',
    node: TX_NODES[0]!.name,
    capacity: 200 * GiB,
    used: (t) => 88 * GiB + (t - b.timeline.start) * 3_000,
  });
  emitVolume(b, {
    namespace: TX_NS,
    pvc: 'data-rabbitmq-0',
    node: TX_NODES[2]!.name,
    capacity: 20 * GiB,
    used: (t) => 20 * GiB - (fault.rabbitDiskFree?.(t) ?? 14.2 * GiB),
  });
}

/** What each endpoint calls: a service's HTTP endpoint (with its URI) or a datastore / the PSP. */
const ENDPOINT_CALLS: Record<
  string,
  Record<string, Array<{ to: string; uri?: string; method?: string }>>
> = {
  'storefront-api': {
    '/api/events': [{ to: 'catalog-service', uri: '/internal/events', method: 'GET' }],
    '/api/events/{eventId}': [
      { to: 'catalog-service', uri: '/internal/events/{eventId}', method: 'GET' },
    ],
    '/api/events/{eventId}/seatmap': [
      { to: 'catalog-service', uri: '/internal/events/{eventId}/seatmap', method: 'GET' },
    ],
    '/api/checkout': [{ to: 'order-service', uri: '/internal/orders', method: 'POST' }],
  },
  'catalog-service': {
    '/internal/events': [{ to: 'mysql' }],
    '/internal/events/{eventId}': [{ to: 'mysql' }],
    '/internal/events/{eventId}/seatmap': [{ to: 'mysql' }],
  },
  'order-service': {
    '/internal/orders': [
      { to: 'payment-service', uri: '/api/payments', method: 'POST' },
      { to: 'mysql' },
      { to: 'rabbitmq' },
    ],
    '/internal/orders/{orderId}': [{ to: 'mysql' }],
  },
  'payment-service': {
    '/api/payments': [
      { to: 'payment-provider', uri: '/checkout/v71/payments', method: 'POST' },
      { to: 'mysql' },
    ],
  },
};

/** Share of one endpoint's requests that fail: its own failures (on `failingUris` when given) and its dependencies'. */
function endpointError(
  fault: TixFault,
  app: string,
  uri: string,
  states: Record<string, ServiceState>,
): number {
  const s = states[app]!;
  const def = TX_DEFS[app as TxApp];
  if (!def) return s.errorRatio; // a datastore or the PSP
  const failing = fault.failingUris?.[app as TxApp];
  let own = s.ownErrorRatio;
  if (failing) {
    const w = def.endpoints.filter((x) => failing.includes(x.uri)).reduce((n, x) => n + x.share, 0);
    own = failing.includes(uri) ? Math.min(1, s.ownErrorRatio / w) : 0;
  }
  let ok = 1 - own;
  for (const call of ENDPOINT_CALLS[app]?.[uri] ?? [])
    ok *= 1 - edgeError(fault, app, call, states);
  return Math.min(1, 1 - ok);
}

/** How `app` sees one call: the callee's failures on that endpoint plus the edge's own (unreachable, TLS, blocked). */
function edgeError(
  fault: TixFault,
  app: string,
  call: { to: string; uri?: string },
  states: Record<string, ServiceState>,
): number {
  const edge = states[app]!.calls[call.to]!.errorRatio;
  const extra = Math.max(0, edge - states[call.to]!.errorRatio);
  return Math.min(
    1,
    extra +
      (call.uri && TX_DEFS[call.to as TxApp]
        ? endpointError(fault, call.to, call.uri, states)
        : states[call.to]!.errorRatio),
  );
}

function emitApp(
  b: TelemetryBuilder,
  app: TxApp,
  fault: TixFault,
  pods: Record<string, KubePod[]>,
  frame: (t: number) => Record<string, ServiceState>,
  serving: (w: string, t: number) => KubePod[],
  consumedAt: (t: number) => number,
): void {
  const def = TX_DEFS[app];
  const list = pods[app]!;
  const failure = fault.failure?.[app] ?? { status: '500', exception: 'RuntimeException' };
  const spec = TX_SPECS.find((s) => s.name === app);
  for (const p of list) {
    const resets = restartsOf(fault, app, list, p);
    const present = (t: number) => alive(p, t);
    const share = (t: number) =>
      serving(app, t).includes(p) ? 1 / Math.max(1, serving(app, t).length) : 0;
    const base = {
      job: `${TX_NS}/${app}`,
      namespace: TX_NS,
      pod: p.name,
      container: app,
      instance: `${p.ip}:8081`,
      application: app,
    };
    const state = (t: number) => frame(t)[app];
    const podRate = (t: number) => (present(t) ? (state(t)?.rate ?? 0) * share(t) : null);
    const heap = (t: number) =>
      fault.heapUsed?.[app]?.(t) ?? def.heapUsed * (1 + 0.05 * Math.sin(t / 900));
    const gc = (t: number) => fault.gcPressure?.[app]?.(t) ?? 1;

    // Inbound HTTP (not the worker).
    if (spec) {
      for (const e of def.endpoints) {
        const errOf = (t: number) => endpointError(fault, app, e.uri, frame(t));
        const rate = (t: number) => {
          const r = podRate(t);
          return r === null ? null : r * e.share;
        };
        const l = { ...base, method: e.method, uri: e.uri };
        const ok = {
          ...l,
          status: e.method === 'POST' ? '201' : '200',
          outcome: 'SUCCESS',
          exception: 'none',
          error: 'none',
        };
        const okRate = (t: number) => {
          const r = rate(t);
          return r === null ? null : r * (1 - errOf(t)) * 0.985;
        };
        // The histogram writes _bucket, _sum and _count (percentiles-histogram on).
        b.gauge('http_server_requests_seconds_max', ok, (t) =>
          present(t) ? (state(t)!.latencyMs * 6) / 1000 : null,
        );
        b.histogram('http_server_requests_seconds', ok, okRate, (t) => state(t)!.latencyMs / 1000, {
          buckets: HTTP_BUCKETS,
          sigma: 0.6,
          resetsAt: resets,
        });
        const client4xx = {
          ...l,
          status: e.method === 'POST' ? '400' : '404',
          outcome: 'CLIENT_ERROR',
          exception: 'none',
          error: 'none',
        };
        b.counter(
          'http_server_requests_seconds_count',
          client4xx,
          (t) => {
            const r = rate(t);
            return r === null ? null : r * 0.015;
          },
          { resetsAt: resets },
        );
        if (b.times.some((t) => errOf(t) > 0.002)) {
          const bad = {
            ...l,
            status: failure.status,
            outcome: failure.status.startsWith('5') ? 'SERVER_ERROR' : 'CLIENT_ERROR',
            exception: failure.exception,
            error: failure.exception,
          };
          const badRate = (t: number) => {
            const r = rate(t);
            return r === null ? null : r * errOf(t);
          };
          b.counter('http_server_requests_seconds_count', bad, badRate, { resetsAt: resets });
          b.counter(
            'http_server_requests_seconds_sum',
            bad,
            (t) => {
              const r = badRate(t);
              return r === null ? null : (r * state(t)!.latencyMs) / 1000;
            },
            { integer: false, resetsAt: resets },
          );
        }
      }
      // Outbound HTTP clients (RestClient), one series set per URI template called.
      for (const e of def.endpoints)
        for (const call of ENDPOINT_CALLS[app]?.[e.uri] ?? []) {
          if (!call.uri) continue;
          const cf = fault.clientFailure?.[call.to] ?? {
            status: fault.failure?.[call.to as TxApp]?.status ?? '500',
            exception: 'none',
          };
          const l = {
            ...base,
            client_name: CLIENT_HOST[call.to]!,
            method: call.method!,
            uri: call.uri,
          };
          const err = (t: number) => edgeError(fault, app, call, frame(t));
          const latency = (t: number) => state(t)!.calls[call.to]!.latencyMs;
          const rate = (t: number) => {
            const r = podRate(t);
            return r === null ? null : r * e.share;
          };
          const okl = {
            ...l,
            status: call.method === 'POST' ? '201' : '200',
            outcome: 'SUCCESS',
            exception: 'none',
            error: 'none',
          };
          b.counter(
            'http_client_requests_seconds_count',
            okl,
            (t) => {
              const r = rate(t);
              return r === null ? null : r * (1 - err(t));
            },
            { resetsAt: resets },
          );
          b.counter(
            'http_client_requests_seconds_sum',
            okl,
            (t) => {
              const r = rate(t);
              return r === null ? null : (r * (1 - err(t)) * latency(t)) / 1000;
            },
            { integer: false, resetsAt: resets },
          );
          b.gauge('http_client_requests_seconds_max', okl, (t) =>
            present(t) ? (latency(t) * 5) / 1000 : null,
          );
          if (b.times.some((t) => err(t) > 0.002)) {
            const badl = {
              ...l,
              status: cf.status,
              outcome:
                cf.status === 'CLIENT_ERROR'
                  ? 'UNKNOWN'
                  : cf.status.startsWith('5')
                    ? 'SERVER_ERROR'
                    : 'CLIENT_ERROR',
              exception: cf.exception,
              error: cf.exception,
            };
            b.counter(
              'http_client_requests_seconds_count',
              badl,
              (t) => {
                const r = rate(t);
                return r === null ? null : r * err(t);
              },
              { resetsAt: resets },
            );
            b.counter(
              'http_client_requests_seconds_sum',
              badl,
              (t) => {
                const r = rate(t);
                return r === null ? null : (r * err(t) * latency(t)) / 1000;
              },
              { integer: false, resetsAt: resets },
            );
          }
        }
      // Tomcat's request threads: busy ~ concurrency (Little's law), capped at max.
      b.gauge(
        'tomcat_threads_busy_threads',
        { ...base, name: 'http-nio-8080' },
        (t) => {
          const r = podRate(t);
          return r === null ? null : Math.min(200, 1 + (r * state(t)!.latencyMs) / 1000);
        },
        { integer: true, noise: { jitter: 0.1 } },
      );
      b.gauge(
        'tomcat_threads_current_threads',
        { ...base, name: 'http-nio-8080' },
        (t) => (present(t) ? 25 : null),
        { noise: false },
      );
      b.gauge(
        'tomcat_threads_config_max_threads',
        { ...base, name: 'http-nio-8080' },
        (t) => (present(t) ? 200 : null),
        { noise: false },
      );
    }

    // HikariCP.
    if (def.pool !== null) {
      const max = def.pool;
      const pool = { ...base, pool: 'HikariPool-1' };
      const dbRate = (t: number) => {
        if (app === 'fulfilment-worker')
          return (consumedAt(t) / Math.max(1, serving(app, t).length)) * 2;
        const r = podRate(t) ?? 0;
        const calls = spec?.calls.find((c) => c.to === 'mysql')?.perRequest ?? 0;
        return r * calls;
      };
      const dbMs = (t: number) => frame(t).mysql!.latencyMs + 1.5;
      const demand = (t: number) =>
        (dbRate(t) * dbMs(t) * 3) / 1000 + (fault.poolHeld?.[app]?.(t) ?? 0);
      const active = (t: number) => Math.min(max, 0.3 + demand(t));
      // Requests queue for a connection while every one is taken; each waits up to connectionTimeout (30 s).
      const pending = (t: number) =>
        demand(t) >= max - 0.05
          ? (app === 'fulfilment-worker' ? dbRate(t) / 2 : (podRate(t) ?? 0)) *
            25 *
            Math.min(1, demand(t) - max + 1)
          : 0;
      const on = (t: number, v: number) => (present(t) ? v : null);
      b.gauge('hikaricp_connections', pool, (t) => on(t, max), { noise: false });
      b.gauge('hikaricp_connections_max', pool, (t) => on(t, max), { noise: false });
      b.gauge('hikaricp_connections_min', pool, (t) => on(t, max), { noise: false });
      b.gauge('hikaricp_connections_active', pool, (t) => on(t, active(t)), {
        integer: true,
        noise: { jitter: 0.08 },
      });
      b.gauge('hikaricp_connections_idle', pool, (t) => on(t, Math.max(0, max - active(t))), {
        integer: true,
        noise: { jitter: 0.05 },
      });
      b.gauge('hikaricp_connections_pending', pool, (t) => on(t, pending(t)), {
        integer: true,
        noise: { jitter: 0.1 },
      });
      b.counter(
        'hikaricp_connections_timeout_total',
        pool,
        (t) => on(t, pending(t) > 0.5 ? dbRate(t) * 0.1 + pending(t) / 30 : 0),
        {
          resetsAt: resets,
          noise: false,
          initial: 0,
        },
      );
      b.counter('hikaricp_connections_acquire_seconds_count', pool, (t) => on(t, dbRate(t)), {
        resetsAt: resets,
      });
      b.counter(
        'hikaricp_connections_acquire_seconds_sum',
        pool,
        (t) => on(t, dbRate(t) * (pending(t) > 0.5 ? 8 : 0.00004)),
        {
          integer: false,
          resetsAt: resets,
        },
      );
      b.gauge('hikaricp_connections_acquire_seconds_max', pool, (t) =>
        on(t, pending(t) > 0.5 ? 30 : 0.0009),
      );
      b.counter('hikaricp_connections_usage_seconds_count', pool, (t) => on(t, dbRate(t)), {
        resetsAt: resets,
      });
      b.counter(
        'hikaricp_connections_usage_seconds_sum',
        pool,
        (t) => on(t, (dbRate(t) * dbMs(t) * 3) / 1000),
        {
          integer: false,
          resetsAt: resets,
        },
      );
    }

    // JVM, process, logback.
    const on = (t: number, v: number) => (present(t) ? v : null);
    for (const [id, share] of [
      ['G1 Old Gen', 0.72],
      ['G1 Eden Space', 0.25],
      ['G1 Survivor Space', 0.03],
    ] as const) {
      const l = { ...base, area: 'heap', id };
      b.gauge(
        'jvm_memory_used_bytes',
        l,
        (t) => on(t, id === 'G1 Old Gen' ? heap(t) * share : def.heapUsed * share),
        {
          noise: { jitter: id === 'G1 Eden Space' ? 0.3 : 0.01 },
        },
      );
      b.gauge('jvm_memory_max_bytes', l, (t) => on(t, id === 'G1 Old Gen' ? def.heapMax : -1), {
        noise: false,
      });
      b.gauge(
        'jvm_memory_committed_bytes',
        l,
        (t) =>
          on(
            t,
            id === 'G1 Old Gen'
              ? Math.min(def.heapMax, heap(t) * 0.9 + 64 * MiB)
              : def.heapUsed * share * 1.3,
          ),
        {
          noise: false,
        },
      );
    }
    b.gauge(
      'jvm_memory_used_bytes',
      { ...base, area: 'nonheap', id: 'Metaspace' },
      (t) => on(t, 118 * MiB),
      { noise: { jitter: 0.002 } },
    );
    b.gauge(
      'jvm_memory_max_bytes',
      { ...base, area: 'nonheap', id: 'Metaspace' },
      (t) => on(t, -1),
      { noise: false },
    );
    const rps = (t: number) =>
      app === 'fulfilment-worker'
        ? consumedAt(t) / Math.max(1, serving(app, t).length)
        : (podRate(t) ?? 0);
    const young = {
      ...base,
      action: 'end of minor GC',
      cause: 'G1 Evacuation Pause',
      gc: 'G1 Young Generation',
    };
    b.counter('jvm_gc_pause_seconds_count', young, (t) => on(t, (0.08 + rps(t) * 0.01) * gc(t)), {
      resetsAt: resets,
    });
    b.counter(
      'jvm_gc_pause_seconds_sum',
      young,
      (t) => on(t, (0.08 + rps(t) * 0.01) * gc(t) * 0.006 * Math.sqrt(gc(t))),
      {
        integer: false,
        resetsAt: resets,
      },
    );
    b.gauge('jvm_gc_pause_seconds_max', young, (t) => on(t, 0.012 * gc(t)));
    if (fault.gcPressure?.[app]) {
      const full = {
        ...base,
        action: 'end of major GC',
        cause: 'G1 Compaction Pause',
        gc: 'G1 Old Generation',
      };
      const fullRate = (t: number) => Math.max(0, gc(t) - 1.5) * 0.02;
      b.counter('jvm_gc_pause_seconds_count', full, (t) => on(t, fullRate(t)), {
        resetsAt: resets,
        initial: 0,
        noise: false,
      });
      b.counter('jvm_gc_pause_seconds_sum', full, (t) => on(t, fullRate(t) * 1.8), {
        integer: false,
        resetsAt: resets,
        initial: 0,
        noise: false,
      });
      b.gauge('jvm_gc_pause_seconds_max', full, (t) => on(t, fullRate(t) > 0 ? 1.9 : 0), {
        noise: false,
      });
    }
    b.gauge('jvm_gc_overhead', base, (t) => on(t, Math.min(0.95, 0.004 * gc(t) ** 2)));
    b.gauge('jvm_threads_live_threads', base, (t) => on(t, 48 + rps(t) * 0.5), { integer: true });
    b.gauge('process_cpu_usage', base, (t) => {
      if (!present(t)) return null;
      const want =
        0.05 + rps(t) * def.cpuPerRps + (gc(t) - 1) * 0.12 + (fault.extraCpu?.[app]?.(t) ?? 0);
      return Math.min(1, Math.min(def.cpuLimit, want) / 8);
    });
    b.gauge('system_cpu_usage', base, (t) => on(t, 0.3), { noise: { jitter: 0.1 } });
    b.gauge('system_cpu_count', base, (t) => on(t, 8), { noise: false });
    const started = (t: number) => {
      const last = resets.filter((r) => r <= t).at(-1);
      return last ?? p.from ?? b.timeline.start - 86_400 * 2 - b.rng(`st:${p.name}`).int(0, 40_000);
    };
    b.gauge('process_start_time_seconds', base, (t) => on(t, started(t)), { noise: false });
    b.gauge('process_uptime_seconds', base, (t) => on(t, t - started(t)), { noise: false });
    b.gauge(
      'application_ready_time_seconds',
      { ...base, main_application_class: `${def.pkg}.${def.mainClass}` },
      (t) => on(t, 9.8),
      {
        noise: { jitter: 0.05 },
      },
    );
    b.gauge('process_files_open_files', base, (t) => on(t, 95), { integer: true });
    for (const [level, perSec] of [
      ['info', 0.3],
      ['warn', 0.01],
      ['error', 0.002],
    ] as const)
      b.counter(
        'logback_events_total',
        { ...base, level },
        (t) => {
          if (!present(t)) return null;
          if (level === 'error' && spec)
            return perSec + (podRate(t) ?? 0) * (state(t)?.errorRatio ?? 0);
          return perSec;
        },
        { resetsAt: resets },
      );
    // resilience4j circuit breakers.
    const breaker =
      app === 'order-service'
        ? { name: 'payment', to: 'payment-service' }
        : app === 'payment-service'
          ? { name: 'psp', to: 'payment-provider' }
          : null;
    if (breaker) {
      const open = (t: number) => fault.breakerOpen?.[breaker.name as 'payment' | 'psp']?.(t) ?? 0;
      const edge = (t: number) => state(t)!.calls[breaker.to]!;
      for (const st of [
        'closed',
        'open',
        'half_open',
        'disabled',
        'forced_open',
        'metrics_only',
      ] as const)
        b.gauge(
          'resilience4j_circuitbreaker_state',
          { ...base, name: breaker.name, state: st },
          (t) => {
            if (!present(t)) return null;
            const o = open(t) >= 0.5;
            return st === 'closed' ? (o ? 0 : 1) : st === 'open' ? (o ? 1 : 0) : 0;
          },
          { noise: false },
        );
      b.gauge(
        'resilience4j_circuitbreaker_failure_rate',
        { ...base, name: breaker.name },
        (t) => on(t, edge(t).errorRatio > 0.01 ? edge(t).errorRatio * 100 : -1),
        {
          noise: false,
        },
      );
      const r = (t: number) =>
        (podRate(t) ?? 0) * (spec!.calls.find((c) => c.to === breaker.to)?.perRequest ?? 1);
      b.counter(
        'resilience4j_circuitbreaker_calls_seconds_count',
        { ...base, name: breaker.name, kind: 'successful' },
        (t) => on(t, r(t) * (1 - edge(t).errorRatio)),
        {
          resetsAt: resets,
        },
      );
      b.counter(
        'resilience4j_circuitbreaker_calls_seconds_count',
        { ...base, name: breaker.name, kind: 'failed' },
        (t) => on(t, r(t) * edge(t).errorRatio * (1 - open(t))),
        {
          resetsAt: resets,
        },
      );
      b.counter(
        'resilience4j_circuitbreaker_not_permitted_calls_total',
        { ...base, name: breaker.name, kind: 'not_permitted' },
        (t) => on(t, r(t) * edge(t).errorRatio * open(t)),
        {
          resetsAt: resets,
          initial: 0,
        },
      );
    }
    if (app === 'order-service') {
      const pub = (t: number) => (podRate(t) ?? 0) * 0.85;
      const edge = (t: number) => state(t)!.calls.rabbitmq!;
      b.counter(
        'rabbitmq_published_total',
        { ...base, name: 'rabbit' },
        (t) => on(t, pub(t) * (1 - edge(t).errorRatio)),
        { resetsAt: resets },
      );
      b.counter(
        'rabbitmq_failed_to_publish_total',
        { ...base, name: 'rabbit' },
        (t) => on(t, pub(t) * edge(t).errorRatio),
        {
          resetsAt: resets,
          initial: 0,
        },
      );
      b.gauge('rabbitmq_connections', { ...base, name: 'rabbit' }, (t) => on(t, 1), {
        noise: false,
      });
    }
    if (app === 'fulfilment-worker') {
      const mine = (t: number) =>
        serving(app, t).includes(p) ? consumedAt(t) / Math.max(1, serving(app, t).length) : 0;
      const l = {
        ...base,
        listener_id: 'orderCreatedListener',
        queue: 'order.created',
        result: 'success',
        exception: 'none',
      };
      b.counter('spring_rabbitmq_listener_seconds_count', l, (t) => on(t, mine(t)), {
        resetsAt: resets,
      });
      b.counter('spring_rabbitmq_listener_seconds_sum', l, (t) => on(t, mine(t) * 0.42), {
        integer: false,
        resetsAt: resets,
      });
      b.gauge('spring_rabbitmq_listener_seconds_max', l, (t) => on(t, mine(t) > 0 ? 1.1 : 0));
      b.counter('rabbitmq_consumed_total', { ...base, name: 'rabbit' }, (t) => on(t, mine(t)), {
        resetsAt: resets,
      });
      b.counter('rabbitmq_acknowledged_total', { ...base, name: 'rabbit' }, (t) => on(t, mine(t)), {
        resetsAt: resets,
      });
    }
  }
  emitAppLogs(b, app, fault, list, frame, serving, consumedAt);
}

const THREADS = (rng: Rng) => `http-nio-8080-exec-${rng.int(1, 40)}`;

function emitAppLogs(
  b: TelemetryBuilder,
  app: TxApp,
  fault: TixFault,
  list: KubePod[],
  frame: (t: number) => Record<string, ServiceState>,
  serving: (w: string, t: number) => KubePod[],
  consumedAt: (t: number) => number,
): void {
  const def = TX_DEFS[app];
  const rollout = fault.rollout?.[app];
  for (const p of list) {
    const stream = txStream(app, p.name);
    const version = rollout && p.from !== null ? rollout.to : def.version;
    const starts = [
      ...(p.from !== null ? [p.from + 2] : []),
      ...restartsOf(fault, app, list, p).map((r) => r + 3),
    ];
    b.logsAt(
      stream,
      starts.flatMap((at) => [
        {
          at,
          line: springLine(
            at,
            'INFO',
            app,
            'main',
            `${def.pkg}.${def.mainClass}`,
            `Starting ${def.mainClass} v${version} using Java 21.0.5 with PID 1 (/app/${app}.jar started by spring in /app)`,
          ),
        },
        {
          at: at + 0.1,
          line: springLine(
            at + 0.1,
            'INFO',
            app,
            'main',
            `${def.pkg}.${def.mainClass}`,
            'The following 1 profile is active: "prod"',
          ),
        },
        ...(def.pool !== null
          ? [
              {
                at: at + 4,
                line: springLine(
                  at + 4,
                  'INFO',
                  app,
                  'main',
                  'com.zaxxer.hikari.HikariDataSource',
                  'HikariPool-1 - Starting...',
                ),
              },
              {
                at: at + 4.3,
                line: springLine(
                  at + 4.3,
                  'INFO',
                  app,
                  'main',
                  'com.zaxxer.hikari.pool.HikariPool',
                  'HikariPool-1 - Added connection com.mysql.cj.jdbc.ConnectionImpl@3b0ee03a',
                ),
              },
            ]
          : []),
        {
          at: at + 8,
          line: springLine(
            at + 8,
            'INFO',
            app,
            'main',
            'o.s.b.w.embedded.tomcat.TomcatWebServer',
            "Tomcat started on port 8080 (http) with context path '/'",
          ),
        },
        {
          at: at + 9.8,
          line: springLine(
            at + 9.8,
            'INFO',
            app,
            'main',
            `${def.pkg}.${def.mainClass}`,
            `Started ${def.mainClass} in 9.8 seconds (process running for 10.6)`,
          ),
        },
      ]),
    );
    // Routine lines.
    b.logs(
      stream,
      (t) => (alive(p, t) ? 2 : 0),
      (t, rng) => {
        if (app === 'fulfilment-worker')
          return consumedAt(t) > 0
            ? springLine(
                t,
                'INFO',
                app,
                `org.springframework.amqp.rabbit.RabbitListenerEndpointContainer#0-${rng.int(1, 5)}`,
                `${def.pkg}.TicketIssuer`,
                `Issued ${rng.int(1, 6)} tickets for order ord_${rng.hex(12)}`,
              )
            : null;
        if (app === 'order-service')
          return springLine(
            t,
            'INFO',
            app,
            THREADS(rng),
            `${def.pkg}.checkout.CheckoutService`,
            `Order ord_${rng.hex(12)} confirmed (${rng.int(1, 6)} tickets)`,
          );
        if (app === 'payment-service')
          return springLine(
            t,
            'INFO',
            app,
            THREADS(rng),
            `${def.pkg}.psp.AdyenClient`,
            `Payment authorised pspReference=${rng.hex(16).toUpperCase()}`,
          );
        if (app === 'catalog-service')
          return springLine(
            t,
            'INFO',
            app,
            'scheduling-1',
            `${def.pkg}.availability.AvailabilityRefresher`,
            `Refreshed availability for event evt_${rng.hex(10)} (${rng.int(200, 60_000)} seats)`,
          );
        return springLine(
          t,
          'INFO',
          app,
          THREADS(rng),
          `${def.pkg}.session.CartSessionService`,
          `Cart ${rng.hex(16)} created`,
        );
      },
    );
    // Failed requests, the way each service's exception handler logs them.
    if (app !== 'fulfilment-worker')
      b.logs(
        stream,
        (t) => {
          if (!alive(p, t) || !serving(app, t).includes(p)) return 0;
          const s = frame(t)[app]!;
          return (s.rate * 60 * s.errorRatio) / Math.max(1, serving(app, t).length) / 3;
        },
        (t, rng) => {
          const s = frame(t)[app]!;
          const own = s.ownErrorRatio / Math.max(1e-9, s.errorRatio);
          if (rng.next() < own) return null; // the case's own lines say why
          const deps = Object.entries(s.calls).filter(([, e]) => e.errorRatio > 0.002);
          if (deps.length === 0) return null;
          const [d] = rng.pick(deps);
          const cf = fault.clientFailure?.[d];
          if (cf) return null; // written by the case, with its exception text
          if (d === 'mysql' || d === 'rabbitmq') return null;
          return springLine(
            t,
            'ERROR',
            app,
            THREADS(rng),
            'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
            `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.web.client.HttpServerErrorException$${d === 'payment-provider' ? 'BadGateway' : 'InternalServerError'}: ${fault.failure?.[d as TxApp]?.status ?? 500} on ${CLIENT_URI[d]} from ${CLIENT_HOST[d]}] with root cause`,
          );
        },
      );
  }
  for (const extra of fault.logs ?? []) {
    if (extra.app !== app) continue;
    for (const p of list)
      b.logs(
        txStream(app, p.name),
        (t) =>
          serving(app, t).includes(p)
            ? extra.perMinute(t) / Math.max(1, serving(app, t).length)
            : 0,
        (t, rng) => extra.line(t, rng, p.name),
      );
  }
  for (const one of fault.logsAt ?? []) {
    if (one.app !== app) continue;
    const current = list.filter((x) => x.until === null);
    b.logsAt(txStream(app, current[(one.podIndex ?? 0) % current.length]!.name), [
      { at: one.at, line: one.line },
    ]);
  }
}

function emitMysql(
  b: TelemetryBuilder,
  fault: TixFault,
  pods: Record<string, KubePod[]>,
  frame: (t: number) => Record<string, ServiceState>,
): void {
  const p = pods.mysql![0]!;
  const restarts = restartsOf(fault, 'mysql', pods.mysql!, p);
  const down = fault.restarts?.mysql?.downSeconds ?? 50;
  const crashed = (t: number) => restarts.some((r) => t >= r && t < r + down);
  const l = { job: 'mysql', namespace: TX_NS, pod: p.name, instance: `${p.ip}:9104` };
  b.gauge('mysql_up', l, (t) => (crashed(t) ? 0 : 1), { noise: false });
  const on = (t: number, v: number) => (crashed(t) ? null : v);
  const q = (t: number) => frame(t).mysql!.rate;
  b.gauge('mysql_global_variables_max_connections', l, (t) => on(t, 500), { noise: false });
  b.gauge('mysql_global_variables_innodb_buffer_pool_size', l, (t) => on(t, 3 * GiB), {
    noise: false,
  });
  b.gauge('mysql_global_status_threads_connected', l, (t) => on(t, 57), {
    integer: true,
    noise: { jitter: 0.03 },
  });
  b.gauge(
    'mysql_global_status_threads_running',
    l,
    (t) => on(t, 1 + (q(t) * frame(t).mysql!.latencyMs) / 1000),
    { integer: true, noise: { jitter: 0.2 } },
  );
  b.gauge('mysql_global_status_max_used_connections', l, (t) => on(t, 71), { noise: false });
  b.counter('mysql_global_status_queries', l, (t) => on(t, q(t) + 3), { resetsAt: restarts });
  b.counter('mysql_global_status_questions', l, (t) => on(t, q(t) + 2), { resetsAt: restarts });
  b.counter(
    'mysql_global_status_slow_queries',
    l,
    (t) => on(t, 0.001 + Math.max(0, frame(t).mysql!.latencyMs - 2) * 0.05),
    { resetsAt: restarts, initial: 40 },
  );
  for (const [command, share] of [
    ['select', 0.78],
    ['insert', 0.1],
    ['update', 0.1],
    ['delete', 0.02],
  ] as const)
    b.counter('mysql_global_status_commands_total', { ...l, command }, (t) => on(t, q(t) * share), {
      resetsAt: restarts,
    });
  b.counter('mysql_global_status_connections', l, (t) => on(t, 0.05), { resetsAt: restarts });
  b.counter('mysql_global_status_aborted_connects', l, (t) => on(t, 0.0005), {
    resetsAt: restarts,
    initial: 3,
  });
  b.gauge(
    'mysql_global_status_uptime',
    l,
    (t) => {
      const last = restarts.filter((r) => r <= t).at(-1);
      return on(t, last !== undefined ? t - last - down : t - b.timeline.start + 3_100_000);
    },
    { noise: false },
  );
  b.gauge('mysql_global_status_innodb_buffer_pool_bytes_data', l, (t) => on(t, 2.7 * GiB), {
    noise: { jitter: 0.003 },
  });
  const stream = txStream('mysql', p.name);
  b.logs(
    stream,
    () => 0.3,
    (t, rng) =>
      mysqlLine(
        t,
        rng.int(200, 99_999),
        'Warning',
        'MY-010055',
        `IP address '10.52.${rng.int(0, 5)}.${rng.int(2, 250)}' could not be resolved: Name or service not known`,
      ),
  );
  b.logsAt(
    stream,
    restarts.flatMap((r) => [
      {
        at: r + down - 20,
        line: mysqlLine(
          r + down - 20,
          0,
          'System',
          'MY-010116',
          '/usr/sbin/mysqld (mysqld 8.0.40) starting as process 1',
        ),
      },
      {
        at: r + down - 18,
        line: mysqlLine(
          r + down - 18,
          1,
          'System',
          'MY-013576',
          'InnoDB initialization has started.',
        ),
      },
      {
        at: r + down - 12,
        line: mysqlLine(
          r + down - 12,
          1,
          'Note',
          'MY-012551',
          'InnoDB: Database was not shutdown normally! Starting crash recovery.',
        ),
      },
      {
        at: r + down - 2,
        line: mysqlLine(
          r + down - 2,
          0,
          'System',
          'MY-010931',
          "/usr/sbin/mysqld: ready for connections. Version: '8.0.40'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
        ),
      },
    ]),
  );
  for (const extra of fault.logs ?? [])
    if (extra.app === 'mysql')
      b.logs(stream, extra.perMinute, (t, rng) => extra.line(t, rng, p.name));
  for (const one of fault.logsAt ?? [])
    if (one.app === 'mysql') b.logsAt(stream, [{ at: one.at, line: one.line }]);
}

function emitRabbit(
  b: TelemetryBuilder,
  fault: TixFault,
  pods: Record<string, KubePod[]>,
  published: (t: number) => number,
  consumedAt: (t: number) => number,
  backlog: Map<number, number>,
  serving: (w: string, t: number) => KubePod[],
): void {
  const p = pods.rabbitmq![0]!;
  const l = { job: 'rabbitmq', namespace: TX_NS, pod: p.name, instance: `${p.ip}:15692` };
  b.gauge(
    'rabbitmq_identity_info',
    {
      ...l,
      rabbitmq_node: 'rabbit@rabbitmq-0.rabbitmq-headless.tixly.svc.cluster.local',
      rabbitmq_cluster: 'tixly',
      rabbitmq_cluster_permanent_id: 'rabbitmq-cluster-id-7Qm2',
    },
    () => 1,
    { noise: false },
  );
  const free = (t: number) => fault.rabbitDiskFree?.(t) ?? 14.2 * GiB - (t - b.timeline.start) * 50;
  const limit = 2 * GiB;
  b.gauge('rabbitmq_disk_space_available_bytes', l, free, { noise: false });
  b.gauge('rabbitmq_disk_space_available_limit_bytes', l, () => limit, { noise: false });
  b.gauge('rabbitmq_alarms_free_disk_space_watermark', l, (t) => (free(t) < limit ? 1 : 0), {
    noise: false,
  });
  b.gauge('rabbitmq_alarms_memory_used_watermark', l, () => 0, { noise: false });
  b.gauge(
    'rabbitmq_process_resident_memory_bytes',
    l,
    (t) => 420 * MiB + (backlog.get(t) ?? 0) * 900,
    { noise: { jitter: 0.01 } },
  );
  b.gauge('rabbitmq_resident_memory_limit_bytes', l, () => 0.4 * 2 * GiB * 2, { noise: false });
  b.gauge('rabbitmq_connections', l, () => 9, { noise: false });
  b.gauge('rabbitmq_channels', l, () => 21, { noise: false });
  b.counter('rabbitmq_global_messages_received_total', l, (t) => published(t));
  b.counter('rabbitmq_global_messages_delivered_total', l, (t) => consumedAt(t));
  b.counter('rabbitmq_global_messages_acknowledged_total', l, (t) => consumedAt(t));
  const queues = [
    {
      queue: 'order.created',
      ready: (t: number) => backlog.get(t) ?? 0,
      consumers: (t: number) => serving('fulfilment-worker', t).length * 5,
      pub: published,
      del: consumedAt,
    },
    {
      queue: 'order.created.dlq',
      ready: () => 12,
      consumers: () => 0,
      pub: () => 0.0002,
      del: () => 0,
    },
    { queue: 'ticket.email', ready: () => 1, consumers: () => 4, pub: consumedAt, del: consumedAt },
    ...(fault.extraQueue
      ? [
          {
            queue: fault.extraQueue.queue,
            ready: fault.extraQueue.ready,
            consumers: () => 2,
            pub: fault.extraQueue.published,
            del: fault.extraQueue.published,
          },
        ]
      : []),
  ];
  for (const q of queues) {
    const ql = { ...l, vhost: '/', queue: q.queue };
    b.gauge('rabbitmq_queue_messages_ready', ql, q.ready, {
      integer: true,
      noise: q.queue === 'order.created' ? { jitter: 0.02 } : false,
    });
    b.gauge(
      'rabbitmq_queue_messages_unacked',
      ql,
      (t) => Math.min(q.consumers(t) * 2, q.del(t) * 0.5),
      { integer: true },
    );
    b.gauge(
      'rabbitmq_queue_messages',
      ql,
      (t) => q.ready(t) + Math.min(q.consumers(t) * 2, q.del(t) * 0.5),
      { integer: true, noise: false },
    );
    b.gauge('rabbitmq_queue_consumers', ql, q.consumers, { noise: false });
    b.counter('rabbitmq_queue_messages_published_total', ql, q.pub);
  }
  const stream = txStream('rabbitmq', p.name);
  b.logs(
    stream,
    () => 0.4,
    (t, rng) =>
      rng.next() < 0.5
        ? rabbitLine(
            t,
            'info',
            `0.${rng.int(1000, 9999)}.0`,
            `accepting AMQP connection 10.52.${rng.int(0, 5)}.${rng.int(2, 250)}:${rng.int(32768, 60999)} -> 10.52.2.40:5672`,
          )
        : rabbitLine(
            t,
            'info',
            `0.${rng.int(1000, 9999)}.0`,
            `closing AMQP connection <0.${rng.int(1000, 9999)}.0> (10.52.${rng.int(0, 5)}.${rng.int(2, 250)}:${rng.int(32768, 60999)} -> 10.52.2.40:5672, vhost: '/', user: 'tixly')`,
          ),
  );
  for (const extra of fault.logs ?? [])
    if (extra.app === 'rabbitmq')
      b.logs(stream, extra.perMinute, (t, rng) => extra.line(t, rng, p.name));
  for (const one of fault.logsAt ?? [])
    if (one.app === 'rabbitmq') b.logsAt(stream, [{ at: one.at, line: one.line }]);
}

/** The services the Tixly workspace declares. */
export const TX_SERVICES: EvalService[] = [
  {
    name: 'storefront-api',
    description: 'Public REST API (Spring Boot)',
    aliases: ['storefront', 'api'],
    labelMatchers: { prometheus: { application: 'storefront-api' } },
  },
  {
    name: 'catalog-service',
    description: 'Events, venues, seat maps (Spring Boot, MySQL)',
    aliases: ['catalog'],
    labelMatchers: { prometheus: { application: 'catalog-service' } },
  },
  {
    name: 'order-service',
    description: 'Checkout and orders (Spring Boot, MySQL, publishes order.created)',
    aliases: ['orders'],
    labelMatchers: {},
  },
  {
    name: 'payment-service',
    description: 'Payments through the PSP (Spring Boot, MySQL)',
    aliases: ['payments'],
    labelMatchers: {
      prometheus: { application: 'payment-service' },
      loki: { app: 'payment-service' },
    },
  },
  {
    name: 'fulfilment-worker',
    description: 'Consumes order.created, issues and e-mails tickets',
    aliases: ['fulfilment', 'fulfillment'],
    labelMatchers: {},
  },
  {
    name: 'mysql',
    description: 'MySQL 8 primary (mysql-0)',
    aliases: ['db', 'database'],
    labelMatchers: {},
  },
  {
    name: 'rabbitmq',
    description: 'RabbitMQ 3.13 (rabbitmq-0)',
    aliases: ['rabbit', 'broker'],
    labelMatchers: { prometheus: { job: 'rabbitmq' } },
  },
  {
    name: 'payment-provider',
    description: 'Adyen, the external payment provider (no telemetry of ours)',
    aliases: ['adyen', 'psp'],
    labelMatchers: {},
  },
];
