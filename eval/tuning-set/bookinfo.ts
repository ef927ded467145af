/**
 * Istio's Bookinfo sample on Kubernetes, as a team would run it: the four
 * services of the sample (productpage in Python, details in Ruby, reviews v1-v3
 * in Java on Open Liberty, ratings in Node.js) with ratings backed by MySQL
 * (the sample's `ratings-v2-mysql` and `mysqldb`), behind the Istio ingress
 * gateway, every pod with an Envoy sidecar.
 *
 * What is scraped and shipped, by standard names:
 * - Istio standard metrics from every sidecar (`istio_requests_total`,
 *   `istio_request_duration_milliseconds_bucket`, `istio_tcp_*`), reported by
 *   the source and by the destination, with the full standard label set.
 * - cAdvisor (`container_*`), kube-state-metrics (`kube_*`), node-exporter on
 *   the three worker nodes, mysqld_exporter beside MySQL.
 * - Logs through promtail: each container's stdout. The mesh's Telemetry
 *   resource logs only failed requests (`response.code >= 400 || response.code == 0`),
 *   in Envoy's default text format; the apps log what the sample's code logs.
 */
import type { TelemetryBuilder } from '../independent/builder.js';
import { iso } from '../independent/builder.js';
import {
  flowAt,
  type Curve,
  type Effects,
  type ServiceSpec,
  type ServiceState,
} from '../independent/flow.js';
import { podSuffix, type Rng } from '../independent/random.js';
import type { EvalService } from '../eval-case.js';

export const NAMESPACE = 'bookinfo';

export interface Workload {
  name: string;
  app: string;
  version: string;
  namespace: string;
  /** The app container's name. */
  container: string;
  image: string;
  node: string;
  podIp: string;
  serviceAccount: string;
  /** App container CPU at the daily mean traffic, cores. */
  baseCpu: number;
  cpuLimit: number | null;
  baseMemMiB: number;
  memLimitMiB: number | null;
  port: number;
}

export const NODES = [
  { name: 'ip-10-0-1-37.ec2.internal', ip: '10.0.1.37', cpus: 4, memGiB: 16 },
  { name: 'ip-10-0-2-114.ec2.internal', ip: '10.0.2.114', cpus: 4, memGiB: 16 },
  { name: 'ip-10-0-3-201.ec2.internal', ip: '10.0.3.201', cpus: 4, memGiB: 16 },
] as const;
const [nodeA, nodeB, nodeC] = NODES;

const w = (
  x: Omit<Workload, 'namespace' | 'serviceAccount'> & { namespace?: string },
): Workload => ({
  namespace: NAMESPACE,
  serviceAccount: `bookinfo-${x.app}`,
  ...x,
});

export const WORKLOADS: Record<string, Workload> = {
  'istio-ingressgateway': {
    name: 'istio-ingressgateway',
    app: 'istio-ingressgateway',
    version: 'unknown',
    namespace: 'istio-system',
    container: 'istio-proxy',
    image: 'docker.io/istio/proxyv2:1.24.2',
    node: nodeA.name,
    podIp: '10.244.0.18',
    serviceAccount: 'istio-ingressgateway-service-account',
    baseCpu: 0.04,
    cpuLimit: 2,
    baseMemMiB: 62,
    memLimitMiB: 1024,
    port: 8080,
  },
  'productpage-v1': w({
    name: 'productpage-v1',
    app: 'productpage',
    version: 'v1',
    container: 'productpage',
    image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.2',
    node: nodeA.name,
    podIp: '10.244.0.41',
    baseCpu: 0.06,
    cpuLimit: 0.5,
    baseMemMiB: 118,
    memLimitMiB: 512,
    port: 9080,
  }),
  'details-v1': w({
    name: 'details-v1',
    app: 'details',
    version: 'v1',
    container: 'details',
    image: 'docker.io/istio/examples-bookinfo-details-v1:1.20.2',
    node: nodeA.name,
    podIp: '10.244.0.37',
    baseCpu: 0.01,
    cpuLimit: null,
    baseMemMiB: 38,
    memLimitMiB: 256,
    port: 9080,
  }),
  'reviews-v1': w({
    name: 'reviews-v1',
    app: 'reviews',
    version: 'v1',
    container: 'reviews',
    image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.2',
    node: nodeB.name,
    podIp: '10.244.1.23',
    baseCpu: 0.03,
    cpuLimit: 1,
    baseMemMiB: 212,
    memLimitMiB: 1024,
    port: 9080,
  }),
  'reviews-v2': w({
    name: 'reviews-v2',
    app: 'reviews',
    version: 'v2',
    container: 'reviews',
    image: 'docker.io/istio/examples-bookinfo-reviews-v2:1.20.2',
    node: nodeB.name,
    podIp: '10.244.1.27',
    baseCpu: 0.03,
    cpuLimit: 1,
    baseMemMiB: 220,
    memLimitMiB: 1024,
    port: 9080,
  }),
  'reviews-v3': w({
    name: 'reviews-v3',
    app: 'reviews',
    version: 'v3',
    container: 'reviews',
    image: 'docker.io/istio/examples-bookinfo-reviews-v3:1.20.2',
    node: nodeC.name,
    podIp: '10.244.2.19',
    baseCpu: 0.03,
    cpuLimit: 1,
    baseMemMiB: 224,
    memLimitMiB: 1024,
    port: 9080,
  }),
  'ratings-v2-mysql': w({
    name: 'ratings-v2-mysql',
    app: 'ratings',
    version: 'v2-mysql',
    container: 'ratings',
    image: 'docker.io/istio/examples-bookinfo-ratings-v2:1.20.2',
    node: nodeB.name,
    podIp: '10.244.1.31',
    baseCpu: 0.015,
    cpuLimit: null,
    baseMemMiB: 46,
    memLimitMiB: 256,
    port: 9080,
  }),
  'mysqldb-v1': w({
    name: 'mysqldb-v1',
    app: 'mysqldb',
    version: 'v1',
    container: 'mysqldb',
    image: 'docker.io/istio/examples-bookinfo-mysqldb:1.20.2',
    node: nodeC.name,
    podIp: '10.244.2.8',
    baseCpu: 0.05,
    cpuLimit: null,
    baseMemMiB: 410,
    memLimitMiB: 2048,
    port: 3306,
  }),
};

/** Kubernetes Service ClusterIPs (what a sidecar log shows as the original destination). */
export const CLUSTER_IPS: Record<string, string> = {
  productpage: '10.100.14.201',
  details: '10.100.88.12',
  reviews: '10.100.47.90',
  ratings: '10.100.203.5',
  mysqldb: '10.100.61.33',
};

/** The request graph. Failed details/reviews/ratings calls degrade the page; they do not fail it. */
export const SPECS: ServiceSpec[] = [
  {
    name: 'istio-ingressgateway',
    entryRate: 2.2,
    latencyMs: 1,
    calls: [{ to: 'productpage-v1', perRequest: 1, critical: true }],
  },
  {
    name: 'productpage-v1',
    latencyMs: 16,
    calls: [
      { to: 'details-v1', perRequest: 1, critical: false },
      { to: 'reviews-v1', perRequest: 1 / 3, critical: false },
      { to: 'reviews-v2', perRequest: 1 / 3, critical: false },
      { to: 'reviews-v3', perRequest: 1 / 3, critical: false },
    ],
  },
  { name: 'details-v1', latencyMs: 3, calls: [] },
  { name: 'reviews-v1', latencyMs: 21, calls: [] },
  {
    name: 'reviews-v2',
    latencyMs: 24,
    calls: [{ to: 'ratings-v2-mysql', perRequest: 1, critical: false }],
  },
  {
    name: 'reviews-v3',
    latencyMs: 24,
    calls: [{ to: 'ratings-v2-mysql', perRequest: 1, critical: false }],
  },
  {
    name: 'ratings-v2-mysql',
    latencyMs: 5,
    calls: [{ to: 'mysqldb-v1', perRequest: 1, critical: true }],
  },
  { name: 'mysqldb-v1', latencyMs: 1.5, calls: [] },
];

/** Request paths per destination app (what Envoy logs). */
const PATHS: Record<string, string> = {
  productpage: '/productpage',
  details: '/details/0',
  reviews: '/reviews/0',
  ratings: '/ratings/0',
};
const USER_AGENTS: Record<string, string> = {
  'istio-ingressgateway':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'productpage-v1': 'python-requests/2.32.3',
  'reviews-v1': 'Apache-CXF/3.1.18',
  'reviews-v2': 'Apache-CXF/3.1.18',
  'reviews-v3': 'Apache-CXF/3.1.18',
};

/** How one class of failed calls on an edge looks. */
export interface EdgeFailure {
  /** HTTP status the caller's sidecar reports ("0": the client went away first). */
  code: string;
  /** Envoy response flags ("-" for none). */
  flags: string;
  /** Envoy %RESPONSE_CODE_DETAILS%. */
  details: string;
  /** Share of the edge's calls. */
  share: number;
  latencyMs: number;
  /** The status the destination's sidecar reports for these calls, or null when they never reached it. */
  serverCode: string | null;
  /** %UPSTREAM_TRANSPORT_FAILURE_REASON% ("-" when none). */
  transportFailure?: string;
}

export interface EdgeFrame {
  rate: number;
  okLatencyMs: number;
  /** Envoy flags on the calls that succeed ("DI" while a delay is injected; default "-"). */
  okFlags?: string;
  failures: EdgeFailure[];
  /** The destination's own processing latency (what its sidecar reports). */
  serverLatencyMs: number;
}

export interface Frame {
  flow: Record<string, ServiceState>;
  /** Keyed `caller>dependency`. */
  edges: Record<string, EdgeFrame>;
}

export interface BookinfoFault {
  effects?: Effects;
  /** Rewrites a moment's edges (timeouts, retries, fault-filter flags) before anything is written. */
  adjust?: (frame: Frame, t: number) => void;
  /** Extra CPU of a workload's app container, cores. */
  extraCpu?: Record<string, Curve>;
  /** The app container's working set, MiB, replacing the normal one. */
  memoryMiB?: Record<string, Curve>;
  /** App container restarts (times) and the reason kube-state reports for the last one. */
  restarts?: Record<string, { at: number[]; reason: string }>;
  /** A rollout: the pod is replaced at `at`, the image tag changes, the deployment's generation rises. */
  rollout?: Record<string, { at: number; image: string }>;
  /** Extra busy CPU on a node (cores), from something outside the mesh. */
  nodeBusy?: Record<string, Curve>;
  /** The per-node CPU steal-free slowdown comes from the case's effects; this only colours node metrics. */
  /** Extra TCP retransmitted segments per second on a node (packet loss on one of its pods). */
  retransmits?: Record<string, Curve>;
  /** Istio resources applied (istiod logs a push for each), e.g. `VirtualService/bookinfo/ratings`. */
  istioConfig?: Array<{ at: number; resource: string }>;
  mysql?: {
    maxConnections?: number;
    /** Connections held by clients other than ratings. */
    otherConnections?: Curve;
    /** Share of ratings' connection attempts refused (ER_CON_COUNT_ERROR). */
    refused?: Curve;
  };
}

export const edgeKey = (caller: string, dep: string) => `${caller}>${dep}`;
const fqdn = (app: string) => `${app}.${NAMESPACE}.svc.cluster.local`;

/** The default shape of a moment: flow, then failures split into what reached the server and what did not. */
function frameAt(specs: readonly ServiceSpec[], effects: Effects, t: number, daily: number): Frame {
  const flow = flowAt(specs, effects, t, daily);
  const edges: Record<string, EdgeFrame> = {};
  for (const spec of specs) {
    for (const call of spec.calls) {
      const edge = flow[spec.name]!.calls[call.to]!;
      const dep = flow[call.to]!;
      const blocked = Math.min(
        1,
        Math.max(
          effects.unreachable?.[call.to]?.(t) ?? 0,
          effects.errorsCalling?.[spec.name]?.[call.to]?.(t) ?? 0,
        ),
      );
      const server = (1 - blocked) * dep.errorRatio;
      const lost = Math.max(0, edge.errorRatio - blocked - server);
      const failures: EdgeFailure[] = [];
      if (blocked > 0)
        failures.push({
          code: '503',
          flags: 'UF',
          details: 'upstream_reset_before_response_started{remote_connection_failure}',
          share: blocked,
          latencyMs: effects.failLatencyMs?.[call.to]?.(t) ?? 1.2,
          serverCode: null,
          transportFailure: 'delayed_connect_error:_Connection_refused',
        });
      if (server > 0)
        failures.push({
          code: '500',
          flags: '-',
          details: 'via_upstream',
          share: server,
          latencyMs: dep.latencyMs,
          serverCode: '500',
        });
      if (lost > 0)
        failures.push({
          code: '503',
          flags: 'URX,UF',
          details: 'upstream_reset_before_response_started{connection_timeout}',
          share: lost,
          latencyMs: 10_000,
          serverCode: null,
        });
      const netDelay = effects.networkDelayMs?.[call.to]?.(t) ?? 0;
      const loss = effects.packetLoss?.[call.to]?.(t) ?? 0;
      edges[edgeKey(spec.name, call.to)] = {
        rate: edge.rate,
        okLatencyMs: dep.latencyMs + netDelay + loss * 400,
        failures,
        serverLatencyMs: dep.latencyMs,
      };
    }
  }
  return { flow, edges };
}

/** Istio's default request-duration buckets, milliseconds. */
const ISTIO_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
  1800000, 3600000,
];

export interface Pod {
  workload: Workload;
  name: string;
  /** Unix seconds the pod exists from / until (null: the whole window). */
  from: number | null;
  until: number | null;
  image: string;
}

/** The pods of each workload over the window (two for a workload rolled out). */
export function podsOf(b: TelemetryBuilder, fault: BookinfoFault): Record<string, Pod[]> {
  const pods: Record<string, Pod[]> = {};
  for (const wl of Object.values(WORKLOADS)) {
    const first = `${wl.name}-${podSuffix(b.rng(`pod:${wl.name}`))}`;
    const rollout = fault.rollout?.[wl.name];
    if (!rollout) {
      pods[wl.name] = [{ workload: wl, name: first, from: null, until: null, image: wl.image }];
      continue;
    }
    const second = `${wl.name}-${podSuffix(b.rng(`pod:${wl.name}:new`))}`;
    pods[wl.name] = [
      { workload: wl, name: first, from: null, until: rollout.at + 45, image: wl.image },
      { workload: wl, name: second, from: rollout.at, until: null, image: rollout.image },
    ];
  }
  return pods;
}

const alive = (p: Pod, t: number) =>
  (p.from === null || t >= p.from) && (p.until === null || t < p.until);
/** A pod's share of its workload's traffic at `t` (both pods share it while a rollout overlaps). */
function podShare(pods: Pod[], p: Pod, t: number): number | null {
  if (!alive(p, t)) return null;
  const live = pods.filter((x) => alive(x, t)).length;
  return 1 / live;
}

function istioLabels(input: {
  reporter: 'source' | 'destination';
  src: Workload;
  dst: Workload;
  code: string;
  flags: string;
  pod: Pod;
}): Record<string, string> {
  const { reporter, src, dst, code, flags, pod } = input;
  const principal = (x: Workload) =>
    `spiffe://cluster.local/ns/${x.namespace}/sa/${x.serviceAccount}`;
  return {
    job: 'istio-system/envoy-stats-monitor',
    namespace: pod.workload.namespace,
    pod: pod.name,
    instance: `${pod.workload.podIp}:15090`,
    app: pod.workload.app,
    version: pod.workload.version,
    reporter,
    source_workload: src.name,
    source_workload_namespace: src.namespace,
    source_principal: principal(src),
    source_app: src.app,
    source_version: src.version,
    source_canonical_service: src.app,
    source_canonical_revision: src.version === 'unknown' ? 'latest' : src.version,
    source_cluster: 'Kubernetes',
    destination_workload: dst.name,
    destination_workload_namespace: dst.namespace,
    destination_principal: principal(dst),
    destination_app: dst.app,
    destination_version: dst.version,
    destination_service: fqdn(dst.app),
    destination_service_name: dst.app,
    destination_service_namespace: dst.namespace,
    destination_canonical_service: dst.app,
    destination_canonical_revision: dst.version,
    destination_cluster: 'Kubernetes',
    request_protocol: 'http',
    response_code: code,
    grpc_response_status: '',
    response_flags: flags,
    connection_security_policy: reporter === 'destination' ? 'mutual_tls' : 'unknown',
  };
}

/** An Envoy access log line in Istio's default text format. */
export function envoyLine(input: {
  t: number;
  rng: Rng;
  direction: 'outbound' | 'inbound';
  method?: string;
  path: string;
  code: string;
  flags: string;
  details: string;
  transportFailure?: string;
  durationMs: number;
  src: Workload;
  dst: Workload;
  userAgent: string;
}): string {
  const { t, rng, direction, code, flags, details, src, dst } = input;
  const id = `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
  const duration = Math.max(0, Math.round(input.durationMs));
  const reached = code !== '0' && flags === '-';
  const upstreamTime = reached ? String(Math.max(0, duration - 1)) : '-';
  const srcPort = rng.int(32768, 60999);
  const bytesSent = code === '0' ? 0 : flags === '-' ? rng.int(90, 900) : code === '503' ? 91 : 18;
  const authority = `${dst.app}:${dst.port}`;
  const tf = input.transportFailure ?? '-';
  if (direction === 'outbound') {
    const upstreamHost =
      flags.includes('UF') || flags.includes('UH') || flags === 'FI'
        ? '-'
        : `${dst.podIp}:${dst.port}`;
    return `[${iso(t)}] "${input.method ?? 'GET'} ${input.path} HTTP/1.1" ${code} ${flags} ${details} - "${tf}" 0 ${bytesSent} ${duration} ${upstreamTime} "-" "${input.userAgent}" "${id}" "${authority}" "${upstreamHost}" outbound|${dst.port}||${fqdn(dst.app)} ${upstreamHost === '-' ? '-' : `${src.podIp}:${rng.int(32768, 60999)}`} ${CLUSTER_IPS[dst.app] ?? dst.podIp}:${dst.port} ${src.podIp}:${srcPort} - default`;
  }
  return `[${iso(t)}] "${input.method ?? 'GET'} ${input.path} HTTP/1.1" ${code} ${flags} ${details} - "${tf}" 0 ${bytesSent} ${duration} ${upstreamTime} "-" "${input.userAgent}" "${id}" "${authority}" "${dst.podIp}:${dst.port}" inbound|${dst.port}|| 127.0.0.6:${rng.int(32768, 60999)} ${dst.podIp}:${dst.port} ${src.podIp}:${srcPort} outbound_.${dst.port}_._.${fqdn(dst.app)} default`;
}

/**
 * Writes the whole system for one case: every series and log stream a
 * healthy Bookinfo has, bent by `fault`. Returns the frames and pods, for a
 * case that adds its own lines.
 */
export function emitBookinfo(
  b: TelemetryBuilder,
  fault: BookinfoFault = {},
): { frameAt: (t: number) => Frame; pods: Record<string, Pod[]> } {
  const effects = fault.effects ?? {};
  const frames = new Map<number, Frame>();
  for (const t of b.times) {
    const frame = frameAt(SPECS, effects, t, b.daily(t));
    fault.adjust?.(frame, t);
    frames.set(t, frame);
  }
  const frameOf = (t: number): Frame => {
    const exact = frames.get(t);
    if (exact) return exact;
    const snapped = Math.floor(t / b.timeline.step) * b.timeline.step;
    return frames.get(snapped) ?? frameAt(SPECS, effects, t, b.daily(t));
  };
  const pods = podsOf(b, fault);
  const meanRate: Record<string, number> = {};
  const base = flowAt(SPECS, {}, b.timeline.start, 1);
  for (const [name, state] of Object.entries(base)) meanRate[name] = Math.max(state.rate, 0.01);

  emitIstio(b, frameOf, pods);
  emitContainers(b, fault, frameOf, pods, meanRate);
  emitNodes(b, fault, frameOf, meanRate);
  emitMysql(b, fault, frameOf, pods);
  emitAppLogs(b, fault, frameOf, pods);
  emitIstiod(b, fault);
  return { frameAt: frameOf, pods };
}

function emitIstio(
  b: TelemetryBuilder,
  frameOf: (t: number) => Frame,
  pods: Record<string, Pod[]>,
): void {
  for (const spec of SPECS) {
    const src = WORKLOADS[spec.name]!;
    for (const call of spec.calls) {
      const dst = WORKLOADS[call.to]!;
      const key = edgeKey(spec.name, call.to);
      if (dst.app === 'mysqldb') {
        emitTcp(b, frameOf, pods, src, dst, key);
        continue;
      }
      // Every (code, flags) pair the edge ever shows, on each side.
      const sourceKinds = new Map<string, { code: string; flags: string }>();
      const destKinds = new Map<string, { code: string }>();
      sourceKinds.set('200|-', { code: '200', flags: '-' });
      destKinds.set('200', { code: '200' });
      for (const t of b.times) {
        const okFlags = frameOf(t).edges[key]!.okFlags ?? '-';
        sourceKinds.set(`200|${okFlags}`, { code: '200', flags: okFlags });
        for (const f of frameOf(t).edges[key]!.failures) {
          if (f.share <= 0) continue;
          sourceKinds.set(`${f.code}|${f.flags}`, { code: f.code, flags: f.flags });
          if (f.serverCode) destKinds.set(f.serverCode, { code: f.serverCode });
        }
      }
      for (const srcPod of pods[spec.name]!) {
        for (const kind of sourceKinds.values()) {
          const share = (t: number): number => {
            const e = frameOf(t).edges[key]!;
            if (kind.code === '200')
              return (e.okFlags ?? '-') === kind.flags
                ? 1 - e.failures.reduce((s, f) => s + f.share, 0)
                : 0;
            return e.failures
              .filter((f) => f.code === kind.code && f.flags === kind.flags)
              .reduce((s, f) => s + f.share, 0);
          };
          const latency = (t: number): number => {
            const e = frameOf(t).edges[key]!;
            if (kind.code === '200') return e.okLatencyMs;
            return (
              e.failures.find((f) => f.code === kind.code && f.flags === kind.flags)?.latencyMs ??
              e.okLatencyMs
            );
          };
          const firstSeen =
            kind.code === '200' && kind.flags === '-'
              ? -Infinity
              : (b.times.find((t) => share(t) > 0) ?? Infinity);
          const perSecond = (t: number): number | null => {
            const podPart = podShare(pods[spec.name]!, srcPod, t);
            if (podPart === null || t < firstSeen) return null;
            return frameOf(t).edges[key]!.rate * podPart * Math.max(0, share(t));
          };
          const labels = istioLabels({
            reporter: 'source',
            src,
            dst,
            code: kind.code,
            flags: kind.flags,
            pod: srcPod,
          });
          b.counter('istio_requests_total', labels, perSecond, {
            initial:
              kind.code === '200' && kind.flags === '-' && srcPod.from === null ? undefined : 0,
          });
          b.histogram('istio_request_duration_milliseconds', labels, perSecond, latency, {
            buckets: ISTIO_BUCKETS,
            sigma: 0.5,
          });
        }
      }
      for (const dstPod of pods[call.to]!) {
        for (const kind of destKinds.values()) {
          const share = (t: number): number => {
            const e = frameOf(t).edges[key]!;
            const reached = e.failures.filter((f) => f.serverCode !== null);
            const ok = 1 - e.failures.reduce((s, f) => s + f.share, 0);
            if (kind.code === '200')
              return (
                ok + reached.filter((f) => f.serverCode === '200').reduce((s, f) => s + f.share, 0)
              );
            return reached
              .filter((f) => f.serverCode === kind.code)
              .reduce((s, f) => s + f.share, 0);
          };
          const firstSeen =
            kind.code === '200' ? -Infinity : (b.times.find((t) => share(t) > 0) ?? Infinity);
          const perSecond = (t: number): number | null => {
            const podPart = podShare(pods[call.to]!, dstPod, t);
            if (podPart === null || t < firstSeen) return null;
            return frameOf(t).edges[key]!.rate * podPart * Math.max(0, share(t));
          };
          const labels = istioLabels({
            reporter: 'destination',
            src,
            dst,
            code: kind.code,
            flags: '-',
            pod: dstPod,
          });
          b.counter('istio_requests_total', labels, perSecond, {
            initial: kind.code === '200' && dstPod.from === null ? undefined : 0,
          });
          b.histogram(
            'istio_request_duration_milliseconds',
            labels,
            perSecond,
            (t) => frameOf(t).edges[key]!.serverLatencyMs,
            {
              buckets: ISTIO_BUCKETS,
              sigma: 0.5,
            },
          );
        }
      }
    }
  }
}

/** ratings opens a new MySQL connection per request (the sample's code does), so TCP connections follow its request rate. */
function emitTcp(
  b: TelemetryBuilder,
  frameOf: (t: number) => Frame,
  pods: Record<string, Pod[]>,
  src: Workload,
  dst: Workload,
  key: string,
): void {
  for (const reporter of ['source', 'destination'] as const) {
    const podList = reporter === 'source' ? pods[src.name]! : pods[dst.name]!;
    for (const pod of podList) {
      const base = istioLabels({ reporter, src, dst, code: '0', flags: '-', pod });
      const { response_code: _c, grpc_response_status: _g, request_protocol: _r, ...rest } = base;
      const labels = { ...rest, request_protocol: 'tcp' };
      // A pod started inside the window starts its counters at 0.
      const fresh = pod.from === null ? {} : { initial: 0 };
      const conns = (t: number) => {
        const part = podShare(podList, pod, t);
        return part === null ? null : frameOf(t).edges[key]!.rate * part;
      };
      b.counter('istio_tcp_connections_opened_total', labels, conns, fresh);
      b.counter('istio_tcp_connections_closed_total', labels, conns, fresh);
      b.counter(
        'istio_tcp_sent_bytes_total',
        labels,
        (t) => {
          const c = conns(t);
          return c === null ? null : c * 240;
        },
        fresh,
      );
      b.counter(
        'istio_tcp_received_bytes_total',
        labels,
        (t) => {
          const c = conns(t);
          return c === null ? null : c * 610;
        },
        fresh,
      );
    }
  }
}

function emitContainers(
  b: TelemetryBuilder,
  fault: BookinfoFault,
  frameOf: (t: number) => Frame,
  pods: Record<string, Pod[]>,
  meanRate: Record<string, number>,
): void {
  for (const [name, list] of Object.entries(pods)) {
    const wl = WORKLOADS[name]!;
    const restarts = fault.restarts?.[name];
    const rollout = fault.rollout?.[name];
    for (const pod of list) {
      const exists = (t: number) => alive(pod, t);
      const load = (t: number) => frameOf(t).flow[name]!.rate / meanRate[name]!;
      const containers =
        name === 'istio-ingressgateway' ? [wl.container] : [wl.container, 'istio-proxy'];
      for (const container of containers) {
        const isApp = container === wl.container;
        const cad = {
          namespace: wl.namespace,
          pod: pod.name,
          container,
          image: isApp ? pod.image : 'docker.io/istio/proxyv2:1.24.2',
          job: 'kubelet',
          metrics_path: '/metrics/cadvisor',
          node: wl.node,
        };
        const limit = isApp ? wl.cpuLimit : 2;
        const cpu = (t: number) => {
          const extra = isApp ? (fault.extraCpu?.[name]?.(t) ?? 0) : 0;
          const want = (isApp ? wl.baseCpu : 0.012) * (0.35 + 0.65 * load(t)) + extra;
          return limit === null ? want : Math.min(limit * 0.98, want);
        };
        b.counter('container_cpu_usage_seconds_total', cad, (t) => (exists(t) ? cpu(t) : null), {
          integer: false,
          initial: 0,
        });
        if (limit !== null) {
          const periods = 10; // 100 ms CFS periods per second
          b.counter('container_cpu_cfs_periods_total', cad, (t) => (exists(t) ? periods : null), {
            initial: 0,
          });
          b.counter(
            'container_cpu_cfs_throttled_periods_total',
            cad,
            (t) => {
              if (!exists(t)) return null;
              const extra = isApp ? (fault.extraCpu?.[name]?.(t) ?? 0) : 0;
              const want = (isApp ? wl.baseCpu : 0.012) * (0.35 + 0.65 * load(t)) + extra;
              const pressure = want / limit;
              return (
                periods *
                Math.min(0.97, Math.max(0.002, pressure > 0.8 ? 0.3 + (pressure - 0.8) * 2 : 0.004))
              );
            },
            { initial: 0 },
          );
        }
        const memMiB = (t: number) =>
          isApp
            ? (fault.memoryMiB?.[name]?.(t) ?? wl.baseMemMiB * (1 + 0.04 * Math.sin(t / 1900)))
            : 48;
        b.gauge(
          'container_memory_working_set_bytes',
          cad,
          (t) => (exists(t) ? memMiB(t) * 1_048_576 : null),
          { noise: { jitter: 0.01, spikeChance: 0 } },
        );
        const memLimit = isApp ? wl.memLimitMiB : 1024;
        if (memLimit !== null)
          b.gauge(
            'container_spec_memory_limit_bytes',
            cad,
            (t) => (exists(t) ? memLimit * 1_048_576 : null),
            { noise: false },
          );
        const ksm = {
          job: 'kube-state-metrics',
          namespace: wl.namespace,
          pod: pod.name,
          container,
          uid: `${pod.name}-uid`,
        };
        const isRestarted = isApp && restarts;
        b.gauge(
          'kube_pod_container_status_restarts_total',
          ksm,
          (t) => (exists(t) ? (isRestarted ? restarts.at.filter((r) => r <= t).length : 0) : null),
          { noise: false },
        );
        b.gauge(
          'kube_pod_container_status_ready',
          ksm,
          (t) => {
            if (!exists(t)) return null;
            if (isRestarted && restarts.at.some((r) => t >= r && t < r + 40)) return 0;
            return 1;
          },
          { noise: false },
        );
        if (isRestarted) {
          const firstRestart = Math.min(...restarts.at);
          b.gauge(
            'kube_pod_container_status_last_terminated_reason',
            { ...ksm, reason: restarts.reason },
            (t) => (exists(t) && t >= firstRestart ? 1 : null),
            { noise: false },
          );
        }
        if (memLimit !== null)
          b.gauge(
            'kube_pod_container_resource_limits',
            { ...ksm, resource: 'memory', unit: 'byte', node: wl.node },
            (t) => (exists(t) ? memLimit * 1_048_576 : null),
            { noise: false },
          );
        b.gauge(
          'kube_pod_container_info',
          {
            ...ksm,
            image: isApp ? pod.image : 'docker.io/istio/proxyv2:1.24.2',
            image_spec: isApp ? pod.image : 'docker.io/istio/proxyv2:1.24.2',
            container_id: `containerd://${b.rng(`cid:${pod.name}:${container}`).hex(64)}`,
          },
          (t) => (exists(t) ? 1 : null),
          { noise: false },
        );
      }
      b.gauge(
        'kube_pod_info',
        {
          job: 'kube-state-metrics',
          namespace: wl.namespace,
          pod: pod.name,
          node: wl.node,
          pod_ip: wl.podIp,
          host_ip: NODES.find((n) => n.name === wl.node)!.ip,
          created_by_kind: 'ReplicaSet',
          created_by_name: pod.name.replace(/-[^-]+$/, ''),
          uid: `${pod.name}-uid`,
        },
        (t) => (exists(t) ? 1 : null),
        { noise: false },
      );
    }
    // Deployment generation: rises by one when a rollout starts.
    const dep = { job: 'kube-state-metrics', namespace: wl.namespace, deployment: name };
    const generation = (t: number) => 3 + (rollout && t >= rollout.at ? 1 : 0);
    b.gauge('kube_deployment_metadata_generation', dep, generation, { noise: false });
    b.gauge('kube_deployment_status_observed_generation', dep, generation, { noise: false });
    b.gauge('kube_deployment_spec_replicas', dep, () => 1, { noise: false });
    b.gauge(
      'kube_deployment_status_replicas_available',
      dep,
      (t) => {
        if (restarts?.at.some((r) => t >= r && t < r + 40)) return 0;
        return 1;
      },
      { noise: false },
    );
  }
}

function emitNodes(
  b: TelemetryBuilder,
  fault: BookinfoFault,
  frameOf: (t: number) => Frame,
  meanRate: Record<string, number>,
): void {
  for (const node of NODES) {
    const residents = Object.values(WORKLOADS).filter((x) => x.node === node.name);
    const busy = (t: number) => {
      const f = frameOf(t);
      let cores = 0.35; // kubelet, containerd, system daemons, DaemonSets
      for (const r of residents)
        cores +=
          r.baseCpu * (0.35 + (0.65 * f.flow[r.name]!.rate) / meanRate[r.name]!) +
          0.012 +
          (fault.extraCpu?.[r.name]?.(t) ?? 0);
      cores += fault.nodeBusy?.[node.name]?.(t) ?? 0;
      return Math.min(node.cpus * 0.995, cores);
    };
    const labels = { job: 'node-exporter', instance: `${node.ip}:9100`, node: node.name };
    for (let cpu = 0; cpu < node.cpus; cpu++) {
      const share = (t: number) => busy(t) / node.cpus;
      for (const [mode, part] of [
        ['user', 0.68],
        ['system', 0.27],
        ['iowait', 0.01],
        ['softirq', 0.04],
      ] as const)
        b.counter(
          'node_cpu_seconds_total',
          { ...labels, cpu: String(cpu), mode },
          (t) => share(t) * part,
          { integer: false },
        );
      b.counter(
        'node_cpu_seconds_total',
        { ...labels, cpu: String(cpu), mode: 'idle' },
        (t) => 1 - share(t),
        { integer: false, noise: { jitter: 0.01 } },
      );
    }
    b.gauge('node_load1', labels, (t) => busy(t) * 1.1, { noise: { jitter: 0.15 } });
    b.gauge('node_memory_MemTotal_bytes', labels, () => node.memGiB * 1_073_741_824, {
      noise: false,
    });
    b.gauge('node_memory_MemAvailable_bytes', labels, () => node.memGiB * 1_073_741_824 * 0.58, {
      noise: { jitter: 0.01, spikeChance: 0 },
    });
    const fs = { ...labels, device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' };
    b.gauge('node_filesystem_size_bytes', fs, () => 85_886_742_528, { noise: false });
    b.gauge(
      'node_filesystem_avail_bytes',
      fs,
      (t) => 52_000_000_000 - (t - b.timeline.start) * 1_200,
      { noise: false },
    );
    b.counter(
      'node_netstat_Tcp_RetransSegs',
      labels,
      (t) => 0.6 + (fault.retransmits?.[node.name]?.(t) ?? 0),
      { noise: { jitter: 0.5 } },
    );
  }
}

function emitMysql(
  b: TelemetryBuilder,
  fault: BookinfoFault,
  frameOf: (t: number) => Frame,
  pods: Record<string, Pod[]>,
): void {
  const wl = WORKLOADS['mysqldb-v1']!;
  const pod = pods['mysqldb-v1']![0]!;
  const labels = {
    job: 'mysql',
    namespace: wl.namespace,
    pod: pod.name,
    instance: `${wl.podIp}:9104`,
    app: 'mysqldb',
    version: 'v1',
  };
  const max = fault.mysql?.maxConnections ?? 151;
  const rate = (t: number) => frameOf(t).edges[edgeKey('ratings-v2-mysql', 'mysqldb-v1')]!.rate;
  const refused = (t: number) => fault.mysql?.refused?.(t) ?? 0;
  const connected = (t: number) =>
    Math.min(max + 1, 3 + rate(t) * 0.02 + (fault.mysql?.otherConnections?.(t) ?? 0));
  b.gauge('mysql_up', labels, () => 1, { noise: false });
  b.gauge('mysql_global_variables_max_connections', labels, () => max, { noise: false });
  b.gauge('mysql_global_status_threads_connected', labels, connected, {
    integer: true,
    noise: { jitter: 0.03 },
  });
  b.gauge('mysql_global_status_threads_running', labels, () => 2, {
    integer: true,
    noise: { jitter: 0.3 },
  });
  b.gauge(
    'mysql_global_status_max_used_connections',
    labels,
    (t) => {
      let peak = 14;
      for (const x of b.times) if (x <= t) peak = Math.max(peak, Math.round(connected(x)));
      return peak;
    },
    { noise: false },
  );
  b.counter('mysql_global_status_connections', labels, rate);
  b.counter('mysql_global_status_queries', labels, (t) => rate(t) * (1 - refused(t)) + 1.5);
  b.counter('mysql_global_status_aborted_connects', labels, (t) => 0.001 + rate(t) * refused(t), {
    integer: false,
  });
  b.counter(
    'mysql_global_status_connection_errors_total',
    { ...labels, error: 'max_connections' },
    (t) => rate(t) * refused(t),
    { integer: false, initial: 0 },
  );
  b.gauge('mysql_global_status_innodb_buffer_pool_pages_dirty', labels, () => 12, {
    integer: true,
    noise: { jitter: 0.4 },
  });
}

/** Every minute a pod's lines come at `perMinute`; lines drawn by `line`. */
function streamLabels(pod: Pod, container: string) {
  return {
    namespace: pod.workload.namespace,
    app: pod.workload.app,
    pod: pod.name,
    container,
    job: `${pod.workload.namespace}/${pod.workload.app}`,
  };
}

function emitAppLogs(
  b: TelemetryBuilder,
  fault: BookinfoFault,
  frameOf: (t: number) => Frame,
  pods: Record<string, Pod[]>,
): void {
  // Sidecar access logs: only failed requests (the mesh's Telemetry filter), on both sides of each edge.
  for (const spec of SPECS) {
    const src = WORKLOADS[spec.name]!;
    for (const call of spec.calls) {
      const dst = WORKLOADS[call.to]!;
      if (dst.app === 'mysqldb') continue;
      const key = edgeKey(spec.name, call.to);
      for (const pod of pods[spec.name]!) {
        b.logs(
          streamLabels(pod, 'istio-proxy'),
          (t) => {
            const part = podShare(pods[spec.name]!, pod, t);
            if (part === null) return 0;
            const e = frameOf(t).edges[key]!;
            return e.rate * part * 60 * e.failures.reduce((s, f) => s + f.share, 0);
          },
          (t, rng) => {
            const e = frameOf(t).edges[key]!;
            const total = e.failures.reduce((s, f) => s + f.share, 0);
            if (total <= 0) return null;
            let pick = rng.next() * total;
            const f = e.failures.find((x) => (pick -= x.share) <= 0) ?? e.failures[0]!;
            return envoyLine({
              t,
              rng,
              direction: 'outbound',
              path: PATHS[dst.app]!,
              code: f.code,
              flags: f.flags,
              details: f.details,
              transportFailure: f.transportFailure,
              durationMs: f.latencyMs * (0.8 + 0.4 * rng.next()),
              src,
              dst,
              userAgent: USER_AGENTS[spec.name] ?? 'curl/8.5.0',
            });
          },
        );
      }
      for (const pod of pods[call.to]!) {
        b.logs(
          streamLabels(pod, 'istio-proxy'),
          (t) => {
            const part = podShare(pods[call.to]!, pod, t);
            if (part === null) return 0;
            const e = frameOf(t).edges[key]!;
            return (
              e.rate *
              part *
              60 *
              e.failures
                .filter((f) => f.serverCode !== null && f.serverCode !== '200')
                .reduce((s, f) => s + f.share, 0)
            );
          },
          (t, rng) => {
            const e = frameOf(t).edges[key]!;
            const f = e.failures.find((x) => x.serverCode !== null && x.serverCode !== '200');
            if (!f) return null;
            return envoyLine({
              t,
              rng,
              direction: 'inbound',
              path: PATHS[dst.app]!,
              code: f.serverCode!,
              flags: '-',
              details: 'via_upstream',
              durationMs: e.serverLatencyMs * (0.8 + 0.4 * rng.next()),
              src,
              dst,
              userAgent: USER_AGENTS[spec.name] ?? 'curl/8.5.0',
            });
          },
        );
      }
    }
  }
  // Noise every healthy mesh has: bots probing the gateway (404 from productpage), and the
  // sidecars' periodic xDS stream reconnects.
  const gw = pods['istio-ingressgateway']![0]!;
  b.logs(
    streamLabels(gw, 'istio-proxy'),
    () => 0.6,
    (t, rng) => {
      const path = rng.pick([
        '/wp-login.php',
        '/.env',
        '/favicon.ico',
        '/robots.txt',
        '/api/v1/products/7',
      ]);
      return envoyLine({
        t,
        rng,
        direction: 'outbound',
        path,
        code: '404',
        flags: '-',
        details: 'via_upstream',
        durationMs: 4 + rng.next() * 6,
        src: WORKLOADS['istio-ingressgateway']!,
        dst: WORKLOADS['productpage-v1']!,
        userAgent: rng.pick([
          'Mozilla/5.0 zgrab/0.x',
          'python-requests/2.31.0',
          'Go-http-client/1.1',
        ]),
      });
    },
  );
  for (const list of Object.values(pods)) {
    for (const pod of list) {
      const offset = b.rng(`xds:${pod.name}`).next() * 1800;
      const at: Array<{ at: number; line: string }> = [];
      for (
        let t = b.timeline.start + offset;
        t <= b.timeline.end;
        t += 1800 + b.rng(`xds2:${pod.name}:${Math.floor(t)}`).int(-60, 60)
      )
        at.push({
          at: t,
          line: `${iso(t).replace('Z', '000Z')}\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:226\tStreamAggregatedResources gRPC config stream to xds-grpc closed since ${1790 + Math.floor(b.rng(`xds3:${Math.floor(t)}`).next() * 20)}s ago: 13, \tthread=14`,
        });
      b.logsAt(
        streamLabels(pod, 'istio-proxy'),
        at.filter((e) => alive(pod, e.at)),
      );
    }
  }

  // details (Ruby WEBrick): one access line per request.
  for (const pod of pods['details-v1']!) {
    const pp = WORKLOADS['productpage-v1']!;
    b.logs(
      streamLabels(pod, 'details'),
      (t) => {
        const part = podShare(pods['details-v1']!, pod, t);
        if (part === null) return 0;
        const e = frameOf(t).edges[edgeKey('productpage-v1', 'details-v1')]!;
        const reached =
          1 - e.failures.filter((f) => f.serverCode === null).reduce((s, f) => s + f.share, 0);
        return e.rate * part * 60 * reached;
      },
      (t, rng) => {
        const e = frameOf(t).edges[edgeKey('productpage-v1', 'details-v1')]!;
        const failed = e.failures
          .filter((f) => f.serverCode === '500')
          .reduce((s, f) => s + f.share, 0);
        const code = rng.next() < failed ? 500 : 200;
        const stamp = new Date(t * 1000)
          .toUTCString()
          .replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 UTC');
        return `127.0.0.6 - - [${stamp}] "GET /details/0 HTTP/1.1" ${code} ${code === 200 ? 178 : 331}`;
      },
    );
    void pp;
  }
  // ratings (Node.js): the sample logs every request as "<METHOD> <url>" and nothing else.
  for (const pod of pods['ratings-v2-mysql']!) {
    b.logs(
      streamLabels(pod, 'ratings'),
      (t) => {
        const part = podShare(pods['ratings-v2-mysql']!, pod, t);
        if (part === null) return 0;
        const f = frameOf(t).flow['ratings-v2-mysql']!;
        return f.rate * part * 60;
      },
      () => 'GET /ratings/0',
    );
    b.logsAt(streamLabels(pod, 'ratings'), [
      {
        at: (pod.from ?? b.timeline.start - 3600) + 2,
        line: 'Server listening on: http://0.0.0.0:9080',
      },
    ]);
  }
  // reviews (Open Liberty): console messages; the sample prints an error line when ratings fails.
  for (const name of ['reviews-v1', 'reviews-v2', 'reviews-v3']) {
    for (const pod of pods[name]!) {
      const started = pod.from ?? b.timeline.start - 7200;
      b.logsAt(streamLabels(pod, 'reviews'), libertyStartup(started, b.rng(`liberty:${pod.name}`)));
      if (name === 'reviews-v1') continue;
      const key = edgeKey(name, 'ratings-v2-mysql');
      b.logs(
        streamLabels(pod, 'reviews'),
        (t) => {
          const part = podShare(pods[name]!, pod, t);
          if (part === null) return 0;
          const e = frameOf(t).edges[key]!;
          return e.rate * part * 60 * e.failures.reduce((s, f) => s + f.share, 0);
        },
        (t, rng) => {
          const e = frameOf(t).edges[key]!;
          const total = e.failures.reduce((s, f) => s + f.share, 0);
          if (total <= 0) return null;
          let pick = rng.next() * total;
          const f = e.failures.find((x) => (pick -= x.share) <= 0) ?? e.failures[0]!;
          if (f.code === '0' || f.flags === 'DC')
            return `[err] Error: unable to contact http://ratings:9080/ratings got exception javax.ws.rs.ProcessingException: java.net.SocketTimeoutException: Read timed out`;
          return `Error: unable to contact http://ratings:9080/ratings got status of ${f.code}`;
        },
      );
    }
  }
  // productpage (gunicorn): start-up lines; the sample swallows request errors without logging them.
  for (const pod of pods['productpage-v1']!) {
    const started = pod.from ?? b.timeline.start - 5400;
    const stamp = (t: number) => `[${iso(t).slice(0, 19).replace('T', ' ')} +0000]`;
    b.logsAt(streamLabels(pod, 'productpage'), [
      { at: started, line: `${stamp(started)} [1] [INFO] Starting gunicorn 23.0.0` },
      {
        at: started + 0.1,
        line: `${stamp(started)} [1] [INFO] Listening at: http://[::]:9080 (1)`,
      },
      { at: started + 0.2, line: `${stamp(started)} [1] [INFO] Using worker: gevent` },
      ...Array.from({ length: 4 }, (_, i) => ({
        at: started + 0.3 + i * 0.05,
        line: `${stamp(started)} [${8 + i}] [INFO] Booting worker with pid: ${8 + i}`,
      })),
    ]);
  }
  // MySQL's error log: the classic reverse-DNS warning for each new client address.
  for (const pod of pods['mysqldb-v1']!) {
    b.logs(
      streamLabels(pod, 'mysqldb'),
      () => 0.05,
      (t, rng) =>
        `${iso(t).replace('Z', '000Z')} ${rng.int(100, 9000)} [Warning] [MY-010055] [Server] IP address '10.244.${rng.int(0, 2)}.${rng.int(2, 250)}' could not be resolved: Name or service not known`,
    );
  }
  void fault;
}

/** istiod's log: a config push for each applied resource, and its routine endpoint pushes. */
function emitIstiod(b: TelemetryBuilder, fault: BookinfoFault): void {
  const labels = {
    namespace: 'istio-system',
    app: 'istiod',
    pod: `istiod-${podSuffix(b.rng('pod:istiod'))}`,
    container: 'discovery',
    job: 'istio-system/istiod',
  };
  let version = 40;
  const stamp = (t: number) => iso(t).replace('Z', '000Z');
  const lines: Array<{ at: number; line: string }> = [];
  const changes = [...(fault.istioConfig ?? [])].sort((x, y) => x.at - y.at);
  for (const change of changes) {
    version++;
    lines.push(
      {
        at: change.at + 0.1,
        line: `${stamp(change.at + 0.1)}\tinfo\tads\tPush debounce stable[${version}] 1 for config ${change.resource}: 100.412ms since last change, 100.409ms since last push, full=true`,
      },
      {
        at: change.at + 0.2,
        line: `${stamp(change.at + 0.2)}\tinfo\tads\tXDS: Pushing Services:14 ConnectedEndpoints:9 Version:${iso(change.at).slice(0, 19)}Z/${version}`,
      },
    );
  }
  b.logsAt(labels, lines);
  // Routine: certificate rotations and endpoint-only pushes.
  b.logs(
    labels,
    () => 0.08,
    (t, rng) =>
      rng.next() < 0.5
        ? `${stamp(t)}\tinfo\tads\tIncremental push, service ${rng.pick(['kube-dns.kube-system.svc.cluster.local', 'metrics-server.kube-system.svc.cluster.local'])} at shard Kubernetes/Kubernetes has no endpoints`
        : `${stamp(t)}\tinfo\tca\tgenerated new workload certificate\tlatency=${(50 + rng.next() * 80).toFixed(5)}ms ttl=23h59m59.${rng.int(100, 999)}s`,
  );
}

/** Open Liberty's console messages when the reviews app starts. */
export function libertyStartup(at: number, rng: Rng): Array<{ at: number; line: string }> {
  const lines = [
    'Launching defaultServer (Open Liberty 24.0.0.9/wlp-1.0.93.cl240920240905-1601) on Eclipse OpenJ9 VM, version 17.0.12+7 (en_US)',
    '[AUDIT   ] CWWKE0001I: The server defaultServer has been launched.',
    '[AUDIT   ] CWWKZ0058I: Monitoring dropins for applications.',
    '[AUDIT   ] CWWKT0016I: Web application available (default_host): http://reviews:9080/',
    `[AUDIT   ] CWWKZ0001I: Application reviews-app started in ${(2 + rng.next() * 2).toFixed(3)} seconds.`,
    '[AUDIT   ] CWWKF0012I: The server installed the following features: [cdi-4.0, jsonb-3.0, jsonp-2.1, restfulWS-3.1, restfulWSClient-3.1, servlet-6.0].',
    `[AUDIT   ] CWWKF0011I: The defaultServer server is ready to run a smarter planet. The defaultServer server started in ${(5 + rng.next() * 3).toFixed(3)} seconds.`,
  ];
  return lines.map((line, i) => ({ at: at + i * 0.7, line }));
}

/** The services a team running Bookinfo declares (some with label matchers, some without). */
export const BOOKINFO_SERVICES: EvalService[] = [
  {
    name: 'productpage',
    description:
      'Python (Flask on gunicorn) front page of the bookstore; calls details and reviews',
    aliases: ['product page', 'frontend'],
    labelMatchers: { loki: { app: 'productpage' }, prometheus: { app: 'productpage' } },
  },
  {
    name: 'details',
    description: 'Ruby service with book details (ISBN, publisher, pages)',
    aliases: [],
    labelMatchers: {},
  },
  {
    name: 'reviews',
    description:
      'Java (Open Liberty) book reviews, three versions v1 v2 v3; v2 and v3 call ratings for the stars',
    aliases: ['reviews-v1', 'reviews-v2', 'reviews-v3'],
    labelMatchers: { loki: { app: 'reviews' }, prometheus: { app: 'reviews' } },
  },
  {
    name: 'ratings',
    description: 'Node.js star ratings (ratings-v2-mysql), reads the ratings table from MySQL',
    aliases: ['ratings-v2-mysql'],
    labelMatchers: {},
  },
  {
    name: 'mysqldb',
    description: 'MySQL 8 database holding the ratings table',
    aliases: ['mysql', 'ratings database'],
    labelMatchers: {},
  },
  {
    name: 'istio-ingressgateway',
    description: 'Istio ingress gateway (Envoy), the entry point from the internet',
    aliases: ['gateway', 'ingress'],
    labelMatchers: { prometheus: { app: 'istio-ingressgateway' } },
  },
];
