import type { EvalService } from '../eval-case.js';
import { iso, type Labels, type TelemetryBuilder } from '../independent/builder.js';
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
  kubeState,
  makePod,
  MIB,
  nodeExporter,
  whileAlive,
  GIB,
  type Pod,
} from './kit.js';

/**
 * DeathStarBench Hotel Reservation on Kubernetes (namespace `hotel-res`):
 * the Go gRPC services as in DeathStarBench's `hotelReservation`
 * (frontend over HTTP, search, geo, rate, profile, recommendation, user,
 * reservation; consul for discovery, jaeger), memcached in front of rate,
 * profile and reservation, one MongoDB per service. The team added
 * go-grpc-prometheus interceptors (server and client, handling-time
 * histograms on), promhttp on the frontend, Go runtime metrics, the
 * percona mongodb_exporter and memcached_exporter as their own deployments,
 * and ships container stdout with Grafana Alloy (`service_name` = container
 * name). Services log with zerolog JSON at info level, which is almost
 * silent in steady state; geo and profile never log at info.
 */

export const NS = 'hotel-res';
const NODES = ['hotel-w1', 'hotel-w2', 'hotel-w3'] as const;
const NODE_IPS: Record<string, string> = {
  'hotel-w1': '10.10.0.21',
  'hotel-w2': '10.10.0.22',
  'hotel-w3': '10.10.0.23',
};
const DSB = '/go/src/github.com/delimitrou/DeathStarBench/hotelReservation';

/** The Go services: gRPC service name, port, CPU milliseconds per request, base memory (MiB). */
export const GO_SERVICES = {
  frontend: { grpc: null, port: 5000, cpuMs: 0.9, memMiB: 38, replicas: 2 },
  search: { grpc: 'search.Search', port: 8082, cpuMs: 0.5, memMiB: 22, replicas: 1 },
  geo: { grpc: 'geo.Geo', port: 8083, cpuMs: 1.4, memMiB: 31, replicas: 1 },
  rate: { grpc: 'rate.Rate', port: 8084, cpuMs: 0.7, memMiB: 26, replicas: 1 },
  profile: { grpc: 'profile.Profile', port: 8081, cpuMs: 0.8, memMiB: 29, replicas: 1 },
  recommendation: {
    grpc: 'recommendation.Recommendation',
    port: 8085,
    cpuMs: 1.1,
    memMiB: 34,
    replicas: 1,
  },
  user: { grpc: 'user.User', port: 8086, cpuMs: 0.3, memMiB: 19, replicas: 1 },
  reservation: { grpc: 'reservation.Reservation', port: 8087, cpuMs: 0.9, memMiB: 27, replicas: 1 },
} as const;
export type GoService = keyof typeof GO_SERVICES;

export const MEMCACHED = ['memcached-rate', 'memcached-profile', 'memcached-reserve'] as const;
export const MONGODB = [
  'mongodb-geo',
  'mongodb-profile',
  'mongodb-rate',
  'mongodb-recommendation',
  'mongodb-reservation',
  'mongodb-user',
] as const;

/** Request flow: nodes are `service|method` (frontend: `frontend|<handler>`). */
export const HOTEL_FLOW: ServiceSpec[] = [
  {
    name: 'frontend|/hotels',
    entryRate: 14,
    latencyMs: 1.5,
    calls: [
      { to: 'search|Nearby', perRequest: 1, critical: true },
      { to: 'reservation|CheckAvailability', perRequest: 1, critical: true },
      { to: 'profile|GetProfiles', perRequest: 1, critical: true },
    ],
  },
  {
    name: 'frontend|/recommendations',
    entryRate: 5,
    latencyMs: 1.2,
    calls: [
      { to: 'recommendation|GetRecommendations', perRequest: 1, critical: true },
      { to: 'profile|GetProfiles', perRequest: 1, critical: true },
    ],
  },
  {
    name: 'frontend|/user',
    entryRate: 2.5,
    latencyMs: 0.6,
    calls: [{ to: 'user|CheckUser', perRequest: 1, critical: true }],
  },
  {
    name: 'frontend|/reservation',
    entryRate: 1.2,
    latencyMs: 0.9,
    calls: [
      { to: 'user|CheckUser', perRequest: 1, critical: true },
      { to: 'reservation|MakeReservation', perRequest: 1, critical: true },
    ],
  },
  {
    name: 'search|Nearby',
    latencyMs: 0.8,
    calls: [
      { to: 'geo|Nearby', perRequest: 1, critical: true },
      { to: 'rate|GetRates', perRequest: 1, critical: true },
    ],
  },
  { name: 'geo|Nearby', latencyMs: 1.8, calls: [] },
  {
    name: 'rate|GetRates',
    latencyMs: 0.9,
    calls: [
      { to: 'memcached-rate|get', perRequest: 1, critical: true },
      { to: 'mongodb-rate|find', perRequest: 0.08, critical: true },
    ],
  },
  {
    name: 'profile|GetProfiles',
    latencyMs: 1.1,
    calls: [
      { to: 'memcached-profile|get', perRequest: 1, critical: true },
      { to: 'mongodb-profile|find', perRequest: 0.05, critical: true },
    ],
  },
  { name: 'recommendation|GetRecommendations', latencyMs: 1.4, calls: [] },
  { name: 'user|CheckUser', latencyMs: 0.4, calls: [] },
  {
    name: 'reservation|CheckAvailability',
    latencyMs: 1.0,
    calls: [
      { to: 'memcached-reserve|get', perRequest: 1, critical: true },
      { to: 'mongodb-reservation|find', perRequest: 0.15, critical: true },
    ],
  },
  {
    name: 'reservation|MakeReservation',
    latencyMs: 2.2,
    calls: [
      { to: 'memcached-reserve|get', perRequest: 1, critical: true },
      { to: 'mongodb-reservation|insert', perRequest: 1, critical: true },
    ],
  },
  { name: 'memcached-rate|get', latencyMs: 0.25, calls: [] },
  { name: 'memcached-profile|get', latencyMs: 0.25, calls: [] },
  { name: 'memcached-reserve|get', latencyMs: 0.25, calls: [] },
  { name: 'mongodb-rate|find', latencyMs: 1.5, calls: [] },
  { name: 'mongodb-profile|find', latencyMs: 1.6, calls: [] },
  { name: 'mongodb-reservation|find', latencyMs: 1.4, calls: [] },
  { name: 'mongodb-reservation|insert', latencyMs: 3.1, calls: [] },
];

const serviceOf = (node: string) => node.split('|')[0]!;
const methodOf = (node: string) => node.split('|')[1]!;

/** A log line a case adds: `perMinute` lines of `message` from every pod of `service`. */
export interface HotelLogRule {
  service: string;
  level: 'debug' | 'info' | 'warn' | 'error' | 'panic';
  perMinute: Curve;
  caller: string;
  message: (rng: Rng, t: number) => string;
  fields?: (rng: Rng) => Record<string, string | number>;
}

/** What a case changes in the hotel, all as functions of time. */
export interface HotelFault {
  effects?: Effects;
  /** gRPC code a service returns for its own errors (default Internal) and for relayed ones (default Unknown). */
  ownCode?: Record<string, string>;
  relayCode?: Record<string, string>;
  /** gRPC code callers see for failed calls to a service (default Unavailable). */
  clientCode?: Record<string, string>;
  /** Extra cores a container wants (stress). */
  cpuHog?: Record<string, Curve>;
  /** Extra working set in bytes of a Go service (a leak), and OOM kill instants. */
  leak?: { service: GoService; bytes: Curve; oomAt: number[] };
  /** Go service whose process crashes and restarts: crash instants (then back after `downSeconds`). */
  crashes?: {
    service: GoService;
    at: number[];
    downSeconds: number[];
    /** What the process prints as it dies (a panic and its goroutine trace). */
    lastWords?: (rng: Rng, t: number) => string;
  };
  /** A datastore pod that stops serving (chaos-mesh pod-failure: the container runs `pause`). */
  datastoreDown?: { name: string; from: number };
  /** Frontend replicas changed by the HPA at `at`. */
  scaleFrontend?: { at: number; replicas: number };
  logs?: HotelLogRule[];
}

/** A zerolog JSON line (`.With().Timestamp().Caller()`), the way the services print them. */
export function zerolog(
  t: number,
  level: string,
  caller: string,
  message: string,
  fields: Record<string, string | number> = {},
): string {
  return JSON.stringify({
    level,
    ...fields,
    time: `${iso(t).slice(0, 19)}Z`,
    caller: `${DSB}/${caller}`,
    message,
  });
}

const LAT_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function generateHotel(b: TelemetryBuilder, F: number, fault: HotelFault = {}): void {
  const { start, end } = b.timeline;
  const effects = fault.effects ?? {};
  const firstTime = b.times[0] ?? start;
  const cache = new Map<number, Record<string, ServiceState>>();
  const flow = (t: number) => {
    let s = cache.get(t);
    if (!s) {
      s = flowAt(HOTEL_FLOW, effects, t, b.daily(t));
      cache.set(t, s);
    }
    return s;
  };
  const podStart = firstTime - 3 * 86_400 - 3600 * b.rng('uptime').next() * 20;

  // Pods of the Go services.
  const pods: Record<string, Pod[]> = {};
  for (const [name, spec] of Object.entries(GO_SERVICES)) {
    const list: Pod[] = [];
    for (let r = 0; r < spec.replicas; r++)
      list.push(
        makePod({
          seed: b.seed,
          key: `${name}-${r}`,
          service: name,
          container: `hotel-reserv-${name}`,
          image: `deathstarbench/hotel-reservation:0.3.${name === 'frontend' ? 4 : 3}`,
          nodes: NODES,
          podCidr: '10.244.1',
          from: podStart,
        }),
      );
    if (name === 'frontend' && fault.scaleFrontend) {
      for (let r = spec.replicas; r < fault.scaleFrontend.replicas; r++)
        list.push(
          makePod({
            seed: b.seed,
            key: `${name}-scaled-${r}`,
            service: name,
            container: 'hotel-reserv-frontend',
            image: 'deathstarbench/hotel-reservation:0.3.4',
            nodes: NODES,
            podCidr: '10.244.2',
            from: fault.scaleFrontend.at + 20,
          }),
        );
    }
    pods[name] = list;
  }
  const liveCount = (service: string, t: number) =>
    Math.max(1, pods[service]!.filter((p) => alive(p, t)).length);

  // Crash / OOM restarts of a Go service.
  const restartsOf = (service: string): number[] =>
    fault.leak?.service === service
      ? fault.leak.oomAt
      : fault.crashes?.service === service
        ? fault.crashes.at
        : [];
  const downOf = (service: string) => (t: number) => {
    if (fault.leak?.service === service)
      return fault.leak.oomAt.some((at) => t >= at && t < at + 20);
    if (fault.crashes?.service === service)
      return fault.crashes.at.some((at, i) => t >= at && t < at + fault.crashes!.downSeconds[i]!);
    return false;
  };
  const lastStart = (service: string, t: number) =>
    Math.max(
      podStart,
      ...restartsOf(service)
        .filter((at) => at <= t)
        .map((at) => at + 20),
    );

  // ---- frontend: promhttp per handler, gRPC client metrics.
  const frontendNodes = HOTEL_FLOW.filter((s) => serviceOf(s.name) === 'frontend');
  for (const pod of pods.frontend!) {
    const base: Labels = {
      job: 'hotel-reservation/frontend',
      namespace: NS,
      pod: pod.pod,
      container: pod.container,
      instance: `${pod.ip}:5000`,
    };
    const share = (t: number) => (alive(pod, t) ? 1 / liveCount('frontend', t) : 0);
    for (const node of frontendNodes) {
      const handler = methodOf(node.name);
      const method = handler === '/reservation' || handler === '/user' ? 'post' : 'get';
      const st = (t: number) => flow(t)[node.name]!;
      b.counter(
        'http_requests_total',
        { ...base, handler, method, code: '200' },
        whileAlive(pod, (t) => st(t).rate * share(t) * (1 - st(t).errorRatio)),
      );
      b.counter(
        'http_requests_total',
        { ...base, handler, method, code: '500' },
        whileAlive(
          pod,
          fromFirst((t) => st(t).rate * share(t) * st(t).errorRatio),
        ),
        { initial: 0 },
      );
      // Baseline client errors: users that are not logged in.
      if (handler === '/reservation' || handler === '/user')
        b.counter(
          'http_requests_total',
          { ...base, handler, method, code: '401' },
          whileAlive(pod, (t) => st(t).rate * share(t) * 0.03),
        );
      b.histogram(
        'http_request_duration_seconds',
        { ...base, handler, method },
        whileAlive(pod, (t) => st(t).rate * share(t)),
        (t) => st(t).latencyMs / 1000,
        { buckets: HTTP_BUCKETS, sigma: 0.6 },
      );
    }
  }

  // ---- gRPC servers and clients of the Go services.
  const grpcNodes = HOTEL_FLOW.filter((s) => {
    const svc = serviceOf(s.name);
    return svc in GO_SERVICES && svc !== 'frontend';
  });
  for (const node of grpcNodes) {
    const service = serviceOf(node.name) as GoService;
    const grpcService = GO_SERVICES[service].grpc!;
    const grpcMethod = methodOf(node.name);
    for (const pod of pods[service]!) {
      const base: Labels = {
        job: 'hotel-reservation/grpc',
        namespace: NS,
        pod: pod.pod,
        container: pod.container,
        instance: `${pod.ip}:2112`,
      };
      const m = { ...base, grpc_type: 'unary', grpc_service: grpcService, grpc_method: grpcMethod };
      const down = downOf(service);
      const resets = restartsOf(service);
      const st = (t: number) => flow(t)[node.name]!;
      const rate = (t: number) => (down(t) ? 0 : st(t).rate / liveCount(service, t));
      const on = (f: (t: number) => number | null) => (t: number) =>
        alive(pod, t) && !down(t) ? f(t) : null;
      b.counter('grpc_server_started_total', m, on(rate), { resetsAt: resets });
      b.counter(
        'grpc_server_handled_total',
        { ...m, grpc_code: 'OK' },
        on((t) => rate(t) * (1 - st(t).errorRatio)),
        { resetsAt: resets },
      );
      const own = fault.ownCode?.[service] ?? 'Internal';
      const relay = fault.relayCode?.[service] ?? 'Unknown';
      b.counter(
        'grpc_server_handled_total',
        { ...m, grpc_code: own },
        on(fromFirst((t) => rate(t) * st(t).ownErrorRatio)),
        { initial: 0, resetsAt: resets },
      );
      if (relay !== own)
        b.counter(
          'grpc_server_handled_total',
          { ...m, grpc_code: relay },
          on(fromFirst((t) => rate(t) * Math.max(0, st(t).errorRatio - st(t).ownErrorRatio))),
          { initial: 0, resetsAt: resets },
        );
      // Baseline: user lookups that find nobody answer NotFound.
      if (service === 'user' || service === 'profile')
        b.counter(
          'grpc_server_handled_total',
          { ...m, grpc_code: 'NotFound' },
          on((t) => rate(t) * 0.004),
          { resetsAt: resets },
        );
      b.histogram('grpc_server_handling_seconds', m, on(rate), (t) => st(t).latencyMs / 1000, {
        buckets: LAT_BUCKETS,
        resetsAt: resets,
      });
      b.counter('grpc_server_msg_received_total', m, on(rate), { resetsAt: resets });
      b.counter(
        'grpc_server_msg_sent_total',
        m,
        on((t) => rate(t) * (1 - st(t).errorRatio)),
        { resetsAt: resets },
      );
    }
  }
  // Client side: each Go caller's view of each gRPC dependency (summed over its handlers).
  for (const caller of Object.keys(GO_SERVICES) as GoService[]) {
    const callerNodes = HOTEL_FLOW.filter((s) => serviceOf(s.name) === caller);
    const deps = [...new Set(callerNodes.flatMap((s) => s.calls.map((c) => c.to)))].filter(
      (d) => serviceOf(d) in GO_SERVICES,
    );
    for (const dep of deps) {
      const depService = serviceOf(dep) as GoService;
      const edge = (t: number) => {
        let rate = 0;
        let err = 0;
        let lat = 0;
        for (const n of callerNodes) {
          const e = flow(t)[n.name]!.calls[dep];
          if (!e) continue;
          rate += e.rate;
          err += e.rate * e.errorRatio;
          lat += e.rate * e.latencyMs;
        }
        return { rate, err, lat: rate > 0 ? lat / rate : 0 };
      };
      for (const pod of pods[caller]!) {
        const down = downOf(caller);
        const resets = restartsOf(caller);
        const base: Labels = {
          job: caller === 'frontend' ? 'hotel-reservation/frontend' : 'hotel-reservation/grpc',
          namespace: NS,
          pod: pod.pod,
          container: pod.container,
          instance: `${pod.ip}:${caller === 'frontend' ? 5000 : 2112}`,
        };
        const m = {
          ...base,
          grpc_type: 'unary',
          grpc_service: GO_SERVICES[depService].grpc!,
          grpc_method: methodOf(dep),
        };
        const share = (t: number) => (down(t) ? 0 : 1 / liveCount(caller, t));
        const on = (f: (t: number) => number | null) => (t: number) =>
          alive(pod, t) && !down(t) ? f(t) : null;
        b.counter(
          'grpc_client_started_total',
          m,
          on((t) => edge(t).rate * share(t)),
          { resetsAt: resets },
        );
        b.counter(
          'grpc_client_handled_total',
          { ...m, grpc_code: 'OK' },
          on((t) => (edge(t).rate - edge(t).err) * share(t)),
          { resetsAt: resets },
        );
        b.counter(
          'grpc_client_handled_total',
          { ...m, grpc_code: fault.clientCode?.[depService] ?? 'Unavailable' },
          on(fromFirst((t) => edge(t).err * share(t))),
          { initial: 0, resetsAt: resets },
        );
        b.histogram(
          'grpc_client_handling_seconds',
          m,
          on((t) => edge(t).rate * share(t)),
          (t) => edge(t).lat / 1000,
          {
            buckets: LAT_BUCKETS,
            resetsAt: resets,
          },
        );
      }
    }
  }

  // ---- Go runtime, process and container metrics of the Go services.
  for (const [service, spec] of Object.entries(GO_SERVICES) as Array<
    [GoService, (typeof GO_SERVICES)[GoService]]
  >) {
    const nodes = HOTEL_FLOW.filter((s) => serviceOf(s.name) === service);
    const reqRate = (t: number) => nodes.reduce((sum, n) => sum + flow(t)[n.name]!.rate, 0);
    const inflight = (t: number) =>
      nodes.reduce(
        (sum, n) => sum + (flow(t)[n.name]!.rate * flow(t)[n.name]!.latencyMs) / 1000,
        0,
      );
    const hog = fault.cpuHog?.[service] ?? (() => 0);
    const leak = fault.leak?.service === service ? fault.leak.bytes : () => 0;
    const down = downOf(service);
    const resets = restartsOf(service);
    for (const pod of pods[service]!) {
      const n = (t: number) => liveCount(service, t);
      const demand = (t: number) =>
        0.004 + (reqRate(t) / n(t)) * spec.cpuMs * 1e-3 * (1 + leak(t) / (200 * MIB)) + hog(t);
      const mem = (t: number) =>
        spec.memMiB * MIB * (1 + 0.02 * Math.sin(t / 900)) +
        leak(t) +
        (reqRate(t) / n(t)) * 0.15 * MIB;
      const memLimit = service === 'recommendation' ? 256 * MIB : 512 * MIB;
      cadvisor(b, pod, {
        namespace: NS,
        demandCores: demand,
        limitCores: 1,
        memoryBytes: mem,
        memoryLimitBytes: memLimit,
        resetsAt: resets,
        networkBytes: (t) => 3000 + (reqRate(t) / n(t)) * 2400,
        down,
      });
      const base: Labels = {
        job: service === 'frontend' ? 'hotel-reservation/frontend' : 'hotel-reservation/grpc',
        namespace: NS,
        pod: pod.pod,
        container: pod.container,
        instance: `${pod.ip}:${service === 'frontend' ? 5000 : 2112}`,
      };
      const on = (f: (t: number) => number | null) => (t: number) =>
        alive(pod, t) && !down(t) ? f(t) : null;
      const limit = 1;
      const used = (t: number) => Math.min(demand(t), limit * 0.98);
      b.counter('process_cpu_seconds_total', base, on(used), {
        integer: false,
        resetsAt: resets,
        initial: 0,
      });
      b.gauge(
        'process_resident_memory_bytes',
        base,
        on((t) => mem(t) * 0.93),
        { integer: true, noise: { jitter: 0.01 } },
      );
      b.gauge(
        'process_start_time_seconds',
        base,
        on((t) => Math.max(pod.from, lastStart(service, t))),
        { noise: false },
      );
      b.gauge(
        'process_open_fds',
        base,
        on((t) => 11 + Math.round(inflight(t) / n(t)) + 6),
        { noise: { jitter: 0.03 }, integer: true },
      );
      b.gauge(
        'process_max_fds',
        base,
        on(() => 1_048_576),
        { noise: false },
      );
      b.gauge(
        'go_goroutines',
        base,
        on((t) => 14 + (service === 'frontend' ? 24 : 9) + inflight(t) / n(t)),
        { integer: true, noise: { jitter: 0.05 } },
      );
      b.gauge(
        'go_threads',
        base,
        on(() => 9 + (service === 'frontend' ? 4 : 0)),
        { noise: false },
      );
      b.gauge(
        'go_memstats_heap_alloc_bytes',
        base,
        on((t) => mem(t) * 0.55),
        { integer: true, noise: { jitter: 0.12 } },
      );
      b.gauge(
        'go_memstats_heap_inuse_bytes',
        base,
        on((t) => mem(t) * 0.62),
        { integer: true, noise: { jitter: 0.05 } },
      );
      b.gauge(
        'go_memstats_next_gc_bytes',
        base,
        on((t) => mem(t) * 0.9),
        { integer: true, noise: { jitter: 0.05 } },
      );
      b.gauge(
        'go_info',
        { ...base, version: 'go1.21.6' },
        on(() => 1),
        { noise: false },
      );
      // GC: a summary (quantiles, _sum, _count); more garbage with more requests.
      const gcPerSecond = (t: number) => 0.03 + (reqRate(t) / n(t)) * 0.004;
      b.counter('go_gc_duration_seconds_count', base, on(gcPerSecond), {
        resetsAt: resets,
        initial: 0,
      });
      b.counter(
        'go_gc_duration_seconds_sum',
        base,
        on((t) => gcPerSecond(t) * 0.00018),
        { resetsAt: resets, integer: false, initial: 0 },
      );
      for (const q of ['0', '0.25', '0.5', '0.75', '1'])
        b.gauge(
          'go_gc_duration_seconds',
          { ...base, quantile: q },
          on(() => 0.00004 + Number(q) * 0.0003),
          { noise: { jitter: 0.2 } },
        );
    }
    kubeState(b, {
      namespace: NS,
      deployment: service,
      pods: pods[service]!,
      replicas: (t) =>
        service === 'frontend' && fault.scaleFrontend && t >= fault.scaleFrontend.at
          ? fault.scaleFrontend.replicas
          : spec.replicas,
      generationBumps:
        service === 'frontend' && fault.scaleFrontend ? [fault.scaleFrontend.at] : [],
      restarts:
        resets.length > 0
          ? Object.fromEntries(
              pods[service]!.map((p) => [
                p.pod,
                { at: resets, reason: fault.leak ? 'OOMKilled' : 'Error' },
              ]),
            )
          : {},
      ...(fault.crashes?.service === service
        ? {
            waiting: Object.fromEntries(
              pods[service]!.map((p) => [
                p.pod,
                (t: number) => (down(t) ? 'CrashLoopBackOff' : null),
              ]),
            ),
          }
        : {}),
    });
  }

  // ---- Datastores: memcached and MongoDB pods, their exporters.
  const datastoreOps = (name: string) => (t: number) =>
    HOTEL_FLOW.filter((s) => serviceOf(s.name) === name).reduce(
      (sum, s) => sum + flow(t)[s.name]!.rate,
      0,
    );
  for (const name of [...MEMCACHED, ...MONGODB]) {
    const isMongo = name.startsWith('mongodb');
    const downFrom =
      fault.datastoreDown?.name === name ? fault.datastoreDown.from : Number.POSITIVE_INFINITY;
    const isDown = (t: number) => t >= downFrom;
    const pod = makePod({
      seed: b.seed,
      key: name,
      service: name,
      container: `hotel-reserv-${name.replace(/^(memcached|mongodb)-/, '').replace('reserve', 'reservation')}-${isMongo ? 'mongo' : 'mmc'}`,
      image: isMongo ? 'mongo:4.4.6' : 'memcached:1.6.7',
      nodes: NODES,
      podCidr: '10.244.3',
      from: podStart,
    });
    const ops = datastoreOps(name);
    cadvisor(b, pod, {
      namespace: NS,
      demandCores: (t) => (isDown(t) ? 0 : 0.01 + ops(t) * (isMongo ? 0.0009 : 0.00012)),
      limitCores: null,
      memoryBytes: (t) => (isDown(t) ? 0.6 * MIB : isMongo ? 180 * MIB : 64 * MIB),
      memoryLimitBytes: 0,
      networkBytes: (t) => (isDown(t) ? 0 : 800 + ops(t) * 900),
    });
    kubeState(b, {
      namespace: NS,
      deployment: name,
      pods: [pod],
      replicas: () => 1,
      ...(Number.isFinite(downFrom)
        ? { restarts: { [pod.pod]: { at: [downFrom], reason: 'Error' } } }
        : {}),
    });
    const exporter = isMongo
      ? {
          job: 'mongodb-exporter',
          namespace: NS,
          service: `${name}-exporter`,
          instance: `${name}-exporter.${NS}.svc:9216`,
        }
      : {
          job: 'memcached-exporter',
          namespace: NS,
          service: `${name}-exporter`,
          instance: `${name}-exporter.${NS}.svc:9150`,
        };
    const up = (t: number) => (isDown(t) ? null : 1);
    if (isMongo) {
      b.gauge('mongodb_up', exporter, (t) => (isDown(t) ? 0 : 1), { noise: false });
      b.gauge(
        'mongodb_ss_connections',
        { ...exporter, conn_type: 'current' },
        (t) => (up(t) ? 8 + Math.round(ops(t) * 0.05) : null),
        { integer: true, noise: { jitter: 0.05 } },
      );
      b.gauge(
        'mongodb_ss_connections',
        { ...exporter, conn_type: 'available' },
        (t) => (up(t) ? 838_860 : null),
        { noise: false },
      );
      for (const [type, share] of [
        ['query', 0.85],
        ['insert', 0.1],
        ['command', 0.05],
      ] as const)
        b.counter('mongodb_ss_opcounters', { ...exporter, legacy_op_type: type }, (t) =>
          up(t) ? 0.4 + ops(t) * share : null,
        );
      b.gauge('mongodb_ss_uptime', exporter, (t) => (up(t) ? t - podStart : null), {
        noise: false,
      });
      b.gauge('mongodb_ss_mem_resident', exporter, (t) => (up(t) ? 172 : null), {
        noise: { jitter: 0.01 },
      });
    } else {
      b.gauge('memcached_up', exporter, (t) => (isDown(t) ? 0 : 1), { noise: false });
      b.gauge('memcached_current_connections', exporter, (t) => (up(t) ? 11 : null), {
        integer: true,
        noise: { jitter: 0.1 },
      });
      b.counter('memcached_commands_total', { ...exporter, command: 'get', status: 'hit' }, (t) =>
        up(t) ? ops(t) * 0.93 : null,
      );
      b.counter('memcached_commands_total', { ...exporter, command: 'get', status: 'miss' }, (t) =>
        up(t) ? ops(t) * 0.07 : null,
      );
      b.counter('memcached_commands_total', { ...exporter, command: 'set', status: 'hit' }, (t) =>
        up(t) ? ops(t) * 0.07 : null,
      );
      b.gauge('memcached_current_bytes', exporter, (t) => (up(t) ? 21 * MIB : null), {
        noise: { jitter: 0.01 },
      });
      b.gauge('memcached_limit_bytes', exporter, (t) => (up(t) ? 64 * MIB : null), {
        noise: false,
      });
      b.counter('memcached_items_evicted_total', exporter, (t) => (up(t) ? 0.01 : null));
      b.gauge('memcached_uptime_seconds', exporter, (t) => (up(t) ? t - podStart : null), {
        noise: false,
      });
    }
    // mongod writes its JSON log; memcached writes nothing.
    if (isMongo) {
      const logLabels = {
        service_name: pod.container,
        namespace: NS,
        pod: pod.pod,
        container: pod.container,
        instance: `${NS}/${pod.pod}:${pod.container}`,
      };
      b.logs(
        logLabels,
        (t) => (isDown(t) ? 0 : 1.5),
        (t, rng) =>
          rng.next() < 0.5
            ? JSON.stringify({
                t: { $date: iso(t).replace('Z', '+00:00') },
                s: 'I',
                c: 'NETWORK',
                id: 22943,
                ctx: 'listener',
                msg: 'Connection accepted',
                attr: {
                  remote: `10.244.1.${rng.int(2, 250)}:${rng.int(30000, 60000)}`,
                  connectionId: rng.int(1000, 90000),
                  connectionCount: rng.int(6, 14),
                },
              })
            : JSON.stringify({
                t: { $date: iso(t).replace('Z', '+00:00') },
                s: 'I',
                c: 'NETWORK',
                id: 22944,
                ctx: `conn${rng.int(1000, 90000)}`,
                msg: 'Connection ended',
                attr: {
                  remote: `10.244.1.${rng.int(2, 250)}:${rng.int(30000, 60000)}`,
                  connectionCount: rng.int(6, 14),
                },
              }),
      );
    }
  }

  // consul and jaeger: infrastructure pods that only cAdvisor sees.
  for (const name of ['consul', 'jaeger']) {
    const pod = makePod({
      seed: b.seed,
      key: name,
      service: name,
      container: `hotel-reserv-${name}`,
      image: name === 'consul' ? 'hashicorp/consul:1.13' : 'jaegertracing/all-in-one:1.23',
      nodes: NODES,
      podCidr: '10.244.3',
      from: podStart,
    });
    cadvisor(b, pod, {
      namespace: NS,
      demandCores: (t) => 0.03 * b.daily(t),
      limitCores: null,
      memoryBytes: () => (name === 'consul' ? 70 : 420) * MIB,
      memoryLimitBytes: 0,
    });
  }

  // node-exporter on the three workers.
  for (const node of NODES) {
    nodeExporter(
      b,
      { job: 'node-exporter', instance: `${NODE_IPS[node]}:9100`, node },
      {
        cpus: 4,
        busyCores: (t) =>
          0.35 * b.daily(t) +
          (fault.cpuHog && node === pods.geo![0]!.node
            ? Math.min(
                1,
                Object.values(fault.cpuHog).reduce((s, c) => s + c(t), 0),
              )
            : 0),
        memTotal: 16 * GIB,
        memAvailable: () => 9.4 * GIB,
        filesystems: [
          {
            mountpoint: '/',
            device: '/dev/nvme0n1p1',
            fstype: 'ext4',
            size: 100 * GIB,
            avail: () => 61 * GIB,
          },
        ],
      },
    );
  }

  // ---- Logs: zerolog JSON, shipped by Alloy (service_name = container name).
  const logLabels = (pod: Pod): Labels => ({
    service_name: pod.container,
    namespace: NS,
    pod: pod.pod,
    container: pod.container,
    instance: `${NS}/${pod.pod}:${pod.container}`,
  });
  const startupLines = (service: GoService, at: number) => {
    const port = GO_SERVICES[service].port;
    const db = MONGODB.find((m) => m.endsWith(service.replace('reservation', 'reservation')));
    const lines = [
      { at, line: zerolog(at, 'info', `cmd/${service}/main.go:31`, 'Reading config...') },
      {
        at: at + 0.01,
        line: zerolog(at + 0.01, 'info', `cmd/${service}/main.go:45`, `Read target port: ${port}`),
      },
      {
        at: at + 0.02,
        line: zerolog(
          at + 0.02,
          'info',
          `cmd/${service}/main.go:46`,
          'Read consul address: consul:8500',
        ),
      },
      {
        at: at + 0.03,
        line: zerolog(
          at + 0.03,
          'info',
          `cmd/${service}/main.go:47`,
          'Read jaeger address: jaeger:6831',
        ),
      },
    ];
    if (db) {
      lines.push({
        at: at + 0.05,
        line: zerolog(
          at + 0.05,
          'info',
          `cmd/${service}/main.go:40`,
          `Read database URL: ${db}:27017`,
        ),
      });
      lines.push({
        at: at + 0.4,
        line: zerolog(at + 0.4, 'info', `cmd/${service}/db.go:28`, 'New session successfull...'),
      });
    }
    lines.push({
      at: at + 0.6,
      line: zerolog(
        at + 0.6,
        'info',
        `cmd/${service}/main.go:70`,
        'Jaeger client: adjusted sample ratio 1.000000',
      ),
    });
    lines.push({
      at: at + 0.7,
      line: zerolog(
        at + 0.7,
        'info',
        `services/${service}/server.go:62`,
        `Successfully registered in consul`,
      ),
    });
    lines.push({
      at: at + 0.7,
      line: zerolog(at + 0.7, 'info', `cmd/${service}/main.go:86`, 'Starting server...'),
    });
    return lines;
  };
  for (const service of Object.keys(GO_SERVICES) as GoService[]) {
    for (const pod of pods[service]!) {
      const labels = logLabels(pod);
      const starts = [
        pod.from,
        ...restartsOf(service).map(
          (at) =>
            at +
            (fault.crashes?.service === service
              ? fault.crashes.downSeconds[fault.crashes.at.indexOf(at)]!
              : 20),
        ),
      ];
      if (service !== 'geo' && service !== 'profile')
        b.logsAt(
          labels,
          starts.filter((s) => s >= start && s <= end).flatMap((s) => startupLines(service, s)),
        );
    }
  }
  const crash = fault.crashes;
  if (crash?.lastWords) {
    const rng = b.rng(`crash:${crash.service}`);
    for (const pod of pods[crash.service]!)
      b.logsAt(
        logLabels(pod),
        crash.at.map((at) => ({ at: at - 0.2, line: crash.lastWords!(rng, at - 0.2) })),
      );
  }
  // Steady-state lines (info level is nearly silent in these services).
  const steady: HotelLogRule[] = [
    {
      service: 'search',
      level: 'warn',
      perMinute: () => 0.3,
      caller: 'services/search/server.go:104',
      message: (r) =>
        `nearby: no hotels within radius for lat=${(37.7 + r.next() * 0.2).toFixed(4)} lon=${(-122.5 + r.next() * 0.2).toFixed(4)}`,
    },
    {
      service: 'reservation',
      level: 'info',
      perMinute: (t) => 0.6 * b.daily(t),
      caller: 'services/reservation/server.go:121',
      message: (r) =>
        `MakeReservation: customer=Cornell_${r.int(0, 500)} hotel=${r.int(1, 80)} in=2015-04-${String(r.int(9, 20)).padStart(2, '0')} out=2015-04-${String(r.int(21, 24)).padStart(2, '0')} rooms=1`,
    },
    {
      service: 'user',
      level: 'warn',
      perMinute: () => 0.25,
      caller: 'services/user/server.go:84',
      message: (r) => `CheckUser: wrong password for Cornell_${r.int(0, 500)}`,
    },
    {
      service: 'frontend',
      level: 'warn',
      perMinute: () => 0.4,
      caller: 'services/frontend/server.go:151',
      message: () => 'searchHandler: please specify inDate/outDate params',
    },
    {
      service: 'recommendation',
      level: 'info',
      perMinute: () => 0.1,
      caller: 'services/recommendation/server.go:98',
      message: (r) => `GetRecommendations: require=${r.pick(['dis', 'rate', 'price'])}`,
    },
  ];
  for (const rule of [...steady, ...(fault.logs ?? [])]) {
    const list = pods[rule.service];
    if (!list) throw new Error(`no pods for ${rule.service}`);
    const down = downOf(rule.service);
    for (const pod of list) {
      b.logs(
        logLabels(pod),
        (t) => (alive(pod, t) && !down(t) ? rule.perMinute(t) / list.length : 0),
        (t, rng) => zerolog(t, rule.level, rule.caller, rule.message(rng, t), rule.fields?.(rng)),
      );
    }
  }
}

/** The workspace's view of the hotel: names, descriptions, a few matchers. */
export const hotelServices: EvalService[] = [
  {
    name: 'frontend',
    description:
      'HTTP frontend (Go) of the hotel site: search, recommendations, login, reservations',
    aliases: ['hotel frontend', 'web'],
    labelMatchers: {
      loki: { service_name: 'hotel-reserv-frontend' },
      prometheus: { job: 'hotel-reservation/frontend' },
    },
  },
  {
    name: 'search',
    description: 'gRPC search service: nearby hotels (geo) with their rates',
    aliases: ['hotel search'],
    labelMatchers: { prometheus: { container: 'hotel-reserv-search' } },
  },
  {
    name: 'geo',
    description: 'gRPC geo index of hotels (in memory, loaded from mongodb-geo)',
    aliases: [],
    labelMatchers: {},
  },
  {
    name: 'rate',
    description: 'gRPC room rates, cached in memcached-rate, stored in mongodb-rate',
    aliases: ['rates'],
    labelMatchers: {},
  },
  {
    name: 'profile',
    description: 'gRPC hotel profiles, cached in memcached-profile',
    aliases: ['profiles'],
    labelMatchers: { prometheus: { container: 'hotel-reserv-profile' } },
  },
  {
    name: 'recommendation',
    description: 'gRPC recommendations by distance, rate or price',
    aliases: ['recommendations', 'recs'],
    labelMatchers: {},
  },
  {
    name: 'user',
    description: 'gRPC user check (login)',
    aliases: ['login', 'auth'],
    labelMatchers: {},
  },
  {
    name: 'reservation',
    description: 'gRPC availability and bookings, memcached-reserve + mongodb-reservation',
    aliases: ['booking', 'reservations'],
    labelMatchers: { loki: { service_name: 'hotel-reserv-reservation' } },
  },
  {
    name: 'memcached-rate',
    description: 'memcached for rate',
    aliases: ['rate cache'],
    labelMatchers: {},
  },
  {
    name: 'memcached-profile',
    description: 'memcached for profile',
    aliases: ['profile cache'],
    labelMatchers: {},
  },
  {
    name: 'memcached-reserve',
    description: 'memcached for reservation',
    aliases: ['reservation cache'],
    labelMatchers: {},
  },
  {
    name: 'mongodb-reservation',
    description: 'MongoDB of reservation',
    aliases: ['reservation db'],
    labelMatchers: {},
  },
  { name: 'mongodb-rate', description: 'MongoDB of rate', aliases: [], labelMatchers: {} },
  { name: 'mongodb-profile', description: 'MongoDB of profile', aliases: [], labelMatchers: {} },
];
