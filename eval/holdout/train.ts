import type { EvalService } from '../eval-case.js';
import { iso, spaced, type Labels, type TelemetryBuilder } from '../independent/builder.js';
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
  cadvisor,
  fromFirst,
  GIB,
  kubeState,
  makePod,
  MIB,
  nodeExporter,
  type Pod,
} from './kit.js';

/**
 * Train Ticket (FudanSELab) on Kubernetes, namespace `train-ticket`: the
 * Spring Boot services behind the nginx `ts-ui-dashboard`, a shared MySQL
 * (`tsdb-mysql`, StatefulSet), the order database on its own VM
 * (`ts-order-mysql` on `mysql-order-01`) and RabbitMQ (`ts-rabbitmq`).
 * Micrometer through actuator/prometheus scraped by ServiceMonitors
 * (`job` = service, `application` tag), mysqld_exporter, the RabbitMQ
 * prometheus plugin with per-object metrics, nginx-prometheus-exporter,
 * cert-manager, kube-state-metrics, cAdvisor, node-exporter on the workers
 * and the VM. Logs through promtail (`namespace`, `app`, `pod`,
 * `container`, `job`, `node_name`) in Spring Boot's default layout, stack
 * traces joined by promtail's multiline stage; nginx logs only non-2xx
 * requests (`map $status $loggable`); the VM ships MySQL's error log.
 */

export const NS = 'train-ticket';
const WORKERS = ['k8s-w1', 'k8s-w2', 'k8s-w3', 'k8s-w4'] as const;
const WORKER_IPS: Record<string, string> = {
  'k8s-w1': '172.16.4.11',
  'k8s-w2': '172.16.4.12',
  'k8s-w3': '172.16.4.13',
  'k8s-w4': '172.16.4.14',
};

/** The Spring Boot services: port, main class, CPU ms per request, replicas, whether they hold a Hikari pool. */
export const JAVA_SERVICES = {
  'ts-auth-service': {
    port: 12340,
    app: 'AuthApplication',
    pkg: 'auth',
    cpuMs: 18,
    replicas: 1,
    db: 'tsdb-mysql',
  },
  'ts-order-service': {
    port: 12031,
    app: 'OrderApplication',
    pkg: 'order',
    cpuMs: 3,
    replicas: 1,
    db: 'ts-order-mysql',
  },
  'ts-travel-service': {
    port: 12346,
    app: 'TravelApplication',
    pkg: 'travel',
    cpuMs: 4,
    replicas: 2,
    db: 'tsdb-mysql',
  },
  'ts-seat-service': {
    port: 18898,
    app: 'SeatApplication',
    pkg: 'seat',
    cpuMs: 2,
    replicas: 1,
    db: 'tsdb-mysql',
  },
  'ts-payment-service': {
    port: 19001,
    app: 'PaymentApplication',
    pkg: 'payment',
    cpuMs: 3,
    replicas: 1,
    db: 'tsdb-mysql',
  },
  'ts-route-service': {
    port: 11178,
    app: 'RouteApplication',
    pkg: 'route',
    cpuMs: 2,
    replicas: 1,
    db: 'tsdb-mysql',
  },
  'ts-station-service': {
    port: 12345,
    app: 'StationApplication',
    pkg: 'fdse.microservice',
    cpuMs: 1.5,
    replicas: 1,
    db: 'tsdb-mysql',
  },
  'ts-preserve-service': {
    port: 14568,
    app: 'PreserveApplication',
    pkg: 'preserve',
    cpuMs: 5,
    replicas: 1,
    db: null,
  },
  'ts-notification-service': {
    port: 17853,
    app: 'NotificationApplication',
    pkg: 'notification',
    cpuMs: 6,
    replicas: 1,
    db: null,
  },
} as const;
export type JavaService = keyof typeof JAVA_SERVICES;
const GATEWAY = 'ts-ui-dashboard';

const R = {
  login: '/api/v1/users/login',
  left: '/api/v1/travelservice/trips/left',
  preserve: '/api/v1/preserveservice/preserve',
  refresh: '/api/v1/orderservice/order/refresh',
  pay: '/api/v1/paymentservice/payment',
  stations: '/api/v1/stationservice/stations',
  idlist: '/api/v1/stationservice/stations/idlist',
  route: '/api/v1/routeservice/routes/{routeId}',
  leftTickets: '/api/v1/seatservice/seats/left_tickets',
  seats: '/api/v1/seatservice/seats',
  tickets: '/api/v1/orderservice/order/tickets',
  order: '/api/v1/orderservice/order',
  status: '/api/v1/orderservice/order/status/{orderId}/{status}',
} as const;

const call = (to: string, perRequest = 1, critical = true) => ({ to, perRequest, critical });

export const TRAIN_FLOW: ServiceSpec[] = [
  {
    name: `${GATEWAY}|${R.login}`,
    entryRate: 2.5,
    latencyMs: 0.3,
    calls: [call(`ts-auth-service|${R.login}`)],
  },
  {
    name: `${GATEWAY}|${R.left}`,
    entryRate: 16,
    latencyMs: 0.3,
    calls: [call(`ts-travel-service|${R.left}`)],
  },
  {
    name: `${GATEWAY}|${R.preserve}`,
    entryRate: 1.5,
    latencyMs: 0.3,
    calls: [call(`ts-preserve-service|${R.preserve}`)],
  },
  {
    name: `${GATEWAY}|${R.refresh}`,
    entryRate: 4,
    latencyMs: 0.3,
    calls: [call(`ts-order-service|${R.refresh}`)],
  },
  {
    name: `${GATEWAY}|${R.pay}`,
    entryRate: 1.2,
    latencyMs: 0.3,
    calls: [call(`ts-payment-service|${R.pay}`)],
  },
  {
    name: `${GATEWAY}|${R.stations}`,
    entryRate: 1,
    latencyMs: 0.3,
    calls: [call(`ts-station-service|${R.stations}`)],
  },
  { name: `ts-auth-service|${R.login}`, latencyMs: 60, calls: [call('tsdb-mysql|select')] },
  {
    name: `ts-travel-service|${R.left}`,
    latencyMs: 6,
    calls: [
      call(`ts-route-service|${R.route}`),
      call(`ts-seat-service|${R.leftTickets}`, 2),
      call(`ts-station-service|${R.idlist}`),
      call('tsdb-mysql|select'),
    ],
  },
  { name: `ts-route-service|${R.route}`, latencyMs: 2, calls: [call('tsdb-mysql|select')] },
  { name: `ts-station-service|${R.idlist}`, latencyMs: 2, calls: [call('tsdb-mysql|select')] },
  { name: `ts-station-service|${R.stations}`, latencyMs: 3, calls: [call('tsdb-mysql|select')] },
  {
    name: `ts-seat-service|${R.leftTickets}`,
    latencyMs: 3,
    calls: [call(`ts-order-service|${R.tickets}`), call('tsdb-mysql|select')],
  },
  { name: `ts-seat-service|${R.seats}`, latencyMs: 4, calls: [call('tsdb-mysql|select')] },
  { name: `ts-order-service|${R.tickets}`, latencyMs: 3, calls: [call('ts-order-mysql|select')] },
  {
    name: `ts-order-service|${R.refresh}`,
    latencyMs: 5,
    calls: [call('ts-order-mysql|select'), call(`ts-station-service|${R.idlist}`)],
  },
  { name: `ts-order-service|${R.order}`, latencyMs: 6, calls: [call('ts-order-mysql|insert')] },
  { name: `ts-order-service|${R.status}`, latencyMs: 4, calls: [call('ts-order-mysql|update')] },
  {
    name: `ts-preserve-service|${R.preserve}`,
    latencyMs: 10,
    calls: [call(`ts-seat-service|${R.seats}`), call(`ts-order-service|${R.order}`)],
  },
  {
    name: `ts-payment-service|${R.pay}`,
    latencyMs: 5,
    calls: [call('tsdb-mysql|insert'), call(`ts-order-service|${R.status}`)],
  },
  { name: 'tsdb-mysql|select', latencyMs: 1.2, calls: [] },
  { name: 'tsdb-mysql|insert', latencyMs: 2.5, calls: [] },
  { name: 'ts-order-mysql|select', latencyMs: 1.5, calls: [] },
  { name: 'ts-order-mysql|insert', latencyMs: 3, calls: [] },
  { name: 'ts-order-mysql|update', latencyMs: 2.5, calls: [] },
];

const serviceOf = (node: string) => node.split('|')[0]!;
const uriOf = (node: string) => node.split('|')[1]!;

export interface TrainLogRule {
  service: JavaService;
  level: 'INFO' | 'WARN' | 'ERROR';
  perMinute: Curve;
  logger: string;
  message: (rng: Rng, t: number) => string;
}

export interface TrainFault {
  effects?: Effects;
  /** Exception tag of a service's own 500s (default RuntimeException) and of relayed ones. */
  ownException?: Record<string, string>;
  relayException?: Record<string, string>;
  /** Share of requests a service never completes (stuck workers): callers time out, its own metrics never see them. */
  stalled?: Record<string, Curve>;
  /** HTTP status nginx answers for failed calls per route (default: the upstream's 500). */
  gatewayStatus?: Record<string, string>;
  /** Status tag callers' RestTemplate records for failed calls to a service (default 500). */
  clientStatus?: Record<string, string>;
  /** A rolling deploy of a new image version. */
  deploy?: { service: JavaService; at: number; version: string };
  /** A deployment scaled to zero at `at`. */
  scaledToZero?: { service: JavaService; at: number };
  /** Hikari pool saturation per service (0..1: share of time all connections are taken). */
  hikari?: Record<string, Curve>;
  /** Tomcat workers blocked (0..1 of max threads). */
  blockedWorkers?: Record<string, Curve>;
  /** The order database VM's data volume fills: free bytes over time. */
  orderDbDiskFree?: Curve;
  /** TLS certificate of a service expires at `at` (cert-manager renewal failed). */
  certExpires?: { service: JavaService; at: number };
  logs?: TrainLogRule[];
  /** nginx error-log lines. */
  nginxErrors?: Array<{ perMinute: Curve; message: (rng: Rng, t: number) => string }>;
}

/** Spring Boot 2's default console layout. */
export function springLine(
  t: number,
  level: string,
  port: number,
  thread: string,
  logger: string,
  msg: string,
): string {
  const abbreviated =
    logger.length > 39
      ? logger
          .split('.')
          .map((p, i, all) => (i < all.length - 1 ? p[0] : p))
          .join('.')
      : logger;
  return `${spaced(t)} ${level.padStart(5)} 1 --- [${thread.slice(-15).padStart(15)}] ${abbreviated.padEnd(40)} : ${msg}`;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function generateTrain(b: TelemetryBuilder, F: number, fault: TrainFault = {}): void {
  const { start, end } = b.timeline;
  const effects: Effects = { ...fault.effects };
  // A scaled-to-zero service is unreachable; stalled requests fail at the caller.
  const cache = new Map<number, Record<string, ServiceState>>();
  const flow = (t: number) => {
    let s = cache.get(t);
    if (!s) {
      s = flowAt(TRAIN_FLOW, effects, t, b.daily(t));
      cache.set(t, s);
    }
    return s;
  };
  const firstTime = b.times[0] ?? start;
  const podStart = firstTime - 6 * 86_400 - 3600 * 30 * b.rng('uptime').next();

  // Pods.
  const pods: Record<string, Pod[]> = {};
  for (const [name, spec] of Object.entries(JAVA_SERVICES) as Array<
    [JavaService, (typeof JAVA_SERVICES)[JavaService]]
  >) {
    const list: Pod[] = [];
    const deploy = fault.deploy?.service === name ? fault.deploy : null;
    const zero = fault.scaledToZero?.service === name ? fault.scaledToZero.at : null;
    for (let r = 0; r < spec.replicas; r++) {
      list.push(
        makePod({
          seed: b.seed,
          key: `${name}-${r}`,
          service: name,
          container: name,
          image: `codewisdom/${name}:1.0.1`,
          nodes: WORKERS,
          podCidr: `10.244.${10 + r}`,
          from: podStart,
          to: deploy ? deploy.at + 50 + r * 45 : zero,
        }),
      );
      if (deploy)
        list.push(
          makePod({
            seed: b.seed,
            key: `${name}-new-${r}`,
            service: name,
            container: name,
            image: `codewisdom/${name}:${deploy.version}`,
            nodes: WORKERS,
            podCidr: `10.244.${20 + r}`,
            from: deploy.at + r * 45,
          }),
        );
    }
    pods[name] = list;
  }
  // A Spring Boot pod takes ~40 s to start serving.
  const serving = (pod: Pod, t: number) =>
    alive(pod, t) && t >= pod.from + (pod.from > start ? 42 : 0);
  const share = (service: string, pod: Pod, t: number) => {
    const n = pods[service]!.filter((p) => serving(p, t)).length;
    return serving(pod, t) && n > 0 ? 1 / n : 0;
  };

  // ---- Micrometer per Java pod.
  for (const [service, spec] of Object.entries(JAVA_SERVICES) as Array<
    [JavaService, (typeof JAVA_SERVICES)[JavaService]]
  >) {
    const nodes = TRAIN_FLOW.filter((s) => serviceOf(s.name) === service);
    const stalled = fault.stalled?.[service] ?? (() => 0);
    const consumerRate = (t: number) =>
      service === 'ts-notification-service'
        ? flow(t)[`ts-preserve-service|${R.preserve}`]!.rate *
          (1 - flow(t)[`ts-preserve-service|${R.preserve}`]!.errorRatio)
        : 0;
    const reqRate = (t: number) =>
      nodes.reduce((s, n) => s + flow(t)[n.name]!.rate, 0) * (1 - stalled(t)) + consumerRate(t);
    const blocked = fault.blockedWorkers?.[service] ?? (() => 0);
    const hikari = fault.hikari?.[service] ?? (() => 0);
    for (const pod of pods[service]!) {
      const base: Labels = {
        job: service,
        namespace: NS,
        service,
        endpoint: 'http',
        pod: pod.pod,
        instance: `${pod.ip}:${spec.port}`,
        application: service,
      };
      const on = (f: (t: number) => number | null) => (t: number) =>
        serving(pod, t) ? f(t) : null;
      const sh = (t: number) => share(service, pod, t);
      for (const node of nodes) {
        const uri = uriOf(node.name);
        const method = [R.login, R.preserve, R.pay, R.order, R.refresh, R.idlist].includes(
          uri as never,
        )
          ? 'POST'
          : uri === R.status
            ? 'GET'
            : 'GET';
        const st = (t: number) => flow(t)[node.name]!;
        const served = (t: number) => st(t).rate * sh(t) * (1 - stalled(t));
        const errShare = (t: number) =>
          Math.max(0, st(t).errorRatio - stalled(t)) / Math.max(1e-9, 1 - stalled(t));
        const ownShare = (t: number) =>
          Math.min(
            errShare(t),
            Math.max(0, st(t).ownErrorRatio - stalled(t)) / Math.max(1e-9, 1 - stalled(t)),
          );
        const okLabels = {
          ...base,
          uri,
          method,
          status: '200',
          outcome: 'SUCCESS',
          exception: 'None',
        };
        const okRate = (t: number) => served(t) * (1 - errShare(t));
        // The histogram writes _bucket, _sum and _count of the successful requests.
        b.histogram(
          'http_server_requests_seconds',
          { ...okLabels },
          on(okRate),
          (t) => st(t).latencyMs / 1000,
          { buckets: HTTP_BUCKETS, sigma: 0.5 },
        );
        b.gauge(
          'http_server_requests_seconds_max',
          okLabels,
          on((t) => (st(t).latencyMs / 1000) * 4),
          { noise: { jitter: 0.3 } },
        );
        const own = fault.ownException?.[service] ?? 'RuntimeException';
        const relay = fault.relayException?.[service] ?? 'InternalServerError';
        const errLabels = (exception: string) => ({
          ...base,
          uri,
          method,
          status: '500',
          outcome: 'SERVER_ERROR',
          exception,
        });
        const ownRate = (t: number) => served(t) * ownShare(t);
        const relayRate = (t: number) => served(t) * Math.max(0, errShare(t) - ownShare(t));
        b.counter('http_server_requests_seconds_count', errLabels(own), on(fromFirst(ownRate)), {
          initial: 0,
        });
        b.counter(
          'http_server_requests_seconds_sum',
          errLabels(own),
          on(fromFirst((t) => ownRate(t) * 0.02)),
          { initial: 0, integer: false },
        );
        b.counter(
          'http_server_requests_seconds_count',
          errLabels(relay),
          on(fromFirst(relayRate)),
          { initial: 0 },
        );
        b.counter(
          'http_server_requests_seconds_sum',
          errLabels(relay),
          on(fromFirst((t) => relayRate(t) * (st(t).latencyMs / 1000))),
          { initial: 0, integer: false },
        );
        // Baseline 4xx: expired JWTs, bad input.
        const bad = {
          ...base,
          uri,
          method,
          status: uri === R.login ? '401' : '403',
          outcome: 'CLIENT_ERROR',
          exception: 'None',
        };
        b.counter(
          'http_server_requests_seconds_count',
          bad,
          on((t) => served(t) * 0.012),
        );
        b.counter(
          'http_server_requests_seconds_sum',
          bad,
          on((t) => served(t) * 0.012 * 0.004),
          { integer: false },
        );
        // RestTemplate client metrics for calls to other Java services.
        for (const c of node.calls.filter((c) => serviceOf(c.to) in JAVA_SERVICES)) {
          const edge = (t: number) => st(t).calls[c.to]!;
          const client = { ...base, clientName: serviceOf(c.to), uri: uriOf(c.to), method: 'GET' };
          const rate = (t: number) => edge(t).rate * sh(t) * (1 - stalled(t));
          b.counter(
            'http_client_requests_seconds_count',
            { ...client, status: '200', outcome: 'SUCCESS' },
            on((t) => rate(t) * (1 - edge(t).errorRatio)),
          );
          b.counter(
            'http_client_requests_seconds_sum',
            { ...client, status: '200', outcome: 'SUCCESS' },
            on((t) => rate(t) * (1 - edge(t).errorRatio) * (edge(t).latencyMs / 1000)),
            { integer: false },
          );
          const failStatus = fault.clientStatus?.[serviceOf(c.to)] ?? '500';
          const failLabels = {
            ...client,
            status: failStatus,
            outcome: failStatus === 'IO_ERROR' ? 'UNKNOWN' : 'SERVER_ERROR',
          };
          b.counter(
            'http_client_requests_seconds_count',
            failLabels,
            on(fromFirst((t) => rate(t) * edge(t).errorRatio)),
            { initial: 0 },
          );
          b.counter(
            'http_client_requests_seconds_sum',
            failLabels,
            on(fromFirst((t) => rate(t) * edge(t).errorRatio * (edge(t).latencyMs / 1000))),
            { initial: 0, integer: false },
          );
        }
      }
      // JVM (-Xmx200m, G1), process, Tomcat, executor, logback, Hikari.
      const demand = (t: number) => 0.02 + reqRate(t) * sh(t) * spec.cpuMs * 1e-3;
      const heapUsed = (t: number) =>
        (70 + 60 * (((t - pod.from) % 240) / 240) + reqRate(t) * sh(t) * 1.5) * MIB;
      b.gauge(
        'jvm_memory_used_bytes',
        { ...base, area: 'heap', id: 'G1 Eden Space' },
        on((t) => heapUsed(t) * 0.45),
        { integer: true, noise: { jitter: 0.2 } },
      );
      b.gauge(
        'jvm_memory_used_bytes',
        { ...base, area: 'heap', id: 'G1 Old Gen' },
        on((t) => heapUsed(t) * 0.52),
        { integer: true, noise: { jitter: 0.02 } },
      );
      b.gauge(
        'jvm_memory_used_bytes',
        { ...base, area: 'heap', id: 'G1 Survivor Space' },
        on(() => 3 * MIB),
        { integer: true, noise: { jitter: 0.3 } },
      );
      b.gauge(
        'jvm_memory_used_bytes',
        { ...base, area: 'nonheap', id: 'Metaspace' },
        on(() => 96 * MIB),
        { integer: true, noise: { jitter: 0.003 } },
      );
      b.gauge(
        'jvm_memory_used_bytes',
        { ...base, area: 'nonheap', id: "CodeHeap 'non-profiled nmethods'" },
        on(() => 21 * MIB),
        { integer: true, noise: { jitter: 0.01 } },
      );
      b.gauge(
        'jvm_memory_max_bytes',
        { ...base, area: 'heap', id: 'G1 Old Gen' },
        on(() => 200 * MIB),
        { noise: false },
      );
      b.gauge(
        'jvm_memory_max_bytes',
        { ...base, area: 'heap', id: 'G1 Eden Space' },
        on(() => -1),
        { noise: false },
      );
      const gcRate = (t: number) => 0.02 + reqRate(t) * sh(t) * 0.003;
      const gcLabels = {
        ...base,
        action: 'end of minor GC',
        cause: 'G1 Evacuation Pause',
        gc: 'G1 Young Generation',
      };
      b.counter('jvm_gc_pause_seconds_count', gcLabels, on(gcRate));
      b.counter(
        'jvm_gc_pause_seconds_sum',
        gcLabels,
        on((t) => gcRate(t) * 0.006),
        { integer: false },
      );
      b.gauge(
        'jvm_gc_pause_seconds_max',
        gcLabels,
        on(() => 0.011),
        { noise: { jitter: 0.4 } },
      );
      const maxThreads = 200;
      const busy = (t: number) =>
        Math.min(maxThreads, 1 + reqRate(t) * sh(t) * 0.05 + blocked(t) * maxThreads);
      const tomcat = { ...base, name: `http-nio-${spec.port}` };
      b.gauge('tomcat_threads_busy_threads', tomcat, on(busy), {
        integer: true,
        noise: { jitter: 0.05, spikeChance: 0 },
      });
      b.gauge(
        'tomcat_threads_current_threads',
        tomcat,
        on((t) => Math.max(10, busy(t) + 3)),
        { integer: true, noise: false },
      );
      b.gauge(
        'tomcat_threads_config_max_threads',
        tomcat,
        on(() => maxThreads),
        { noise: false },
      );
      const states: Record<string, (t: number) => number> = {
        runnable: () => 14,
        waiting: (t) => 18 + Math.max(10, busy(t) + 3) - busy(t),
        'timed-waiting': () => 11,
        blocked: (t) => 0.2 + blocked(t) * maxThreads,
        new: () => 0,
        terminated: () => 0,
      };
      for (const [state, f] of Object.entries(states))
        b.gauge('jvm_threads_states_threads', { ...base, state }, on(f), {
          integer: true,
          noise: { jitter: 0.05, spikeChance: 0 },
        });
      b.gauge(
        'jvm_threads_live_threads',
        base,
        on((t) => 45 + Math.max(10, busy(t) + 3)),
        { integer: true, noise: { jitter: 0.02 } },
      );
      b.gauge(
        'process_cpu_usage',
        base,
        on((t) => Math.min(1, demand(t))),
        { noise: { jitter: 0.15 } },
      );
      b.gauge(
        'system_cpu_usage',
        base,
        on((t) => 0.22 * b.daily(t)),
        { noise: { jitter: 0.1 } },
      );
      b.gauge(
        'process_start_time_seconds',
        base,
        on(() => pod.from),
        { noise: false },
      );
      b.gauge(
        'process_uptime_seconds',
        base,
        on((t) => t - pod.from),
        { noise: false },
      );
      b.gauge(
        'process_files_open_files',
        base,
        on(() => 62),
        { integer: true, noise: { jitter: 0.04 } },
      );
      const exec = { ...base, name: 'applicationTaskExecutor' };
      b.gauge(
        'executor_active_threads',
        exec,
        on(() => 0.3),
        { integer: true, noise: { jitter: 0.8 } },
      );
      b.gauge(
        'executor_pool_size_threads',
        exec,
        on(() => 8),
        { noise: false },
      );
      b.gauge(
        'executor_pool_max_threads',
        exec,
        on(() => 2_147_483_647),
        { noise: false },
      );
      b.gauge(
        'executor_queued_tasks',
        exec,
        on(() => 0),
        { noise: false },
      );
      b.counter(
        'executor_completed_tasks_total',
        exec,
        on(() => 0.05),
      );
      if (spec.db) {
        const pool = { ...base, pool: 'HikariPool-1' };
        const active = (t: number) =>
          Math.min(10, 0.3 + reqRate(t) * sh(t) * 0.004 + hikari(t) * 10);
        b.gauge('hikaricp_connections_active', pool, on(active), {
          integer: true,
          noise: { jitter: 0.3, spikeChance: 0 },
        });
        b.gauge(
          'hikaricp_connections_idle',
          pool,
          on((t) => 10 - active(t)),
          { integer: true, noise: false },
        );
        b.gauge(
          'hikaricp_connections',
          pool,
          on(() => 10),
          { noise: false },
        );
        b.gauge(
          'hikaricp_connections_max',
          pool,
          on(() => 10),
          { noise: false },
        );
        b.gauge(
          'hikaricp_connections_min',
          pool,
          on(() => 10),
          { noise: false },
        );
        b.gauge(
          'hikaricp_connections_pending',
          pool,
          on((t) => (hikari(t) > 0.9 ? 4 + 30 * hikari(t) : 0)),
          { integer: true, noise: { jitter: 0.2, spikeChance: 0 } },
        );
        b.counter(
          'hikaricp_connections_timeout_total',
          pool,
          on(fromFirst((t) => (hikari(t) > 0.9 ? reqRate(t) * sh(t) * 0.5 : 0))),
          { initial: 0 },
        );
        b.counter(
          'hikaricp_connections_acquire_seconds_count',
          pool,
          on((t) => reqRate(t) * sh(t)),
        );
        b.counter(
          'hikaricp_connections_acquire_seconds_sum',
          pool,
          on((t) => reqRate(t) * sh(t) * (0.00004 + hikari(t) * 25)),
          { integer: false },
        );
        b.counter(
          'hikaricp_connections_usage_seconds_count',
          pool,
          on((t) => reqRate(t) * sh(t)),
        );
        b.counter(
          'hikaricp_connections_usage_seconds_sum',
          pool,
          on((t) => reqRate(t) * sh(t) * 0.003),
          { integer: false },
        );
      }
      const logRate = (level: string) => (t: number) =>
        (level === 'info' ? 2 + reqRate(t) * sh(t) * 0.1 : level === 'warn' ? 0.02 : 0) +
        (fault.logs ?? [])
          .filter((r) => r.service === service && r.level.toLowerCase() === level)
          .reduce((s, r) => s + r.perMinute(t) / 60, 0) *
          sh(t);
      for (const level of ['info', 'warn', 'error', 'debug', 'trace'])
        b.counter(
          'logback_events_total',
          { ...base, level },
          on(logRate(level)),
          level === 'error' ? { initial: 0 } : {},
        );
      cadvisor(b, pod, {
        namespace: NS,
        demandCores: (t) => (serving(pod, t) ? demand(t) : 0.9),
        limitCores: 1,
        memoryBytes: (t) => 330 * MIB + heapUsed(t) * 0.3,
        memoryLimitBytes: 1 * GIB,
        networkBytes: (t) => 4000 + reqRate(t) * sh(t) * 3000,
      });
    }
    kubeState(b, {
      namespace: NS,
      deployment: service,
      pods: pods[service]!,
      replicas: (t) =>
        fault.scaledToZero?.service === service && t >= fault.scaledToZero.at ? 0 : spec.replicas,
      generationBumps: [
        ...(fault.deploy?.service === service ? [fault.deploy.at] : []),
        ...(fault.scaledToZero?.service === service ? [fault.scaledToZero.at] : []),
      ],
    });
  }

  // ---- ts-ui-dashboard: nginx with nginx-prometheus-exporter; access log of non-2xx only.
  const gatewayNodes = TRAIN_FLOW.filter((s) => serviceOf(s.name) === GATEWAY);
  const gwPod = makePod({
    seed: b.seed,
    key: GATEWAY,
    service: GATEWAY,
    container: GATEWAY,
    image: 'codewisdom/ts-ui-dashboard:1.0.1',
    nodes: WORKERS,
    podCidr: '10.244.30',
    from: podStart,
  });
  const totalRate = (t: number) => gatewayNodes.reduce((s, n) => s + flow(t)[n.name]!.rate, 0);
  const gw = {
    job: GATEWAY,
    namespace: NS,
    service: GATEWAY,
    pod: gwPod.pod,
    instance: `${gwPod.ip}:9113`,
  };
  b.gauge('nginx_up', gw, () => 1, { noise: false });
  b.counter('nginx_http_requests_total', gw, totalRate);
  b.counter('nginx_connections_accepted_total', gw, (t) => totalRate(t) * 0.2);
  b.counter('nginx_connections_handled_total', gw, (t) => totalRate(t) * 0.2);
  b.gauge(
    'nginx_connections_active',
    gw,
    (t) =>
      12 +
      gatewayNodes.reduce(
        (s, n) => s + (flow(t)[n.name]!.rate * flow(t)[n.name]!.latencyMs) / 1000,
        0,
      ),
    { integer: true },
  );
  b.gauge('nginx_connections_waiting', gw, () => 9, { integer: true, noise: { jitter: 0.2 } });
  cadvisor(b, gwPod, {
    namespace: NS,
    demandCores: (t) => 0.01 + totalRate(t) * 0.0002,
    limitCores: 0.5,
    memoryBytes: () => 24 * MIB,
    memoryLimitBytes: 256 * MIB,
    networkBytes: (t) => totalRate(t) * 9000,
  });
  kubeState(b, { namespace: NS, deployment: GATEWAY, pods: [gwPod], replicas: () => 1 });
  const promtail = (pod: Pod): Labels => ({
    namespace: NS,
    app: pod.service,
    pod: pod.pod,
    container: pod.container,
    job: `${NS}/${pod.service}`,
    node_name: pod.node,
  });
  const clf = (t: number) => {
    const d = new Date(Math.floor(t * 1000));
    const mon = d.toUTCString().slice(8, 11);
    return `${String(d.getUTCDate()).padStart(2, '0')}/${mon}/${d.getUTCFullYear()}:${iso(t).slice(11, 19)} +0000`;
  };
  for (const node of gatewayNodes) {
    const uri = uriOf(node.name);
    const st = (t: number) => flow(t)[node.name]!;
    const errStatus = fault.gatewayStatus?.[uri] ?? '500';
    const method = uri === R.stations || uri === R.left ? 'GET' : 'POST';
    b.logs(
      promtail(gwPod),
      (t) => st(t).rate * 60 * (st(t).errorRatio + 0.008),
      (t, rng) => {
        const failed = rng.next() < st(t).errorRatio / (st(t).errorRatio + 0.008);
        const status = failed ? errStatus : uri === R.login ? '401' : '403';
        const rt = failed ? st(t).latencyMs / 1000 : 0.004;
        return `10.244.30.1 - - [${clf(t)}] "${method} ${uri.replace('{routeId}', rng.hex(8))}${method === 'GET' ? `?date=2026-12-${String(rng.int(8, 28)).padStart(2, '0')}` : ''} HTTP/1.1" ${status} ${failed ? 157 : 64} "http://ts.example.org/client_ticket_book.html" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Safari/537.36" rt=${rt.toFixed(3)} uct=${failed && errStatus === '502' ? '-' : '0.001'} urt=${rt.toFixed(3)}`;
      },
    );
  }
  for (const rule of fault.nginxErrors ?? [])
    b.logs(
      promtail(gwPod),
      rule.perMinute,
      (t, rng) =>
        `${iso(t).slice(0, 10).replace(/-/g, '/')} ${iso(t).slice(11, 19)} [error] 31#31: *${rng.int(100000, 999999)} ${rule.message(rng, t)}`,
    );

  // ---- Spring Boot logs.
  const steady: TrainLogRule[] = [
    {
      service: 'ts-travel-service',
      level: 'INFO',
      perMinute: (t) => 12 * b.daily(t),
      logger: 'travel.service.TravelServiceImpl',
      message: (r) => `[queryByBatch][Query travel info][Trips: ${r.int(3, 14)}]`,
    },
    {
      service: 'ts-order-service',
      level: 'INFO',
      perMinute: (t) => 6 * b.daily(t),
      logger: 'order.service.OrderServiceImpl',
      message: (r) =>
        `[queryOrdersForRefresh][Query Orders][LoginId: ${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}]`,
    },
    {
      service: 'ts-auth-service',
      level: 'INFO',
      perMinute: (t) => 3 * b.daily(t),
      logger: 'auth.service.impl.TokenServiceImpl',
      message: (r) => `[getToken][Login success][USERNAME: fdse_${r.int(100, 999)}]`,
    },
    {
      service: 'ts-auth-service',
      level: 'WARN',
      perMinute: () => 0.3,
      logger: 'auth.service.impl.TokenServiceImpl',
      message: (r) =>
        `[getToken][Incorrect username or password][USERNAME: fdse_${r.int(100, 999)}]`,
    },
    {
      service: 'ts-seat-service',
      level: 'INFO',
      perMinute: (t) => 5 * b.daily(t),
      logger: 'seat.service.SeatServiceImpl',
      message: (r) =>
        `[getLeftTicketOfInterval][Left ticket][TrainNumber: ${r.pick(['G', 'D', 'Z', 'K'])}${r.int(1000, 1999)}, SeatType: ${r.int(2, 3)}, Number: ${r.int(0, 1100)}]`,
    },
    {
      service: 'ts-preserve-service',
      level: 'INFO',
      perMinute: (t) => 3 * b.daily(t),
      logger: 'preserve.service.PreserveServiceImpl',
      message: (r) => `[preserve][Step 6][Send notification][Order Id: ${r.hex(8)}-${r.hex(4)}]`,
    },
    {
      service: 'ts-payment-service',
      level: 'INFO',
      perMinute: (t) => 2 * b.daily(t),
      logger: 'com.trainticket.service.PaymentServiceImpl',
      message: (r) => `[pay][Pay][PaymentId: ${r.hex(8)}-${r.hex(4)}, Price: ${r.int(50, 400)}.0]`,
    },
    {
      service: 'ts-route-service',
      level: 'INFO',
      perMinute: () => 1,
      logger: 'route.service.RouteServiceImpl',
      message: (r) => `[getRouteById][Get route by id][RouteId: ${r.hex(8)}-${r.hex(4)}]`,
    },
    {
      service: 'ts-station-service',
      level: 'INFO',
      perMinute: () => 1,
      logger: 'fdse.microservice.service.StationServiceImpl',
      message: () => '[queryForIdBatch][Find station ids][ids: 3]',
    },
    {
      service: 'ts-notification-service',
      level: 'INFO',
      perMinute: (t) => 2.5 * b.daily(t),
      logger: 'notification.mq.RabbitReceive',
      message: (r) => `[process][Receive email object][Email: fdse_${r.int(100, 999)}@163.com]`,
    },
  ];
  for (const rule of [...steady, ...(fault.logs ?? [])]) {
    const spec = JAVA_SERVICES[rule.service];
    for (const pod of pods[rule.service]!)
      b.logs(
        promtail(pod),
        (t) => rule.perMinute(t) * share(rule.service, pod, t),
        (t, rng) =>
          springLine(
            t,
            rule.level,
            spec.port,
            `http-nio-${spec.port}-exec-${rng.int(1, 10)}`,
            rule.logger,
            rule.message(rng, t),
          ),
      );
  }
  // Start-up banners of every pod that starts inside the window.
  for (const [service, spec] of Object.entries(JAVA_SERVICES) as Array<
    [JavaService, (typeof JAVA_SERVICES)[JavaService]]
  >) {
    for (const pod of pods[service]!) {
      if (pod.from < start || pod.from > end) continue;
      const version = pod.image.split(':')[1];
      const at = pod.from + 3;
      const lines: Array<[number, string, string, string, string]> = [
        [
          0,
          'INFO',
          'main',
          `${spec.pkg}.${spec.app}`,
          `Starting ${spec.app} v${version} using Java 1.8.0_362 on ${pod.pod} with PID 1 (/app/${service}-${version}.jar started by root in /app)`,
        ],
        [
          1,
          'INFO',
          'main',
          `${spec.pkg}.${spec.app}`,
          'No active profile set, falling back to 1 default profile: "default"',
        ],
        [
          14,
          'INFO',
          'main',
          'o.s.b.w.embedded.tomcat.TomcatWebServer',
          `Tomcat initialized with port(s): ${spec.port} (http)`,
        ],
        ...(spec.db
          ? [
              [
                22,
                'INFO',
                'main',
                'com.zaxxer.hikari.HikariDataSource',
                'HikariPool-1 - Start completed.',
              ] as [number, string, string, string, string],
            ]
          : []),
        [
          37,
          'INFO',
          'main',
          'o.s.b.w.embedded.tomcat.TomcatWebServer',
          `Tomcat started on port(s): ${spec.port} (http) with context path ''`,
        ],
        [
          38,
          'INFO',
          'main',
          `${spec.pkg}.${spec.app}`,
          `Started ${spec.app} in 38.412 seconds (JVM running for 41.9)`,
        ],
      ];
      b.logsAt(
        promtail(pod),
        lines.map(([dt, level, thread, logger, msg]) => ({
          at: at + dt,
          line: springLine(at + dt, level, spec.port, thread, logger, msg),
        })),
      );
    }
  }

  // ---- Datastores.
  const dbOps = (name: string) => (t: number) =>
    TRAIN_FLOW.filter((s) => serviceOf(s.name) === name).reduce(
      (sum, s) => sum + flow(t)[s.name]!.rate,
      0,
    );
  const tsdbPod = makePod({
    seed: b.seed,
    key: 'tsdb-mysql',
    service: 'tsdb-mysql',
    deployment: 'tsdb-mysql',
    container: 'mysql',
    image: 'mysql:5.7.44',
    nodes: WORKERS,
    podCidr: '10.244.40',
    from: podStart,
  });
  tsdbPod.pod = 'tsdb-mysql-0';
  const clients = (db: string) =>
    Object.entries(JAVA_SERVICES)
      .filter(([, s]) => s.db === db)
      .reduce((n, [name]) => n + pods[name]!.length * 10, 0);
  const mysql = (labels: Labels, db: string, opts: { connected: Curve }) => {
    const ops = dbOps(db);
    b.gauge('mysql_up', labels, () => 1, { noise: false });
    b.gauge('mysql_global_status_threads_connected', labels, opts.connected, {
      integer: true,
      noise: { jitter: 0.02, spikeChance: 0 },
    });
    b.gauge('mysql_global_status_threads_running', labels, (t) => 2 + ops(t) * 0.01, {
      integer: true,
      noise: { jitter: 0.3 },
    });
    b.gauge('mysql_global_variables_max_connections', labels, () => 151, { noise: false });
    b.counter('mysql_global_status_queries', labels, (t) => ops(t) * 1.3 + 3);
    b.counter('mysql_global_status_slow_queries', labels, () => 0.002);
    b.counter('mysql_global_status_aborted_clients', labels, () => 0.001);
    b.gauge('mysql_global_status_uptime', labels, (t) => t - podStart, { noise: false });
  };
  mysql(
    {
      job: 'tsdb-mysql-exporter',
      namespace: NS,
      service: 'tsdb-mysql-metrics',
      pod: tsdbPod.pod,
      instance: `${tsdbPod.ip}:9104`,
    },
    'tsdb-mysql',
    {
      connected: () => 4 + clients('tsdb-mysql'),
    },
  );
  cadvisor(b, tsdbPod, {
    namespace: NS,
    demandCores: (t) => 0.05 + dbOps('tsdb-mysql')(t) * 0.0008,
    limitCores: 2,
    memoryBytes: () => 610 * MIB,
    memoryLimitBytes: 2 * GIB,
  });

  // The order database's VM.
  const vm = { service: 'ts-order-mysql', env: 'prod' };
  mysql({ job: 'mysqld', instance: 'mysql-order-01:9104', ...vm }, 'ts-order-mysql', {
    connected: () => 3 + clients('ts-order-mysql'),
  });
  const diskSize = 50 * GIB;
  nodeExporter(
    b,
    { job: 'node', instance: 'mysql-order-01:9100', ...vm },
    {
      cpus: 4,
      busyCores: (t) => 0.2 + dbOps('ts-order-mysql')(t) * 0.001,
      memTotal: 16 * GIB,
      memAvailable: () => 5.1 * GIB,
      filesystems: [
        {
          mountpoint: '/',
          device: '/dev/sda1',
          fstype: 'ext4',
          size: 20 * GIB,
          avail: () => 12.2 * GIB,
        },
        {
          mountpoint: '/var/lib/mysql',
          device: '/dev/sdb1',
          fstype: 'xfs',
          size: diskSize,
          avail: fault.orderDbDiskFree ?? ((t) => 21 * GIB - (t - firstTime) * 900),
        },
      ],
    },
  );
  const mysqlLog = {
    job: 'mysql-error-log',
    host: 'mysql-order-01',
    filename: '/var/log/mysql/error.log',
  };
  b.logs(
    mysqlLog,
    () => 0.15,
    (t, rng) =>
      `${iso(t).replace('Z', '')}${String(rng.int(0, 999)).padStart(3, '0')}Z ${rng.int(10, 99999)} [Warning] [MY-010055] [Server] IP address '10.244.${rng.int(10, 22)}.${rng.int(2, 250)}' could not be resolved: Name or service not known`,
  );

  const diskFree = fault.orderDbDiskFree;
  if (diskFree) {
    const mysqlTs = (t: number, rng: Rng) =>
      `${iso(t).replace('Z', '')}${String(rng.int(0, 999)).padStart(3, '0')}Z`;
    b.logs(
      mysqlLog,
      (t) => (diskFree(t) <= 0 ? 8 : 0),
      (t, rng) => {
        const roll = rng.next();
        if (roll < 0.4)
          return `${mysqlTs(t, rng)} ${rng.int(10, 9999)} [ERROR] [MY-012639] [InnoDB] Write to file ./ts/orders.ibd failed at offset ${rng.int(100, 900) * 16384}, 16384 bytes should have been written, only 0 were written. Operating system error number 28. Check that your OS and file system support files of this size. Check also that the disk is not full or there is no space left on the device.`;
        if (roll < 0.7)
          return `${mysqlTs(t, rng)} ${rng.int(10, 9999)} [ERROR] [MY-012888] [InnoDB] Error number 28 means 'No space left on device'`;
        return `${mysqlTs(t, rng)} ${rng.int(10, 9999)} [ERROR] [MY-013132] [Server] The table 'orders' is full!`;
      },
    );
  }

  // RabbitMQ with per-object metrics.
  const rabbitPod = makePod({
    seed: b.seed,
    key: 'ts-rabbitmq',
    service: 'ts-rabbitmq',
    container: 'rabbitmq',
    image: 'rabbitmq:3.12-management',
    nodes: WORKERS,
    podCidr: '10.244.41',
    from: podStart,
  });
  rabbitPod.pod = 'ts-rabbitmq-0';
  const rq = {
    job: 'ts-rabbitmq',
    namespace: NS,
    pod: rabbitPod.pod,
    instance: `${rabbitPod.ip}:15692`,
    vhost: '/',
  };
  const published = (t: number) =>
    flow(t)[`ts-preserve-service|${R.preserve}`]!.rate *
    (1 - flow(t)[`ts-preserve-service|${R.preserve}`]!.errorRatio);
  const stopAt =
    fault.scaledToZero?.service === 'ts-notification-service' ? fault.scaledToZero.at : Infinity;
  let backlog = 0;
  const backlogAt = new Map<number, number>();
  for (const t of b.times) {
    if (t >= stopAt + 30) backlog += published(t) * b.timeline.step;
    else backlog = 0;
    backlogAt.set(t, backlog);
  }
  b.gauge(
    'rabbitmq_queue_messages_ready',
    { ...rq, queue: 'email' },
    (t) => (backlogAt.get(t) ?? 0) + (t < stopAt + 30 ? 0.4 : 0),
    { integer: true, noise: { jitter: 0.01, spikeChance: 0 } },
  );
  b.gauge(
    'rabbitmq_queue_messages_unacked',
    { ...rq, queue: 'email' },
    (t) => (t < stopAt + 30 ? 1 : 0),
    { integer: true, noise: { jitter: 0.5, spikeChance: 0 } },
  );
  b.gauge('rabbitmq_queue_consumers', { ...rq, queue: 'email' }, (t) => (t < stopAt + 30 ? 1 : 0), {
    noise: false,
  });
  b.counter('rabbitmq_queue_messages_published_total', { ...rq, queue: 'email' }, published);
  b.counter('rabbitmq_queue_messages_delivered_ack_total', { ...rq, queue: 'email' }, (t) =>
    t < stopAt + 30 ? published(t) : 0,
  );
  for (const q of ['food_delivery', 'order_cancel']) {
    b.gauge('rabbitmq_queue_messages_ready', { ...rq, queue: q }, () => 0.3, {
      integer: true,
      noise: { jitter: 1, spikeChance: 0.02 },
    });
    b.gauge('rabbitmq_queue_consumers', { ...rq, queue: q }, () => 1, { noise: false });
    b.counter('rabbitmq_queue_messages_published_total', { ...rq, queue: q }, () => 0.1);
  }
  b.gauge('rabbitmq_connections', { ...rq }, (t) => (t < stopAt + 30 ? 4 : 3), { noise: false });
  cadvisor(b, rabbitPod, {
    namespace: NS,
    demandCores: () => 0.04,
    limitCores: 1,
    memoryBytes: () => 180 * MIB,
    memoryLimitBytes: 1 * GIB,
  });

  // cert-manager: one certificate per service for the in-cluster TLS to the gateway.
  for (const service of [
    'ts-auth-service',
    'ts-order-service',
    'ts-travel-service',
    'ts-payment-service',
  ] as const) {
    const labels = {
      job: 'cert-manager',
      namespace: NS,
      name: `${service}-tls`,
      issuer_name: 'ts-internal-ca',
      issuer_kind: 'ClusterIssuer',
      issuer_group: 'cert-manager.io',
    };
    const expiresAt =
      fault.certExpires?.service === service
        ? fault.certExpires.at
        : firstTime + (40 + b.rng(`cert:${service}`).next() * 40) * 86_400;
    b.gauge('certmanager_certificate_expiration_timestamp_seconds', labels, () => expiresAt, {
      noise: false,
    });
    b.gauge(
      'certmanager_certificate_renewal_timestamp_seconds',
      labels,
      () => expiresAt - 30 * 86_400,
      { noise: false },
    );
    for (const condition of ['True', 'False', 'Unknown'])
      b.gauge(
        'certmanager_certificate_ready_status',
        { ...labels, condition },
        (t) => (condition === 'Unknown' ? 0 : (condition === 'True') === t < expiresAt ? 1 : 0),
        { noise: false },
      );
  }

  // node-exporter on the workers.
  for (const node of WORKERS)
    nodeExporter(
      b,
      { job: 'node-exporter', instance: `${WORKER_IPS[node]}:9100`, nodename: node },
      {
        cpus: 8,
        busyCores: (t) => 1.6 * b.daily(t),
        memTotal: 32 * GIB,
        memAvailable: () => 13 * GIB,
        filesystems: [
          {
            mountpoint: '/',
            device: '/dev/vda1',
            fstype: 'ext4',
            size: 120 * GIB,
            avail: () => 58 * GIB,
          },
        ],
      },
    );
}

/** The workspace's view of Train Ticket. */
export const trainServices: EvalService[] = [
  {
    name: 'ts-ui-dashboard',
    description: 'nginx gateway and UI of Train Ticket (/api/v1/* to the services)',
    aliases: ['gateway', 'ui', 'dashboard'],
    labelMatchers: { loki: { app: 'ts-ui-dashboard' } },
  },
  {
    name: 'ts-auth-service',
    description: 'Login and JWT issuing (Spring Boot)',
    aliases: ['auth', 'login'],
    labelMatchers: { prometheus: { application: 'ts-auth-service' } },
  },
  {
    name: 'ts-order-service',
    description: 'Orders (Spring Boot), database ts-order-mysql',
    aliases: ['orders', 'order service'],
    labelMatchers: { prometheus: { job: 'ts-order-service' }, loki: { app: 'ts-order-service' } },
  },
  {
    name: 'ts-travel-service',
    description: 'Trip search and tickets left (Spring Boot)',
    aliases: ['travel', 'trip search'],
    labelMatchers: {},
  },
  {
    name: 'ts-seat-service',
    description: 'Seat allocation and tickets left per interval',
    aliases: ['seat', 'seats'],
    labelMatchers: {},
  },
  {
    name: 'ts-payment-service',
    description: 'Payments of orders',
    aliases: ['payment', 'pay'],
    labelMatchers: { prometheus: { application: 'ts-payment-service' } },
  },
  {
    name: 'ts-route-service',
    description: 'Routes between stations',
    aliases: ['route'],
    labelMatchers: {},
  },
  {
    name: 'ts-station-service',
    description: 'Stations and their ids',
    aliases: ['station', 'stations'],
    labelMatchers: {},
  },
  {
    name: 'ts-preserve-service',
    description: 'Booking orchestration (seat, order, notification message)',
    aliases: ['preserve', 'booking'],
    labelMatchers: {},
  },
  {
    name: 'ts-notification-service',
    description: 'Sends e-mails from the RabbitMQ email queue',
    aliases: ['notification', 'mailer'],
    labelMatchers: {},
  },
  {
    name: 'tsdb-mysql',
    description: 'Shared MySQL of the Train Ticket services (StatefulSet)',
    aliases: ['mysql', 'tsdb'],
    labelMatchers: {},
  },
  {
    name: 'ts-order-mysql',
    description: 'MySQL 8 of ts-order-service on the VM mysql-order-01',
    aliases: ['order db', 'mysql-order-01'],
    labelMatchers: {},
  },
  {
    name: 'ts-rabbitmq',
    description: 'RabbitMQ broker (queues email, food_delivery, order_cancel)',
    aliases: ['rabbitmq', 'rabbit', 'mq'],
    labelMatchers: {},
  },
];
