/**
 * "Routewise", a parcel-shipping API written in Go, as a small platform team
 * runs it on EKS: `api-gateway` (grpc-gateway, HTTP/JSON in front of gRPC),
 * and four gRPC services, `accounts` (API tokens), `shipment`, `rates` and
 * `tracking`; MongoDB as a three-member replica set (`rs0`), memcached as the
 * token and quote cache, Consul for service registration and health checks.
 *
 * What is scraped and shipped, by standard names:
 * - go-grpc-prometheus on every gRPC server: `grpc_server_started_total`,
 *   `grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}`,
 *   `grpc_server_handling_seconds_bucket` (default buckets); the client
 *   interceptor on every caller: `grpc_client_started_total`,
 *   `grpc_client_handled_total`, `grpc_client_handling_seconds_bucket`.
 * - promhttp on the gateway: `http_requests_total{code,handler,method}`,
 *   `http_request_duration_seconds_bucket{handler,method}`.
 * - client_golang's Go and process collectors (`go_goroutines`,
 *   `go_memstats_heap_alloc_bytes`, `go_gc_duration_seconds`,
 *   `process_cpu_seconds_total`, `process_resident_memory_bytes`,
 *   `process_start_time_seconds`) and prometheus/common's version collector
 *   (`<program>_build_info{version,revision,branch,goversion}`).
 * - percona/mongodb_exporter (`mongodb_up`, `mongodb_ss_connections{conn_type}`,
 *   `mongodb_ss_opcounters{legacy_op_type}`, `mongodb_ss_opLatencies_latency{op_type}`,
 *   `mongodb_ss_globalLock_currentQueue{count_type}`, with its `rs_nm`/`rs_state` labels),
 *   memcached_exporter (`memcached_up`, `memcached_commands_total{command,status}`,
 *   `memcached_current_connections`, `memcached_items_evicted_total`, ...),
 *   consul_exporter (`consul_up`, `consul_raft_leader`,
 *   `consul_health_service_status{check,node,service_id,service_name,status}`).
 * - cAdvisor, kube-state-metrics, node-exporter, kubelet volume stats (kube.ts).
 * - Logs through promtail (`namespace`, `app`, `pod`, `container`, `job`):
 *   zap's production JSON (`level`, `ts`, `caller`, `msg`) with
 *   go-grpc-middleware's logging interceptor fields (`grpc.service`,
 *   `grpc.method`, `grpc.code`, `grpc.time_ms`) on shipment, rates and
 *   tracking; logrus JSON on accounts and the gateway; mongod's structured
 *   JSON log; Consul's hclog lines. Go runtime panics as the runtime prints them.
 * There are no traces: the harness serves metrics and logs only.
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

export const RW_NS = 'routewise';
const GiB = 1_073_741_824;
const MiB = 1_048_576;

export const RW_NODES: KubeNode[] = [
  {
    name: 'ip-10-20-11-48.eu-west-1.compute.internal',
    ip: '10.20.11.48',
    cpus: 4,
    memGiB: 16,
    diskBytes: 80 * GiB,
  },
  {
    name: 'ip-10-20-12-203.eu-west-1.compute.internal',
    ip: '10.20.12.203',
    cpus: 4,
    memGiB: 16,
    diskBytes: 80 * GiB,
  },
  {
    name: 'ip-10-20-13-77.eu-west-1.compute.internal',
    ip: '10.20.13.77',
    cpus: 4,
    memGiB: 16,
    diskBytes: 80 * GiB,
  },
];

export type RwApp = 'api-gateway' | 'accounts' | 'shipment' | 'rates' | 'tracking';
export const RW_APPS: RwApp[] = ['api-gateway', 'accounts', 'shipment', 'rates', 'tracking'];

export type GrpcCode =
  | 'OK'
  | 'Canceled'
  | 'Unknown'
  | 'InvalidArgument'
  | 'DeadlineExceeded'
  | 'NotFound'
  | 'ResourceExhausted'
  | 'Internal'
  | 'Unavailable'
  | 'Unauthenticated';

const HTTP_OF: Record<GrpcCode, string> = {
  OK: '200',
  Canceled: '499',
  Unknown: '500',
  InvalidArgument: '400',
  DeadlineExceeded: '504',
  NotFound: '404',
  ResourceExhausted: '429',
  Internal: '500',
  Unavailable: '503',
  Unauthenticated: '401',
};

/** go-grpc-middleware's default server code-to-level mapping. */
const LEVEL_OF: Record<GrpcCode, 'info' | 'warn' | 'error'> = {
  OK: 'info',
  Canceled: 'info',
  Unknown: 'error',
  InvalidArgument: 'info',
  DeadlineExceeded: 'warn',
  NotFound: 'info',
  ResourceExhausted: 'warn',
  Internal: 'error',
  Unavailable: 'warn',
  Unauthenticated: 'info',
};

interface AppDef {
  app: RwApp;
  replicas: number;
  /** Proto service name (the gateway serves HTTP instead). */
  grpcService: string | null;
  methods: Array<{ name: string; weight: number }>;
  version: string;
  /** The program name prometheus/common's version collector is given. */
  program: string;
  cpuLimit: number;
  cpuPerRps: number;
  memBytes: number;
  memLimit: number;
  logger: 'zap' | 'logrus';
}

export const RW_APP_DEFS: Record<RwApp, AppDef> = {
  'api-gateway': {
    app: 'api-gateway',
    replicas: 2,
    grpcService: null,
    methods: [],
    version: 'v2.7.3',
    program: 'api_gateway',
    cpuLimit: 1,
    cpuPerRps: 0.004,
    memBytes: 96 * MiB,
    memLimit: 256 * MiB,
    logger: 'logrus',
  },
  accounts: {
    app: 'accounts',
    replicas: 2,
    grpcService: 'routewise.accounts.v1.AccountService',
    methods: [
      { name: 'ValidateToken', weight: 0.93 },
      { name: 'GetAccount', weight: 0.07 },
    ],
    version: 'v1.12.0',
    program: 'accounts',
    cpuLimit: 0.5,
    cpuPerRps: 0.0025,
    memBytes: 70 * MiB,
    memLimit: 192 * MiB,
    logger: 'logrus',
  },
  shipment: {
    app: 'shipment',
    replicas: 3,
    grpcService: 'routewise.shipment.v1.ShipmentService',
    methods: [
      { name: 'GetShipment', weight: 0.62 },
      { name: 'CreateShipment', weight: 0.26 },
      { name: 'ListShipments', weight: 0.12 },
    ],
    version: 'v3.4.1',
    program: 'shipment',
    cpuLimit: 1,
    cpuPerRps: 0.02,
    memBytes: 140 * MiB,
    memLimit: 512 * MiB,
    logger: 'zap',
  },
  rates: {
    app: 'rates',
    replicas: 2,
    grpcService: 'routewise.rates.v1.RateService',
    methods: [
      { name: 'GetQuote', weight: 0.86 },
      { name: 'ListCarrierServices', weight: 0.14 },
    ],
    version: 'v1.19.0',
    program: 'rates',
    cpuLimit: 0.5,
    cpuPerRps: 0.008,
    memBytes: 85 * MiB,
    memLimit: 256 * MiB,
    logger: 'zap',
  },
  tracking: {
    app: 'tracking',
    replicas: 2,
    grpcService: 'routewise.tracking.v1.TrackingService',
    methods: [
      { name: 'GetTrackingEvents', weight: 0.78 },
      { name: 'RecordCarrierEvent', weight: 0.22 },
    ],
    version: 'v2.2.0',
    program: 'tracking',
    cpuLimit: 1,
    cpuPerRps: 0.01,
    memBytes: 160 * MiB,
    memLimit: 512 * MiB,
    logger: 'zap',
  },
};

/** The request flow: the gateway validates the token on every request, then calls one backend. */
export const RW_SPECS: ServiceSpec[] = [
  {
    name: 'api-gateway',
    entryRate: 36,
    latencyMs: 2,
    calls: [
      { to: 'accounts', perRequest: 1, critical: true },
      { to: 'shipment', perRequest: 0.46, critical: true },
      { to: 'tracking', perRequest: 0.42, critical: true },
      { to: 'rates', perRequest: 0.12, critical: true },
    ],
  },
  {
    name: 'accounts',
    latencyMs: 1.2,
    calls: [
      { to: 'memcached', perRequest: 1, critical: false },
      { to: 'mongodb', perRequest: 0.06, critical: true },
    ],
  },
  {
    name: 'shipment',
    latencyMs: 7,
    calls: [
      { to: 'rates', perRequest: 0.26, critical: true },
      { to: 'mongodb', perRequest: 2.2, critical: true },
    ],
  },
  {
    name: 'rates',
    latencyMs: 3,
    calls: [
      { to: 'memcached', perRequest: 1, critical: false },
      { to: 'mongodb', perRequest: 0.12, critical: true },
    ],
  },
  { name: 'tracking', latencyMs: 4, calls: [{ to: 'mongodb', perRequest: 1.3, critical: true }] },
  { name: 'mongodb', latencyMs: 1.1, calls: [] },
  { name: 'memcached', latencyMs: 0.25, calls: [] },
];

/** The gateway's routes, each to one backend method. */
const ROUTES = [
  {
    handler: '/v1/shipments/{id}',
    method: 'GET',
    backend: 'shipment',
    rpc: 'GetShipment',
    share: 0.285,
  },
  {
    handler: '/v1/shipments',
    method: 'POST',
    backend: 'shipment',
    rpc: 'CreateShipment',
    share: 0.12,
  },
  {
    handler: '/v1/shipments',
    method: 'GET',
    backend: 'shipment',
    rpc: 'ListShipments',
    share: 0.055,
  },
  {
    handler: '/v1/tracking/{tracking_number}',
    method: 'GET',
    backend: 'tracking',
    rpc: 'GetTrackingEvents',
    share: 0.33,
  },
  {
    handler: '/v1/carrier-events',
    method: 'POST',
    backend: 'tracking',
    rpc: 'RecordCarrierEvent',
    share: 0.09,
  },
  { handler: '/v1/quotes', method: 'POST', backend: 'rates', rpc: 'GetQuote', share: 0.12 },
] as const;

/** What goes wrong in one case (everything optional; empty = a normal day). */
export interface RouteFault {
  effects?: Effects;
  /** The gRPC code a service answers its failed calls with (default Unavailable). */
  codes?: Partial<Record<RwApp, GrpcCode>>;
  /** Only these methods fail (the failure share is concentrated on them). */
  failingMethods?: Partial<Record<RwApp, string[]>>;
  /** The `error` of a service's failed calls as its logging interceptor prints it. */
  errorText?: Partial<Record<RwApp, (rng: Rng) => string>>;
  /** A rolling update to a new image version at `at`. */
  rollout?: Partial<Record<RwApp, { at: number; to: string }>>;
  /** Container restarts: times, spread over the pods in turn (or every pod each time). */
  restarts?: Partial<
    Record<
      RwApp | 'mongodb' | 'memcached',
      { at: number[]; reason: string; everyPod?: boolean; downSeconds?: number }
    >
  >;
  /** Working set per pod, bytes, replacing the normal level. */
  memory?: Partial<Record<RwApp, Curve>>;
  /** Extra cores a service's pods want (each). */
  extraCpu?: Partial<Record<RwApp, Curve>>;
  /** Extra connections held open on the MongoDB primary. */
  mongoConnections?: Curve;
  /** Bytes used on each member's data volume, replacing the slow normal growth. */
  mongoDiskUsed?: Curve;
  /** The primary's node's data disk busy share (EBS burst credits gone). */
  mongoDiskBusy?: Curve;
  /** memcached's pod is deleted (evicted) at this time; its replacement cannot be scheduled. */
  memcachedGoneAt?: number;
  /** Extra log lines (fault-specific). */
  logs?: Array<{
    app: RwApp | 'mongodb' | 'memcached' | 'consul';
    perMinute: Curve;
    level: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
    msg: (rng: Rng, t: number) => string;
    fields?: (rng: Rng, t: number) => Record<string, string | number>;
    caller?: string;
  }>;
  /** One-off log lines (start-up banners, panics). */
  logsAt?: Array<{
    app: RwApp | 'mongodb' | 'memcached' | 'consul';
    at: number;
    line: string;
    podIndex?: number;
  }>;
}

export const rwStream = (app: string, pod: string, container = app) => ({
  namespace: RW_NS,
  app,
  pod,
  container,
  job: `${RW_NS}/${app}`,
});

/** A zap production JSON line. */
export function zapLine(
  t: number,
  level: string,
  caller: string,
  msg: string,
  fields: Record<string, string | number> = {},
): string {
  return JSON.stringify({ level, ts: Number(t.toFixed(6)), caller, msg, ...fields });
}

/** A logrus JSON line (JSONFormatter defaults). */
export function logrusLine(
  t: number,
  level: string,
  msg: string,
  fields: Record<string, string | number> = {},
): string {
  return JSON.stringify({
    ...fields,
    level: level === 'warn' ? 'warning' : level,
    msg,
    time: new Date(Math.floor(t * 1000)).toISOString().replace(/\.\d+Z$/, 'Z'),
  });
}

/** A mongod structured log line (4.4+). */
export function mongodLine(
  t: number,
  s: 'I' | 'W' | 'E' | 'F',
  c: string,
  id: number,
  ctx: string,
  msg: string,
  attr?: Record<string, unknown>,
): string {
  return JSON.stringify({
    t: { $date: new Date(Math.floor(t * 1000)).toISOString().replace('Z', '+00:00') },
    s,
    c,
    id,
    ctx,
    msg,
    ...(attr ? { attr } : {}),
  });
}

/** Consul's hclog line. */
export function hclogLine(t: number, level: string, msg: string): string {
  const iso = new Date(Math.floor(t * 1000)).toISOString();
  return `${iso} [${level.toUpperCase()}]${level.length === 4 ? ' ' : ''} ${msg}`;
}

const DEF_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The pod IP of a pod by name (deterministic per seed). */
export function rwPodIp(b: TelemetryBuilder, key: string): string {
  const r = b.rng(`ip:${key}`);
  return `10.20.${r.int(64, 95)}.${r.int(2, 250)}`;
}

export const memcachedPodName = (b: TelemetryBuilder) =>
  podName(b, 'memcached', 'Deployment', 0, 0);

/** Every pod of every workload during the window (rollouts replace pods one by one). */
function buildPods(b: TelemetryBuilder, fault: RouteFault): Record<string, KubePod[]> {
  const pods: Record<string, KubePod[]> = {};
  const nodeOf = (i: number) => RW_NODES[i % RW_NODES.length]!.name;
  RW_APPS.forEach((app, ai) => {
    const def = RW_APP_DEFS[app];
    const rollout = fault.rollout?.[app];
    const image = (v: string) =>
      `412356082731.dkr.ecr.eu-west-1.amazonaws.com/routewise/${app}:${v}`;
    const list: KubePod[] = [];
    for (let i = 0; i < def.replicas; i++) {
      const name = podName(b, app, 'Deployment', i, 0);
      list.push({
        workload: app,
        kind: 'Deployment',
        name,
        ip: rwPodIp(b, name),
        node: nodeOf(ai + i),
        container: app,
        image: image(def.version),
        from: null,
        until: rollout ? rollout.at + 30 * i + 25 : null,
      });
      if (rollout) {
        const fresh = podName(b, app, 'Deployment', i, 1);
        list.push({
          workload: app,
          kind: 'Deployment',
          name: fresh,
          ip: rwPodIp(b, fresh),
          node: nodeOf(ai + i + 1),
          container: app,
          image: image(rollout.to),
          from: rollout.at + 30 * i,
          until: null,
        });
      }
    }
    pods[app] = list;
  });
  pods.mongodb = [0, 1, 2].map((i) => ({
    workload: 'mongodb',
    kind: 'StatefulSet' as const,
    name: `mongodb-${i}`,
    ip: rwPodIp(b, `mongodb-${i}`),
    node: RW_NODES[i]!.name,
    container: 'mongod',
    image: 'docker.io/library/mongo:7.0.14',
    from: null,
    until: null,
  }));
  const mc = memcachedPodName(b);
  pods.memcached = [
    {
      workload: 'memcached',
      kind: 'Deployment',
      name: mc,
      ip: rwPodIp(b, mc),
      node: RW_NODES[1]!.name,
      container: 'memcached',
      image: 'docker.io/library/memcached:1.6.31-alpine',
      from: null,
      until: fault.memcachedGoneAt ?? null,
    },
  ];
  pods.consul = [0, 1, 2].map((i) => ({
    workload: 'consul-server',
    kind: 'StatefulSet' as const,
    name: `consul-server-${i}`,
    ip: rwPodIp(b, `consul-server-${i}`),
    node: RW_NODES[i]!.name,
    container: 'consul',
    image: 'hashicorp/consul:1.19.2',
    from: null,
    until: null,
  }));
  return pods;
}

/** Restart times of one pod: the workload's restarts spread over its current pods in turn. */
function restartsOf(fault: RouteFault, workload: string, pods: KubePod[], p: KubePod): number[] {
  const r = fault.restarts?.[workload as RwApp];
  if (!r) return [];
  const current = pods.filter((x) => x.until === null);
  if (!current.includes(p)) return [];
  return r.everyPod ? r.at : r.at.filter((_x, i) => current[i % current.length] === p);
}

/** Emits the whole system's telemetry for one case. */
export function emitRoutewise(b: TelemetryBuilder, fault: RouteFault = {}): void {
  const pods = buildPods(b, fault);
  const down = (w: string) => fault.restarts?.[w as RwApp]?.downSeconds ?? 40;
  const serving = (w: string, t: number) =>
    pods[w]!.filter(
      (p) =>
        alive(p, t) &&
        !restartsOf(fault, w, pods[w]!, p).some((r) => t >= r && t < r + down(w)) &&
        !(p.from !== null && t < p.from + 20),
    );
  // Share of a workload's pods not serving: callers' calls to them fail (connection refused).
  const unservedShare = (w: string, t: number) => {
    const want = pods[w]!.filter((p) => alive(p, t)).length || 1;
    return (
      1 - serving(w, t).length / Math.max(want, pods[w]!.filter((p) => p.until === null).length)
    );
  };
  const unreachable: Record<string, Curve> = { ...(fault.effects?.unreachable ?? {}) };
  for (const w of [...RW_APPS, 'mongodb', 'memcached'] as const) {
    if (!fault.restarts?.[w] && !(w === 'memcached' && fault.memcachedGoneAt !== undefined))
      continue;
    const given = unreachable[w];
    unreachable[w] = (t) => Math.max(given?.(t) ?? 0, w === 'mongodb' ? 0 : unservedShare(w, t));
  }
  if (fault.memcachedGoneAt !== undefined) {
    const gone = fault.memcachedGoneAt;
    unreachable.memcached = (t) => (t >= gone ? 1 : 0);
  }
  const effects: Effects = { ...(fault.effects ?? {}), unreachable };
  const cache = new Map<number, Record<string, ServiceState>>();
  const frame = (t: number) => {
    let f = cache.get(t);
    if (!f) {
      f = flowAt(RW_SPECS, effects, t, b.daily(t));
      cache.set(t, f);
    }
    return f;
  };

  for (const app of RW_APPS) emitApp(b, app, fault, pods, frame, serving);
  emitMongo(b, fault, pods, frame);
  emitMemcached(b, fault, pods, frame);
  emitConsul(b, fault, pods, serving);

  // The cluster's view.
  const workloads: KubeWorkload[] = RW_APPS.map((app) => {
    const def = RW_APP_DEFS[app];
    return {
      name: app,
      namespace: RW_NS,
      kind: 'Deployment',
      cpuLimit: def.cpuLimit,
      cpuRequest: def.cpuLimit / 2,
      memLimitBytes: def.memLimit,
      cpu: (p, t) => {
        const n = Math.max(1, serving(app, t).length);
        return 0.02 + (frame(t)[app]!.rate / n) * def.cpuPerRps + (fault.extraCpu?.[app]?.(t) ?? 0);
      },
      memory: (p, t) =>
        fault.memory?.[app]?.(t) ?? def.memBytes * (1 + 0.02 * Math.sin(t / 1700 + p.ip.length)),
      restarts: (p) => restartsOf(fault, app, pods[app]!, p),
      ...(fault.restarts?.[app] ? { restartReason: fault.restarts[app]!.reason } : {}),
      restartDownSeconds: down(app),
      ...(fault.rollout?.[app] ? { rollouts: [fault.rollout[app]!.at] } : {}),
    };
  });
  workloads.push({
    name: 'mongodb',
    namespace: RW_NS,
    kind: 'StatefulSet',
    cpuLimit: 2,
    cpuRequest: 1,
    memLimitBytes: 4 * GiB,
    cpu: (p, t) =>
      p.name === 'mongodb-0'
        ? 0.15 + frame(t).mongodb!.rate * 0.0012
        : 0.1 + frame(t).mongodb!.rate * 0.0002,
    memory: () => 2.6 * GiB,
    restarts: (p) => restartsOf(fault, 'mongodb', pods.mongodb!, p),
    ...(fault.restarts?.mongodb ? { restartReason: fault.restarts.mongodb.reason } : {}),
    restartDownSeconds: down('mongodb'),
  });
  workloads.push({
    name: 'memcached',
    namespace: RW_NS,
    kind: 'Deployment',
    cpuLimit: 0.5,
    cpuRequest: 0.1,
    memLimitBytes: 1.25 * GiB,
    cpu: (_p, t) => 0.01 + frame(t).memcached!.rate * 0.00005,
    memory: () => 0.9 * GiB,
    ...(fault.memcachedGoneAt !== undefined ? { pendingFrom: fault.memcachedGoneAt } : {}),
  });
  workloads.push({
    name: 'consul-server',
    namespace: RW_NS,
    kind: 'StatefulSet',
    cpuLimit: 0.5,
    cpuRequest: 0.1,
    memLimitBytes: 512 * MiB,
    cpu: () => 0.03,
    memory: () => 110 * MiB,
  });
  const podsOf: Record<string, KubePod[]> = { ...pods, 'consul-server': pods.consul! };
  for (const w of workloads) emitWorkload(b, w, podsOf[w.name]!);
  emitNodes(b, RW_NODES, {
    busy: (node, t) => {
      let cores = 0.35;
      for (const w of workloads)
        for (const p of podsOf[w.name]!)
          if (p.node === node.name && alive(p, t)) cores += Math.min(w.cpuLimit ?? 99, w.cpu(p, t));
      return cores;
    },
    diskBusy: (node, t) =>
      node.name === RW_NODES[0]!.name ? (fault.mongoDiskBusy?.(t) ?? 0.08) : 0.04,
    iowait: (node, t) =>
      node.name === RW_NODES[0]!.name && fault.mongoDiskBusy
        ? 0.01 + 0.3 * Math.max(0, fault.mongoDiskBusy(t) - 0.3)
        : 0.01,
  });
  for (const i of [0, 1, 2])
    emitVolume(b, {
      namespace: RW_NS,
      pvc: `datadir-mongodb-${i}`,
      node: RW_NODES[i]!.name,
      capacity: 100 * GiB,
      used: (t) => fault.mongoDiskUsed?.(t) ?? 61 * GiB + (t - b.timeline.start) * 2_000,
    });
}

/** Which methods of a service make each of its calls (default: every method). */
const CALLED_BY: Partial<Record<RwApp, Record<string, string[]>>> = {
  shipment: { rates: ['CreateShipment'] },
};

/**
 * The share of one method's calls that fail at the server: its own failures
 * (concentrated on `failingMethods` when given) and those of the dependencies
 * that method calls.
 */
function methodError(
  fault: RouteFault,
  app: RwApp,
  method: string,
  states: Record<string, ServiceState>,
): number {
  const s = states[app]!;
  const def = RW_APP_DEFS[app];
  const failing = fault.failingMethods?.[app];
  let own = s.ownErrorRatio;
  if (failing) {
    const weight = failing.reduce(
      (w, n) => w + (def.methods.find((x) => x.name === n)?.weight ?? 0),
      0,
    );
    own = failing.includes(method) ? Math.min(1, s.ownErrorRatio / weight) : 0;
  }
  let ok = 1 - own;
  for (const call of RW_SPECS.find((x) => x.name === app)!.calls) {
    if (!call.critical) continue;
    const only = CALLED_BY[app]?.[call.to];
    if (only && !only.includes(method)) continue;
    const edge = s.calls[call.to]!.errorRatio;
    ok *= 1 - (only ? edge : Math.min(1, call.perRequest) * edge);
  }
  return Math.min(1, 1 - ok);
}

/** How a caller sees one method of a dependency: the method's failures plus the edge's own (unreachable, refused). */
function edgeMethodError(
  fault: RouteFault,
  caller: string,
  dep: RwApp,
  method: string,
  states: Record<string, ServiceState>,
): number {
  const edge = states[caller]!.calls[dep]!.errorRatio;
  const extra = Math.max(0, edge - states[dep]!.errorRatio);
  return Math.min(1, extra + methodError(fault, dep, method, states));
}

function emitApp(
  b: TelemetryBuilder,
  app: RwApp,
  fault: RouteFault,
  pods: Record<string, KubePod[]>,
  frame: (t: number) => Record<string, ServiceState>,
  serving: (w: string, t: number) => KubePod[],
): void {
  const def = RW_APP_DEFS[app];
  const list = pods[app]!;
  const rollout = fault.rollout?.[app];
  const failCode = (svc: string): GrpcCode => fault.codes?.[svc as RwApp] ?? 'Unavailable';
  const restarts = (p: KubePod) => restartsOf(fault, app, list, p);
  for (const p of list) {
    const version = rollout && p.from !== null ? rollout.to : def.version;
    const servingShare = (t: number) =>
      serving(app, t).includes(p) ? 1 / Math.max(1, serving(app, t).length) : 0;
    const base = {
      job: app,
      namespace: RW_NS,
      service: app,
      endpoint: 'metrics',
      pod: p.name,
      container: app,
      instance: `${p.ip}:9090`,
    };
    const resets = restarts(p);
    const present = (t: number) => (alive(p, t) ? 1 : null);
    const podRate = (t: number) =>
      present(t) === null ? null : frame(t)[app]!.rate * servingShare(t);
    const state = (t: number) => frame(t)[app]!;
    if (def.grpcService) {
      const methodErr = (m: { name: string; weight: number }, t: number) =>
        methodError(fault, app, m.name, frame(t));
      for (const m of def.methods) {
        const l = {
          ...base,
          grpc_type: 'unary',
          grpc_service: def.grpcService,
          grpc_method: m.name,
        };
        const rate = (t: number) => {
          const r = podRate(t);
          return r === null ? null : r * m.weight;
        };
        b.counter('grpc_server_started_total', l, rate, { resetsAt: resets });
        b.counter(
          'grpc_server_handled_total',
          { ...l, grpc_code: 'OK' },
          (t) => {
            const r = rate(t);
            return r === null
              ? null
              : r * (1 - methodErr(m, t)) * (m.name.startsWith('Get') ? 0.985 : 0.998);
          },
          { resetsAt: resets },
        );
        if (m.name.startsWith('Get'))
          b.counter(
            'grpc_server_handled_total',
            { ...l, grpc_code: 'NotFound' },
            (t) => {
              const r = rate(t);
              return r === null ? null : r * 0.015;
            },
            { resetsAt: resets },
          );
        else
          b.counter(
            'grpc_server_handled_total',
            { ...l, grpc_code: 'InvalidArgument' },
            (t) => {
              const r = rate(t);
              return r === null ? null : r * 0.002;
            },
            { resetsAt: resets },
          );
        const code = failCode(app);
        const everFails = b.times.some((t) => methodErr(m, t) > 0.002);
        if (everFails)
          b.counter(
            'grpc_server_handled_total',
            { ...l, grpc_code: code },
            (t) => {
              const r = rate(t);
              return r === null ? null : r * methodErr(m, t);
            },
            { resetsAt: resets },
          );
        b.histogram('grpc_server_handling_seconds', l, rate, (t) => state(t).latencyMs / 1000, {
          buckets: DEF_BUCKETS,
          sigma: 0.7,
          resetsAt: resets,
        });
      }
    } else {
      // The gateway: promhttp per route, with the code grpc-gateway maps each gRPC code to.
      for (const r of ROUTES) {
        const l = { ...base, handler: r.handler, method: r.method };
        const rate = (t: number) => {
          const x = podRate(t);
          return x === null ? null : (x * r.share) / 1;
        };
        const acc = (t: number) => state(t).calls.accounts!;
        const be = (t: number) => state(t).calls[r.backend]!;
        const backendErr = (t: number) =>
          edgeMethodError(fault, 'api-gateway', r.backend as RwApp, r.rpc, frame(t));
        const codes: Array<[string, (t: number) => number]> = [
          ['200', (t) => (1 - acc(t).errorRatio) * (1 - backendErr(t)) * 0.975],
          ['401', () => 0.012],
          [r.method === 'GET' ? '404' : '400', () => 0.013],
        ];
        const accCode = HTTP_OF[failCode('accounts')];
        const beCode = HTTP_OF[failCode(r.backend)];
        const accFails = b.times.some((t) => acc(t).errorRatio > 0.002);
        const beFails = b.times.some((t) => backendErr(t) > 0.002);
        if (accFails) codes.push([accCode, (t) => acc(t).errorRatio]);
        if (beFails)
          codes.push([
            beCode === accCode && accFails ? `${beCode}` : beCode,
            (t) => (1 - acc(t).errorRatio) * backendErr(t),
          ]);
        const merged = new Map<string, (t: number) => number>();
        for (const [c, f] of codes) {
          const prev = merged.get(c);
          merged.set(c, prev ? (t) => prev(t) + f(t) : f);
        }
        for (const [c, f] of merged)
          b.counter(
            'http_requests_total',
            { ...l, code: c },
            (t) => {
              const x = rate(t);
              return x === null ? null : x * f(t);
            },
            { resetsAt: resets },
          );
        b.histogram(
          'http_request_duration_seconds',
          l,
          rate,
          (t) => (state(t).latencyMs * 0 + 2 + acc(t).latencyMs + be(t).latencyMs) / 1000,
          { buckets: DEF_BUCKETS, sigma: 0.7, resetsAt: resets },
        );
      }
    }
    // Client side: every gRPC dependency as this pod sees it.
    const spec = RW_SPECS.find((s) => s.name === app)!;
    for (const call of spec.calls) {
      if (call.to === 'mongodb' || call.to === 'memcached') continue;
      const dep = RW_APP_DEFS[call.to as RwApp];
      for (const m of dep.methods) {
        const route = ROUTES.find((r) => r.rpc === m.name);
        if (app === 'api-gateway' && !route) continue;
        if (app === 'shipment' && m.name !== 'GetQuote') continue;
        if (app === 'api-gateway' && call.to !== 'accounts' && route!.backend !== call.to) continue;
        if (app === 'api-gateway' && call.to === 'accounts' && m.name !== 'ValidateToken') continue;
        const share =
          app === 'api-gateway' && call.to !== 'accounts'
            ? route!.share / call.perRequest
            : app === 'api-gateway'
              ? 1
              : 1;
        const l = {
          ...base,
          grpc_type: 'unary',
          grpc_service: dep.grpcService!,
          grpc_method: m.name,
        };
        const edgeErr = (t: number) =>
          edgeMethodError(fault, app, call.to as RwApp, m.name, frame(t));
        const edge = (t: number) => ({ ...state(t).calls[call.to]!, errorRatio: edgeErr(t) });
        const rate = (t: number) => {
          const x = podRate(t);
          return x === null ? null : x * call.perRequest * share;
        };
        b.counter('grpc_client_started_total', l, rate, { resetsAt: resets });
        b.counter(
          'grpc_client_handled_total',
          { ...l, grpc_code: 'OK' },
          (t) => {
            const x = rate(t);
            return x === null ? null : x * (1 - edge(t).errorRatio);
          },
          { resetsAt: resets },
        );
        if (b.times.some((t) => edge(t).errorRatio > 0.002))
          b.counter(
            'grpc_client_handled_total',
            { ...l, grpc_code: failCode(call.to) },
            (t) => {
              const x = rate(t);
              return x === null ? null : x * edge(t).errorRatio;
            },
            { resetsAt: resets },
          );
        b.histogram('grpc_client_handling_seconds', l, rate, (t) => edge(t).latencyMs / 1000, {
          buckets: DEF_BUCKETS,
          sigma: 0.7,
          resetsAt: resets,
        });
      }
    }
    // Go runtime and process collectors, and the build info.
    const mem = (t: number) => fault.memory?.[app]?.(t) ?? def.memBytes;
    b.gauge(
      'go_goroutines',
      base,
      (t) => (present(t) ? 40 + (podRate(t) ?? 0) * state(t).latencyMs * 0.05 : null),
      {
        integer: true,
      },
    );
    b.gauge('go_memstats_heap_alloc_bytes', base, (t) => (present(t) ? mem(t) * 0.55 : null));
    b.gauge('process_resident_memory_bytes', base, (t) => (present(t) ? mem(t) * 0.9 : null), {
      noise: { jitter: 0.01, spikeChance: 0 },
    });
    b.counter(
      'process_cpu_seconds_total',
      base,
      (t) => (present(t) ? 0.02 + (podRate(t) ?? 0) * def.cpuPerRps : null),
      {
        integer: false,
        initial: 0,
        resetsAt: resets,
      },
    );
    b.counter(
      'go_gc_duration_seconds_count',
      base,
      (t) => (present(t) ? 0.3 + (podRate(t) ?? 0) * 0.02 : null),
      {
        resetsAt: resets,
      },
    );
    b.counter(
      'go_gc_duration_seconds_sum',
      base,
      (t) => (present(t) ? 0.00012 * (0.3 + (podRate(t) ?? 0) * 0.02) : null),
      {
        integer: false,
        resetsAt: resets,
      },
    );
    const started = (t: number) => {
      const last = resets.filter((r) => r <= t).at(-1);
      return (
        last ?? p.from ?? b.timeline.start - 3 * 86_400 - b.rng(`start:${p.name}`).int(0, 50_000)
      );
    };
    b.gauge('process_start_time_seconds', base, (t) => (present(t) ? started(t) : null), {
      noise: false,
    });
    b.gauge('process_open_fds', base, (t) => (present(t) ? 18 + (podRate(t) ?? 0) * 0.4 : null), {
      integer: true,
    });
    b.gauge('process_max_fds', base, (t) => (present(t) ? 1_048_576 : null), { noise: false });
    b.gauge(
      `${def.program}_build_info`,
      {
        ...base,
        version: version,
        revision: b.rng(`rev:${app}:${version}`).hex(12),
        branch: 'main',
        goversion: 'go1.23.4',
        goos: 'linux',
        goarch: 'amd64',
        tags: 'netgo',
      },
      (t) => (present(t) ? 1 : null),
      { noise: false },
    );
  }
  emitAppLogs(b, app, fault, list, frame, serving);
}

function emitAppLogs(
  b: TelemetryBuilder,
  app: RwApp,
  fault: RouteFault,
  list: KubePod[],
  frame: (t: number) => Record<string, ServiceState>,
  serving: (w: string, t: number) => KubePod[],
): void {
  const def = RW_APP_DEFS[app];
  const rollout = fault.rollout?.[app];
  const failCode = (svc: string): GrpcCode => fault.codes?.[svc as RwApp] ?? 'Unavailable';
  for (const p of list) {
    const stream = rwStream(app, p.name);
    const version = rollout && p.from !== null ? rollout.to : def.version;
    const share = (t: number) =>
      serving(app, t).includes(p) ? 1 / Math.max(1, serving(app, t).length) : 0;
    const line = (
      t: number,
      level: string,
      caller: string,
      msg: string,
      fields: Record<string, string | number>,
    ) =>
      def.logger === 'zap'
        ? zapLine(t, level, caller, msg, fields)
        : logrusLine(t, level, msg, fields);
    // Start-up banner of pods that start inside the window, and after each restart.
    const starts = [
      ...(p.from !== null ? [p.from + 3] : []),
      ...restartsOf(fault, app, list, p).map((r) => r + 4),
    ];
    b.logsAt(
      stream,
      starts.flatMap((at) => [
        {
          at,
          line: line(at, 'info', 'cmd/server/main.go:61', 'starting service', {
            service: app,
            version,
            commit: b.rng(`rev:${app}:${version}`).hex(12),
            'go.version': 'go1.23.4',
          }),
        },
        {
          at: at + 0.4,
          line: line(
            at + 0.4,
            'info',
            'internal/discovery/consul.go:44',
            'registered service with consul',
            {
              service_id: `${app}-${p.name.slice(-5)}`,
              address: `${p.ip}:${app === 'api-gateway' ? 8080 : 9000}`,
            },
          ),
        },
        {
          at: at + 0.6,
          line: line(
            at + 0.6,
            'info',
            'cmd/server/main.go:88',
            app === 'api-gateway' ? 'http server listening' : 'grpc server listening',
            {
              addr: app === 'api-gateway' ? ':8080' : ':9000',
            },
          ),
        },
      ]),
    );
    if (app === 'api-gateway') {
      // The gateway logs failed requests (logrus, one line per failed request).
      b.logs(
        stream,
        (t) => {
          const s = frame(t)['api-gateway']!;
          return alive(p, t) ? s.rate * 60 * share(t) * s.errorRatio : 0;
        },
        (t, rng) => {
          const s = frame(t)['api-gateway']!;
          const deps = ['accounts', 'shipment', 'tracking', 'rates'].filter(
            (d) => s.calls[d]!.errorRatio > 0.002,
          );
          if (deps.length === 0) return null;
          const d = rng.pick(deps);
          const code = failCode(d);
          const route = ROUTES.find((r) => r.backend === d) ?? ROUTES[0];
          return logrusLine(
            t,
            code === 'Internal' || code === 'Unknown' ? 'error' : 'warning',
            'request failed',
            {
              method: route.method,
              path: route.handler
                .replace('{id}', `shp_${rng.hex(10)}`)
                .replace('{tracking_number}', `1Z${rng.hex(12).toUpperCase()}`),
              status: Number(HTTP_OF[code]),
              error:
                fault.errorText?.[d as RwApp]?.(rng) ??
                `rpc error: code = ${code} desc = ${code === 'Unavailable' ? 'connection error' : 'internal error'}`,
              duration_ms: Number((s.latencyMs * (0.5 + rng.next())).toFixed(1)),
              request_id: rng.hex(16),
            },
          );
        },
      );
      b.logs(
        stream,
        (t) => (alive(p, t) ? 4 : 0),
        (t, rng) =>
          logrusLine(t, 'info', 'request completed', {
            method: 'GET',
            path: `/v1/tracking/1Z${rng.hex(12).toUpperCase()}`,
            status: 200,
            duration_ms: Number(
              (frame(t)['api-gateway']!.latencyMs * (0.6 + rng.next())).toFixed(1),
            ),
            request_id: rng.hex(16),
          }),
      );
      continue;
    }
    // The logging interceptor: every failed call at its code's level, a sampled share of the OK ones.
    b.logs(
      stream,
      (t) => {
        if (!alive(p, t)) return 0;
        const s = frame(t)[app]!;
        return s.rate * 60 * share(t) * s.errorRatio + 3;
      },
      (t, rng) => {
        const s = frame(t)[app]!;
        const m = rng.pick(def.methods).name;
        const failed =
          rng.next() <
          (s.rate * 60 * share(t) * s.errorRatio) / (s.rate * 60 * share(t) * s.errorRatio + 3);
        const fields: Record<string, string | number> = {
          protocol: 'grpc',
          'grpc.component': 'server',
          'grpc.service': def.grpcService!,
          'grpc.method': m,
          'grpc.method_type': 'unary',
          'peer.address': `10.20.${rng.int(64, 95)}.${rng.int(2, 250)}:${rng.int(32768, 60999)}`,
          'grpc.code': 'OK',
          'grpc.time_ms': (s.latencyMs * (0.5 + rng.next())).toFixed(3),
          trace_id: rng.hex(32),
        };
        if (!failed) return line(t, 'info', 'logging/logging.go:220', 'finished call', fields);
        // A failed call: the method it failed in, in proportion to each method's failures.
        const weights = def.methods.map(
          (x) => x.weight * methodError(fault, app, x.name, frame(t)),
        );
        let pick = rng.next() * weights.reduce((a, w) => a + w, 0);
        const failedMethod =
          def.methods.find((_x, i) => (pick -= weights[i]!) <= 0) ?? def.methods[0]!;
        fields['grpc.method'] = failedMethod.name;
        // Own failure or a dependency's, in proportion.
        const own = s.ownErrorRatio / Math.max(s.errorRatio, 1e-9);
        let code: GrpcCode = failCode(app);
        let error = fault.errorText?.[app]?.(rng);
        if (rng.next() >= own) {
          const deps = Object.entries(s.calls).filter(([, e]) => e.errorRatio > 0.002);
          if (deps.length > 0) {
            const [d] = rng.pick(deps);
            error = fault.errorText?.[d as RwApp]?.(rng) ?? error;
            code = d === 'mongodb' || d === 'memcached' ? failCode(app) : failCode(d);
          }
        }
        fields['grpc.code'] = code;
        fields.error = error ?? `rpc error: code = ${code} desc = request failed`;
        return line(t, LEVEL_OF[code], 'logging/logging.go:220', 'finished call', fields);
      },
    );
  }
  for (const extra of fault.logs ?? []) {
    if (extra.app !== app) continue;
    for (const p of list) {
      const share = (t: number) =>
        alive(p, t) ? 1 / Math.max(1, list.filter((x) => alive(x, t)).length) : 0;
      b.logs(
        rwStream(app, p.name),
        (t) => extra.perMinute(t) * share(t),
        (t, rng) =>
          def.logger === 'zap'
            ? zapLine(
                t,
                extra.level,
                extra.caller ?? 'internal/store/mongo.go:112',
                extra.msg(rng, t),
                extra.fields?.(rng, t) ?? {},
              )
            : logrusLine(t, extra.level, extra.msg(rng, t), extra.fields?.(rng, t) ?? {}),
      );
    }
  }
  for (const one of fault.logsAt ?? []) {
    if (one.app !== app) continue;
    const current = list.filter((x) => x.until === null);
    const p = current[(one.podIndex ?? 0) % current.length]!;
    b.logsAt(rwStream(app, p.name), [{ at: one.at, line: one.line }]);
  }
}

function emitMongo(
  b: TelemetryBuilder,
  fault: RouteFault,
  pods: Record<string, KubePod[]>,
  frame: (t: number) => Record<string, ServiceState>,
): void {
  const mongoDown = fault.effects?.unreachable?.mongodb;
  for (const p of pods.mongodb!) {
    const primary = p.name === 'mongodb-0';
    const restarts = restartsOf(fault, 'mongodb', pods.mongodb!, p);
    const crashed = (t: number) =>
      restarts.some((r) => t >= r && t < r + (fault.restarts?.mongodb?.downSeconds ?? 40));
    const labels = {
      job: 'mongodb',
      namespace: RW_NS,
      service: 'mongodb-metrics',
      pod: p.name,
      instance: `${p.ip}:9216`,
      rs_nm: 'rs0',
      rs_state: primary ? '1' : '2',
    };
    const up = (t: number) => (crashed(t) ? 0 : 1);
    b.gauge('mongodb_up', labels, up, { noise: false });
    const on = (t: number, v: number) => (up(t) === 0 ? null : v);
    const ops = (t: number) => (primary ? frame(t).mongodb!.rate : 0) * (1 - (mongoDown?.(t) ?? 0));
    b.gauge(
      'mongodb_ss_connections',
      { ...labels, conn_type: 'current' },
      (t) => on(t, (primary ? 74 : 14) + (primary ? (fault.mongoConnections?.(t) ?? 0) : 0)),
      { integer: true, noise: { jitter: 0.03 } },
    );
    b.gauge(
      'mongodb_ss_connections',
      { ...labels, conn_type: 'available' },
      (t) => on(t, 838_860 - 80),
      {
        noise: false,
      },
    );
    b.counter(
      'mongodb_ss_connections_totalCreated',
      labels,
      (t) => on(t, 0.05 + (primary ? (fault.mongoConnections?.(t) ?? 0) * 0.002 : 0)),
      {
        resetsAt: restarts,
      },
    );
    for (const [op, share] of [
      ['query', 0.62],
      ['insert', 0.13],
      ['update', 0.16],
      ['delete', 0.01],
      ['getmore', 0.03],
      ['command', 0.05],
    ] as const)
      b.counter(
        'mongodb_ss_opcounters',
        { ...labels, legacy_op_type: op },
        (t) => on(t, ops(t) * share + (op === 'command' ? 1.2 : 0)),
        {
          resetsAt: restarts,
        },
      );
    if (!primary)
      for (const [op, share] of [
        ['insert', 0.13],
        ['update', 0.16],
      ] as const)
        b.counter(
          'mongodb_ss_opcountersRepl',
          { ...labels, legacy_op_type: op },
          (t) => on(t, frame(t).mongodb!.rate * share),
          {
            resetsAt: restarts,
          },
        );
    for (const [opType, share] of [
      ['reads', 0.65],
      ['writes', 0.3],
      ['commands', 0.05],
    ] as const) {
      b.counter(
        'mongodb_ss_opLatencies_ops',
        { ...labels, op_type: opType },
        (t) => on(t, ops(t) * share + 0.5),
        {
          resetsAt: restarts,
        },
      );
      b.counter(
        'mongodb_ss_opLatencies_latency',
        { ...labels, op_type: opType },
        (t) => on(t, (ops(t) * share + 0.5) * frame(t).mongodb!.latencyMs * 1000),
        { resetsAt: restarts },
      );
    }
    b.gauge(
      'mongodb_ss_globalLock_currentQueue',
      { ...labels, count_type: 'readers' },
      (t) =>
        on(t, primary ? Math.max(0, (frame(t).mongodb!.latencyMs - 1.1) * ops(t) * 0.0006) : 0),
      { noise: false },
    );
    b.gauge(
      'mongodb_ss_globalLock_currentQueue',
      { ...labels, count_type: 'writers' },
      (t) =>
        on(t, primary ? Math.max(0, (frame(t).mongodb!.latencyMs - 1.1) * ops(t) * 0.0003) : 0),
      { noise: false },
    );
    b.gauge('mongodb_ss_mem_resident', labels, (t) => on(t, 2_480), { noise: { jitter: 0.005 } });
    b.gauge('mongodb_ss_wt_cache_bytes_currently_in_the_cache', labels, (t) => on(t, 1.42 * GiB), {
      noise: { jitter: 0.01 },
    });
    b.counter('mongodb_ss_asserts', { ...labels, assert_type: 'user' }, (t) => on(t, 0.02), {
      resetsAt: restarts,
    });
    b.gauge(
      'mongodb_ss_uptime',
      labels,
      (t) => {
        const last = restarts.filter((r) => r <= t).at(-1);
        return on(t, last !== undefined ? t - last : t - b.timeline.start + 1_900_000);
      },
      { noise: false },
    );
    // mongod's own log: connections, checkpoints, slow operations (over 100 ms).
    const stream = rwStream('mongodb', p.name, 'mongod');
    b.logs(
      stream,
      (t) => (crashed(t) ? 0 : 1.5),
      (t, rng) =>
        rng.next() < 0.5
          ? mongodLine(t, 'I', 'NETWORK', 22943, 'listener', 'Connection accepted', {
              remote: `10.20.${rng.int(64, 95)}.${rng.int(2, 250)}:${rng.int(32768, 60999)}`,
              connectionId: rng.int(100_000, 999_999),
              connectionCount: primary ? rng.int(70, 80) : rng.int(12, 16),
            })
          : mongodLine(
              t,
              'I',
              'NETWORK',
              22944,
              `conn${rng.int(100_000, 999_999)}`,
              'Connection ended',
              {
                remote: `10.20.${rng.int(64, 95)}.${rng.int(2, 250)}:${rng.int(32768, 60999)}`,
                connectionCount: primary ? rng.int(70, 80) : rng.int(12, 16),
              },
            ),
    );
    b.logs(
      stream,
      (t) => (crashed(t) ? 0 : 1),
      (t, rng) =>
        mongodLine(t, 'I', 'WTCHKPT', 22430, 'Checkpointer', 'WiredTiger message', {
          message: {
            ts_sec: Math.floor(t),
            ts_usec: 0,
            thread: `1:0x7f${rng.hex(10)}`,
            session_name: 'WT_SESSION.checkpoint',
            category: 'WT_VERB_CHECKPOINT_PROGRESS',
            verbose_level: 'DEBUG_1',
            msg: `saving checkpoint snapshot min: ${rng.int(1e6, 9e6)}, snapshot max: ${rng.int(1e6, 9e6)} snapshot count: 0, oldest timestamp: (${Math.floor(t) - 300}, 1)`,
          },
        }),
    );
    if (primary)
      b.logs(
        stream,
        (t) =>
          crashed(t)
            ? 0
            : 0.6 +
              ops(t) * 60 * Math.max(0, Math.min(0.2, (frame(t).mongodb!.latencyMs - 1.3) / 40)),
        (t, rng) => {
          const ns = rng.pick([
            'routewise.shipments',
            'routewise.tracking_events',
            'routewise.rate_cards',
          ]);
          const ms = Math.round(
            Math.max(101, frame(t).mongodb!.latencyMs * (40 + rng.next() * 80)),
          );
          return mongodLine(
            t,
            'I',
            'COMMAND',
            51803,
            `conn${rng.int(100_000, 999_999)}`,
            'Slow query',
            {
              type: 'command',
              ns,
              command: { find: ns.split('.')[1], filter: { _id: '?' }, $db: 'routewise' },
              planSummary: 'IXSCAN { _id: 1 }',
              keysExamined: 1,
              docsExamined: 1,
              numYields: rng.int(0, 4),
              durationMillis: ms,
            },
          );
        },
      );
  }
  for (const extra of fault.logs ?? []) {
    if (extra.app !== 'mongodb') continue;
    b.logs(rwStream('mongodb', 'mongodb-0', 'mongod'), extra.perMinute, (t, rng) =>
      extra.msg(rng, t),
    );
  }
  for (const one of fault.logsAt ?? [])
    if (one.app === 'mongodb')
      b.logsAt(rwStream('mongodb', `mongodb-${one.podIndex ?? 0}`, 'mongod'), [
        { at: one.at, line: one.line },
      ]);
}

function emitMemcached(
  b: TelemetryBuilder,
  fault: RouteFault,
  pods: Record<string, KubePod[]>,
  frame: (t: number) => Record<string, ServiceState>,
): void {
  const p = pods.memcached![0]!;
  const labels = {
    job: 'memcached',
    namespace: RW_NS,
    service: 'memcached-metrics',
    pod: p.name,
    instance: `${p.ip}:9150`,
  };
  const on = (t: number, v: number) => (alive(p, t) ? v : null);
  b.gauge('memcached_up', labels, (t) => on(t, 1), { noise: false });
  const gets = (t: number) => frame(t).memcached!.rate;
  b.counter('memcached_commands_total', { ...labels, command: 'get', status: 'hit' }, (t) =>
    on(t, gets(t) * 0.91),
  );
  b.counter('memcached_commands_total', { ...labels, command: 'get', status: 'miss' }, (t) =>
    on(t, gets(t) * 0.09),
  );
  b.counter('memcached_commands_total', { ...labels, command: 'set', status: 'hit' }, (t) =>
    on(t, gets(t) * 0.09),
  );
  b.gauge('memcached_current_connections', labels, (t) => on(t, 38), {
    integer: true,
    noise: { jitter: 0.05 },
  });
  b.counter('memcached_connections_total', labels, (t) => on(t, 0.02));
  b.gauge('memcached_current_items', labels, (t) => on(t, 412_000), {
    integer: true,
    noise: { jitter: 0.01 },
  });
  b.gauge('memcached_current_bytes', labels, (t) => on(t, 0.82 * GiB), {
    noise: { jitter: 0.005 },
  });
  b.gauge('memcached_limit_bytes', labels, (t) => on(t, 1 * GiB), { noise: false });
  b.counter('memcached_items_evicted_total', labels, (t) => on(t, 0.4));
  b.gauge('memcached_uptime_seconds', labels, (t) => on(t, t - b.timeline.start + 2_400_000), {
    noise: false,
  });
  // memcached writes almost nothing to its log at the default verbosity; the exporter logs its scrapes' failures only.
  b.logsAt(rwStream('memcached', p.name, 'memcached-exporter'), [
    {
      at: b.timeline.start + 60,
      line: `ts=${new Date((b.timeline.start + 60) * 1000).toISOString()} caller=main.go:160 level=info msg="Starting memcached_exporter" version="(version=0.14.4, branch=HEAD, revision=7b5ad2b)"`,
    },
  ]);
  for (const extra of fault.logs ?? []) {
    if (extra.app !== 'memcached') continue;
    b.logs(rwStream('memcached', p.name, 'memcached'), extra.perMinute, (t, rng) =>
      extra.msg(rng, t),
    );
  }
}

function emitConsul(
  b: TelemetryBuilder,
  fault: RouteFault,
  pods: Record<string, KubePod[]>,
  serving: (w: string, t: number) => KubePod[],
): void {
  const labels = { job: 'consul-exporter', namespace: RW_NS, instance: 'consul-exporter:9107' };
  b.gauge('consul_up', labels, () => 1, { noise: false });
  b.gauge('consul_raft_leader', labels, () => 1, { noise: false });
  b.gauge('consul_raft_peers', labels, () => 3, { noise: false });
  b.gauge('consul_serf_lan_members', labels, () => 3 + RW_NODES.length, { noise: false });
  b.gauge('consul_catalog_services', labels, () => RW_APPS.length + 1, { noise: false });
  for (const app of RW_APPS)
    for (const p of pods[app]!) {
      const id = `${app}-${p.name.slice(-5)}`;
      const node = p.node;
      const l = { ...labels, check: `service:${id}`, node, service_id: id, service_name: app };
      const healthy = (t: number) => serving(app, t).includes(p);
      for (const status of ['passing', 'warning', 'critical', 'maintenance'] as const)
        b.gauge(
          'consul_health_service_status',
          { ...l, status },
          (t) => {
            if (!alive(p, t)) return null;
            if (status === 'passing') return healthy(t) ? 1 : 0;
            if (status === 'critical') return healthy(t) ? 0 : 1;
            return 0;
          },
          { noise: false },
        );
      b.gauge(
        'consul_catalog_service_node_healthy',
        { ...labels, node, service_id: id, service_name: app },
        (t) => (alive(p, t) ? (healthy(t) ? 1 : 0) : null),
        { noise: false },
      );
    }
  // Every agent syncs its checks; failing checks are logged as they change.
  for (const i of [0, 1, 2]) {
    const stream = rwStream('consul-server', `consul-server-${i}`, 'consul');
    b.logs(
      stream,
      () => 0.5,
      (t, rng) =>
        hclogLine(
          t,
          'info',
          `agent: Synced check: check=service:${rng.pick(RW_APPS)}-${rng.hex(5)}`,
        ),
    );
  }
  for (const app of RW_APPS) {
    const downs = (fault.restarts?.[app]?.at ?? []).slice(0, 12);
    b.logsAt(
      rwStream('consul-server', 'consul-server-0', 'consul'),
      downs.map((at) => ({
        at: at + 12,
        line: hclogLine(
          at + 12,
          'warn',
          `agent: Check is now critical: check=service:${app}-${b.rng(`cid:${at}`).hex(5)}`,
        ),
      })),
    );
  }
  for (const extra of fault.logs ?? []) {
    if (extra.app !== 'consul') continue;
    b.logs(rwStream('consul-server', 'consul-server-0', 'consul'), extra.perMinute, (t, rng) =>
      extra.msg(rng, t),
    );
  }
}

export const onset = (faultStart: number, rampSeconds: number) => (t: number) =>
  t < faultStart ? 0 : rampSeconds <= 0 ? 1 : Math.min(1, (t - faultStart) / rampSeconds);

/** The services the Routewise workspace declares. */
export const RW_SERVICES: EvalService[] = [
  {
    name: 'api-gateway',
    description: 'Public HTTP/JSON API (grpc-gateway) in front of the gRPC services',
    aliases: ['gateway', 'api'],
    labelMatchers: { prometheus: { job: 'api-gateway' }, loki: { app: 'api-gateway' } },
  },
  {
    name: 'accounts',
    description: 'API keys and tokens (gRPC)',
    aliases: ['auth'],
    labelMatchers: {},
  },
  {
    name: 'shipment',
    description: 'Shipments: create, look up, list (gRPC, MongoDB)',
    aliases: ['shipments'],
    labelMatchers: { prometheus: { job: 'shipment' } },
  },
  {
    name: 'rates',
    description: 'Carrier rate quotes (gRPC, memcached cache)',
    aliases: ['quotes', 'pricing'],
    labelMatchers: {},
  },
  {
    name: 'tracking',
    description: 'Tracking events from carriers (gRPC, MongoDB)',
    aliases: [],
    labelMatchers: {},
  },
  {
    name: 'mongodb',
    description: 'MongoDB 7 replica set rs0 (mongodb-0..2)',
    aliases: ['mongo', 'rs0'],
    labelMatchers: { prometheus: { job: 'mongodb' } },
  },
  {
    name: 'memcached',
    description: 'Token and quote cache',
    aliases: ['cache'],
    labelMatchers: {},
  },
  {
    name: 'consul',
    description: 'Service registry and health checks',
    aliases: [],
    labelMatchers: {},
  },
];
