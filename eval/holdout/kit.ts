import type { Labels, TelemetryBuilder } from '../independent/builder.js';
import type { Curve } from '../independent/flow.js';
import { podSuffix, rngFor } from '../independent/random.js';

/** One pod (one main container) of a Kubernetes deployment, alive from `from` to `to` (null: still running). */
export interface Pod {
  service: string;
  deployment: string;
  container: string;
  pod: string;
  ip: string;
  node: string;
  image: string;
  from: number;
  to: number | null;
}

export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;

/** A pod name and IP drawn from the seed, stable per (seed, key). */
export function makePod(input: {
  seed: number;
  key: string;
  service: string;
  deployment?: string;
  container: string;
  image: string;
  nodes: readonly string[];
  podCidr: string;
  from: number;
  to?: number | null;
}): Pod {
  const rng = rngFor(input.seed, `pod:${input.key}`);
  const deployment = input.deployment ?? input.service;
  return {
    service: input.service,
    deployment,
    container: input.container,
    pod: `${deployment}-${podSuffix(rng)}`,
    ip: `${input.podCidr}.${rng.int(2, 250)}`,
    node: rng.pick(input.nodes),
    image: input.image,
    from: input.from,
    to: input.to ?? null,
  };
}

export const alive = (pod: Pod, t: number): boolean =>
  t >= pod.from && (pod.to === null || t < pod.to);

/** A curve that is null while the pod does not exist. */
export const whileAlive =
  (pod: Pod, f: (t: number) => number | null) =>
  (t: number): number | null =>
    alive(pod, t) ? f(t) : null;

/**
 * A series that only exists from the first instant its value is positive:
 * client libraries create a label combination (an error code, a status) the
 * first time it is observed.
 */
export function fromFirst(f: (t: number) => number): (t: number) => number | null {
  let seen = false;
  return (t) => {
    const v = f(t);
    if (v > 0) seen = true;
    return seen ? v : null;
  };
}

/**
 * cAdvisor's per-container series as the kubelet exposes them
 * (`/metrics/cadvisor`): CPU (with CFS throttling against the limit),
 * working set against the limit, network of the pod.
 */
export function cadvisor(
  b: TelemetryBuilder,
  pod: Pod,
  opts: {
    namespace: string;
    /** CPU the container wants, in cores. */
    demandCores: Curve;
    limitCores: number | null;
    memoryBytes: Curve;
    memoryLimitBytes: number;
    resetsAt?: readonly number[];
    /** Bytes per second in and out of the pod. */
    networkBytes?: Curve;
    /** No sample while the container is not running (restart gaps). */
    down?: (t: number) => boolean;
  },
): void {
  const labels: Labels = {
    job: 'kubelet',
    metrics_path: '/metrics/cadvisor',
    instance: pod.node,
    namespace: opts.namespace,
    pod: pod.pod,
    container: pod.container,
    image: pod.image,
  };
  const on = (t: number) => alive(pod, t) && !(opts.down?.(t) ?? false);
  const used = (t: number) => {
    const d = opts.demandCores(t);
    return opts.limitCores === null ? d : Math.min(d, opts.limitCores * 0.98);
  };
  const reset = { resetsAt: opts.resetsAt ?? [], initial: 0 };
  b.counter('container_cpu_usage_seconds_total', labels, (t) => (on(t) ? used(t) : null), {
    ...reset,
    integer: false,
  });
  if (opts.limitCores !== null) {
    const limit = opts.limitCores;
    b.counter('container_cpu_cfs_periods_total', labels, (t) => (on(t) ? 10 : null), {
      ...reset,
      noise: { jitter: 0.01 },
    });
    b.counter(
      'container_cpu_cfs_throttled_periods_total',
      labels,
      (t) => {
        if (!on(t)) return null;
        const ratio = opts.demandCores(t) / limit;
        // Bursty request handling is throttled a little even below the limit.
        return 10 * Math.min(0.97, ratio < 0.6 ? 0.01 * ratio : ratio < 1 ? 0.25 * ratio : 0.9);
      },
      reset,
    );
    b.gauge('container_spec_cpu_quota', labels, (t) => (on(t) ? limit * 100_000 : null), {
      noise: false,
    });
  }
  b.gauge(
    'container_memory_working_set_bytes',
    labels,
    (t) => (on(t) ? opts.memoryBytes(t) : null),
    {
      noise: { jitter: 0.01, spikeChance: 0 },
      integer: true,
    },
  );
  b.gauge('container_memory_rss', labels, (t) => (on(t) ? opts.memoryBytes(t) * 0.86 : null), {
    noise: { jitter: 0.01, spikeChance: 0 },
    integer: true,
  });
  b.gauge(
    'container_spec_memory_limit_bytes',
    labels,
    (t) => (on(t) ? opts.memoryLimitBytes : null),
    { noise: false },
  );
  // Network is per pod (container="" in cAdvisor, the pause container's namespace).
  const podLabels: Labels = { ...labels, container: '', image: '', interface: 'eth0' };
  const net = opts.networkBytes ?? (() => 20_000);
  b.counter('container_network_receive_bytes_total', podLabels, whileAlive(pod, net));
  b.counter(
    'container_network_transmit_bytes_total',
    podLabels,
    whileAlive(pod, (t) => net(t) * 1.4),
  );
}

/** kube-state-metrics series for a set of pods of one deployment. */
export function kubeState(
  b: TelemetryBuilder,
  input: {
    namespace: string;
    deployment: string;
    pods: readonly Pod[];
    /** metadata.generation bumps (deploys, scaling). */
    generationBumps?: readonly number[];
    replicas: Curve;
    /** Restart instants per pod name, and the reason of the last termination. */
    restarts?: Record<string, { at: readonly number[]; reason: string }>;
    /** Instants the container is waiting (CrashLoopBackOff) per pod. */
    waiting?: Record<string, (t: number) => string | null>;
  },
): void {
  const job = { job: 'kube-state-metrics', instance: '10.244.0.12:8080' };
  const bumps = input.generationBumps ?? [];
  const generation = (lag: number) => (t: number) => 3 + bumps.filter((at) => at + lag <= t).length;
  const dep = { ...job, namespace: input.namespace, deployment: input.deployment };
  b.gauge('kube_deployment_metadata_generation', dep, generation(0), { noise: false });
  b.gauge('kube_deployment_status_observed_generation', dep, generation(b.timeline.step), {
    noise: false,
  });
  b.gauge('kube_deployment_spec_replicas', dep, input.replicas, { noise: false });
  b.gauge(
    'kube_deployment_status_replicas_available',
    dep,
    (t) => input.pods.filter((p) => alive(p, t) && !(input.waiting?.[p.pod]?.(t) ?? null)).length,
    { noise: false },
  );
  for (const pod of input.pods) {
    const podLabels = { ...job, namespace: input.namespace, pod: pod.pod, uid: pod.pod.slice(-5) };
    b.gauge(
      'kube_pod_info',
      {
        ...podLabels,
        pod_ip: pod.ip,
        node: pod.node,
        created_by_kind: 'ReplicaSet',
        created_by_name: pod.pod.replace(/-[^-]+$/, ''),
      },
      (t) => (alive(pod, t) ? 1 : null),
      { noise: false },
    );
    const c = { ...podLabels, container: pod.container };
    b.gauge(
      'kube_pod_container_info',
      {
        ...c,
        image: pod.image,
        image_id: `docker-pullable://${pod.image.split(':')[0]}@sha256:${rngFor(0, pod.image).hex(64)}`,
        container_id: `containerd://${rngFor(1, pod.pod).hex(64)}`,
      },
      (t) => (alive(pod, t) ? 1 : null),
      { noise: false },
    );
    const restarts = input.restarts?.[pod.pod];
    b.gauge(
      'kube_pod_container_status_restarts_total',
      c,
      (t) => (alive(pod, t) ? (restarts?.at.filter((at) => at <= t).length ?? 0) : null),
      { noise: false },
    );
    if (restarts && restarts.at.length > 0) {
      const first = Math.min(...restarts.at);
      b.gauge(
        'kube_pod_container_status_last_terminated_reason',
        { ...c, reason: restarts.reason },
        (t) => (alive(pod, t) && t >= first ? 1 : null),
        { noise: false },
      );
    }
    const waiting = input.waiting?.[pod.pod];
    b.gauge(
      'kube_pod_container_status_ready',
      c,
      (t) => (alive(pod, t) ? (waiting?.(t) ? 0 : 1) : null),
      { noise: false },
    );
    if (waiting) {
      b.gauge(
        'kube_pod_container_status_waiting_reason',
        { ...c, reason: 'CrashLoopBackOff' },
        (t) => (alive(pod, t) ? (waiting(t) ? 1 : 0) : null),
        { noise: false },
      );
    }
  }
}

/** node-exporter's basic host series. */
export function nodeExporter(
  b: TelemetryBuilder,
  labels: Labels,
  opts: {
    cpus: number;
    busyCores: Curve;
    memTotal: number;
    memAvailable: Curve;
    filesystems: Array<{
      mountpoint: string;
      device: string;
      fstype: string;
      size: number;
      avail: Curve;
    }>;
    retransPerSecond?: Curve;
  },
): void {
  for (let cpu = 0; cpu < opts.cpus; cpu++) {
    const share = (t: number) => Math.min(1, opts.busyCores(t) / opts.cpus);
    b.counter(
      'node_cpu_seconds_total',
      { ...labels, cpu: String(cpu), mode: 'user' },
      (t) => share(t) * 0.8,
      { integer: false },
    );
    b.counter(
      'node_cpu_seconds_total',
      { ...labels, cpu: String(cpu), mode: 'system' },
      (t) => share(t) * 0.2,
      { integer: false },
    );
    b.counter(
      'node_cpu_seconds_total',
      { ...labels, cpu: String(cpu), mode: 'iowait' },
      () => 0.004,
      { integer: false },
    );
    b.counter(
      'node_cpu_seconds_total',
      { ...labels, cpu: String(cpu), mode: 'idle' },
      (t) => Math.max(0, 1 - share(t) - 0.004),
      { integer: false, noise: { jitter: 0.01 } },
    );
  }
  b.gauge('node_memory_MemTotal_bytes', labels, () => opts.memTotal, { noise: false });
  b.gauge('node_memory_MemAvailable_bytes', labels, opts.memAvailable, {
    noise: { jitter: 0.005, spikeChance: 0 },
    integer: true,
  });
  for (const fs of opts.filesystems) {
    const l = { ...labels, mountpoint: fs.mountpoint, device: fs.device, fstype: fs.fstype };
    b.gauge('node_filesystem_size_bytes', l, () => fs.size, { noise: false });
    b.gauge('node_filesystem_avail_bytes', l, (t) => Math.max(0, fs.avail(t)), {
      noise: { jitter: 0.0005, spikeChance: 0 },
      integer: true,
    });
    b.gauge('node_filesystem_free_bytes', l, (t) => Math.max(0, fs.avail(t) + fs.size * 0.05), {
      noise: { jitter: 0.0005, spikeChance: 0 },
      integer: true,
    });
  }
  b.gauge('node_load1', labels, (t) => opts.busyCores(t) * 1.1, { noise: { jitter: 0.15 } });
  b.counter('node_netstat_Tcp_RetransSegs', labels, opts.retransPerSecond ?? (() => 0.8));
  b.counter('node_network_receive_bytes_total', { ...labels, device: 'ens5' }, () => 2_400_000);
  b.counter('node_network_transmit_bytes_total', { ...labels, device: 'ens5' }, () => 2_900_000);
}

/** A square wave: 1 inside any [from, to) window. */
export const windows =
  (spans: ReadonlyArray<readonly [number, number]>) =>
  (t: number): number =>
    spans.some(([from, to]) => t >= from && t < to) ? 1 : 0;

/** 0 before `from`, then `value` (or the curve), rising over `rampSeconds`. */
export const after =
  (from: number, value: number, rampSeconds = 0) =>
  (t: number): number =>
    t < from ? 0 : rampSeconds <= 0 ? value : value * Math.min(1, (t - from) / rampSeconds);
