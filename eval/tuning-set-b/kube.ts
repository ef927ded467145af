/**
 * What a Kubernetes cluster itself reports about the workloads of a
 * tuning-set-b system, by the standard names of the three usual sources:
 * cAdvisor (through the kubelet), kube-state-metrics and node-exporter. Each
 * system describes its pods (which node, when they existed, their limits and
 * how much CPU and memory they want at each instant); this file writes the
 * series those sources would expose for them.
 */
import type { TelemetryBuilder } from '../independent/builder.js';
import type { Curve } from '../independent/flow.js';
import { podSuffix } from '../independent/random.js';

export interface KubeNode {
  name: string;
  ip: string;
  cpus: number;
  memGiB: number;
  /** Root filesystem size, bytes. */
  diskBytes: number;
}

/** One pod (one main container) during the window. */
export interface KubePod {
  workload: string;
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  ip: string;
  node: string;
  container: string;
  image: string;
  /** Created at (null: before the window). */
  from: number | null;
  /** Deleted at (null: still running). */
  until: number | null;
}

/** The resources and behaviour of one workload's containers. */
export interface KubeWorkload {
  name: string;
  namespace: string;
  kind: 'Deployment' | 'StatefulSet';
  /** CPU limit in cores (null: none). */
  cpuLimit: number | null;
  cpuRequest: number;
  memLimitBytes: number | null;
  /** Cores one pod wants at `t` (may exceed the limit: the excess is throttled). */
  cpu: (pod: KubePod, t: number) => number;
  /** Working-set bytes of one pod at `t`. */
  memory: (pod: KubePod, t: number) => number;
  /** Container restarts of each pod (the process died and the kubelet started it again). */
  restarts?: (pod: KubePod) => readonly number[];
  /** Why the last restart happened (`OOMKilled`, `Error`). */
  restartReason?: string;
  /** Seconds a restarted container stays not ready. */
  restartDownSeconds?: number;
  /** Kernel OOM kills inside the container that did not restart it (a child process killed). */
  oomEvents?: (pod: KubePod) => readonly number[];
  /** Times the Deployment's spec changed (a rollout): the generation goes up by one at each. */
  rollouts?: readonly number[];
  /** Pods the controller wants but cannot run (Pending), from `t` on. */
  pendingFrom?: number;
}

/** Pod name, Deployment style: `<workload>-<rs hash>-<id>`; StatefulSet style: `<workload>-<ordinal>`. */
export function podName(
  b: TelemetryBuilder,
  workload: string,
  kind: 'Deployment' | 'StatefulSet',
  index: number,
  generation = 0,
): string {
  if (kind === 'StatefulSet') return `${workload}-${index}`;
  const rs = podSuffix(b.rng(`rs:${workload}:${generation}`)).slice(0, 10);
  const id = podSuffix(b.rng(`pod:${workload}:${generation}:${index}`)).slice(-5);
  return `${workload}-${rs}${id}`;
}

export const alive = (p: KubePod, t: number): boolean =>
  (p.from === null || t >= p.from) && (p.until === null || t < p.until);

const MiB = 1_048_576;

/** cAdvisor and kube-state-metrics series for one workload's pods, and its controller's. */
export function emitWorkload(b: TelemetryBuilder, w: KubeWorkload, pods: readonly KubePod[]): void {
  const down = w.restartDownSeconds ?? 40;
  for (const p of pods) {
    const exists = (t: number) => alive(p, t);
    const restarts = [...(w.restarts?.(p) ?? [])].sort((a, c) => a - c);
    const restarting = (t: number) => restarts.some((r) => t >= r && t < r + down);
    const cad = {
      job: 'kubelet',
      metrics_path: '/metrics/cadvisor',
      namespace: w.namespace,
      pod: p.name,
      container: p.container,
      image: p.image,
      name: `k8s_${p.container}_${p.name}_${w.namespace}`,
      node: p.node,
      instance: p.node,
    };
    const wanted = (t: number) => (restarting(t) ? 0.01 : w.cpu(p, t));
    const used = (t: number) =>
      w.cpuLimit === null ? wanted(t) : Math.min(w.cpuLimit * 0.985, wanted(t));
    b.counter('container_cpu_usage_seconds_total', cad, (t) => (exists(t) ? used(t) : null), {
      integer: false,
      initial: 0,
      resetsAt: restarts,
    });
    if (w.cpuLimit !== null) {
      const limit = w.cpuLimit;
      // 100 ms CFS periods: 10 a second while the container runs.
      b.counter('container_cpu_cfs_periods_total', cad, (t) => (exists(t) ? 10 : null), {
        initial: 0,
        noise: false,
        resetsAt: restarts,
      });
      b.counter(
        'container_cpu_cfs_throttled_periods_total',
        cad,
        (t) => {
          if (!exists(t)) return null;
          const pressure = wanted(t) / limit;
          return 10 * (pressure < 0.7 ? 0.002 : Math.min(0.96, 0.05 + (pressure - 0.7) * 1.4));
        },
        { initial: 0, resetsAt: restarts },
      );
      b.counter(
        'container_cpu_cfs_throttled_seconds_total',
        cad,
        (t) => (exists(t) ? Math.max(0, wanted(t) - limit) + 0.001 : null),
        { integer: false, initial: 0, resetsAt: restarts },
      );
    }
    b.gauge(
      'container_memory_working_set_bytes',
      cad,
      (t) => (exists(t) ? (restarting(t) ? 12 * MiB : w.memory(p, t)) : null),
      { noise: { jitter: 0.008, spikeChance: 0 } },
    );
    b.gauge(
      'container_memory_rss',
      cad,
      (t) => (exists(t) ? (restarting(t) ? 10 * MiB : w.memory(p, t) * 0.93) : null),
      { noise: { jitter: 0.008, spikeChance: 0 } },
    );
    if (w.memLimitBytes !== null) {
      const limit = w.memLimitBytes;
      b.gauge('container_spec_memory_limit_bytes', cad, (t) => (exists(t) ? limit : null), {
        noise: false,
      });
    }
    const ooms = [...(w.oomEvents?.(p) ?? [])];
    if (ooms.length > 0 || w.restartReason === 'OOMKilled')
      b.gauge(
        'container_oom_events_total',
        cad,
        (t) =>
          exists(t)
            ? ooms.filter((k) => k <= t).length +
              (w.restartReason === 'OOMKilled' ? restarts.filter((r) => r <= t).length : 0)
            : null,
        { noise: false },
      );
    b.counter('container_network_receive_bytes_total', { ...cad, interface: 'eth0' }, (t) =>
      exists(t) ? 20_000 + w.cpu(p, t) * 400_000 : null,
    );

    const ksm = {
      job: 'kube-state-metrics',
      namespace: w.namespace,
      pod: p.name,
      container: p.container,
      uid: b.rng(`uid:${p.name}`).hex(8),
    };
    b.gauge(
      'kube_pod_container_status_restarts_total',
      ksm,
      (t) => (exists(t) ? restarts.filter((r) => r <= t).length : null),
      { noise: false },
    );
    b.gauge(
      'kube_pod_container_status_ready',
      ksm,
      (t) => (exists(t) ? (restarting(t) ? 0 : 1) : null),
      { noise: false },
    );
    b.gauge(
      'kube_pod_container_status_running',
      ksm,
      (t) => (exists(t) ? (restarting(t) ? 0 : 1) : null),
      { noise: false },
    );
    if (restarts.length > 0 && w.restartReason)
      b.gauge(
        'kube_pod_container_status_last_terminated_reason',
        { ...ksm, reason: w.restartReason },
        (t) => (exists(t) && t >= restarts[0]! ? 1 : null),
        { noise: false },
      );
    for (const [resource, unit, value] of [
      ['cpu', 'core', w.cpuLimit],
      ['memory', 'byte', w.memLimitBytes],
    ] as const)
      if (value !== null)
        b.gauge(
          'kube_pod_container_resource_limits',
          { ...ksm, resource, unit, node: p.node },
          (t) => (exists(t) ? value : null),
          { noise: false },
        );
    b.gauge(
      'kube_pod_container_resource_requests',
      { ...ksm, resource: 'cpu', unit: 'core', node: p.node },
      (t) => (exists(t) ? w.cpuRequest : null),
      { noise: false },
    );
    b.gauge(
      'kube_pod_container_info',
      {
        ...ksm,
        image: p.image,
        image_spec: p.image,
        image_id: `${p.image.split(':')[0]}@sha256:${b.rng(`digest:${p.image}`).hex(64)}`,
        container_id: `containerd://${b.rng(`cid:${p.name}`).hex(64)}`,
      },
      (t) => (exists(t) ? 1 : null),
      { noise: false },
    );
    const owner = w.kind === 'StatefulSet' ? w.name : p.name.slice(0, p.name.length - 6);
    b.gauge(
      'kube_pod_info',
      {
        job: 'kube-state-metrics',
        namespace: w.namespace,
        pod: p.name,
        node: p.node,
        pod_ip: p.ip,
        host_ip: '',
        created_by_kind: w.kind === 'StatefulSet' ? 'StatefulSet' : 'ReplicaSet',
        created_by_name: owner,
        uid: ksm.uid,
      },
      (t) => (exists(t) ? 1 : null),
      { noise: false },
    );
    b.gauge(
      'kube_pod_status_phase',
      {
        job: 'kube-state-metrics',
        namespace: w.namespace,
        pod: p.name,
        uid: ksm.uid,
        phase: 'Running',
      },
      (t) => (exists(t) ? 1 : null),
      { noise: false },
    );
  }

  const replicas = new Set(pods.filter((p) => p.until === null).map((p) => p.name)).size;
  const ctl = { job: 'kube-state-metrics', namespace: w.namespace };
  const generation = (t: number) => 23 + (w.rollouts ?? []).filter((r) => r <= t).length;
  const ready = (t: number) =>
    pods.filter(
      (p) =>
        alive(p, t) &&
        !(w.restarts?.(p) ?? []).some((r) => t >= r && t < r + down) &&
        !(p.from !== null && t < p.from + 20),
    ).length;
  if (w.pendingFrom !== undefined) {
    const from = w.pendingFrom;
    const pending = {
      job: 'kube-state-metrics',
      namespace: w.namespace,
      pod: podName(b, w.name, w.kind, 0, 99),
      uid: b.rng(`uid:pending:${w.name}`).hex(8),
    };
    b.gauge(
      'kube_pod_status_phase',
      { ...pending, phase: 'Pending' },
      (t) => (t >= from + 30 ? 1 : null),
      {
        noise: false,
      },
    );
    b.gauge('kube_pod_status_unschedulable', pending, (t) => (t >= from + 30 ? 1 : null), {
      noise: false,
    });
  }
  if (w.kind === 'Deployment') {
    const dep = { ...ctl, deployment: w.name };
    b.gauge('kube_deployment_metadata_generation', dep, generation, { noise: false });
    b.gauge('kube_deployment_status_observed_generation', dep, generation, { noise: false });
    b.gauge('kube_deployment_spec_replicas', dep, () => Math.max(replicas, 1), { noise: false });
    b.gauge('kube_deployment_status_replicas_available', dep, (t) => Math.min(replicas, ready(t)), {
      noise: false,
    });
    b.gauge(
      'kube_deployment_status_replicas_unavailable',
      dep,
      (t) => Math.max(0, Math.max(replicas, 1) - ready(t)),
      {
        noise: false,
      },
    );
  } else {
    const sts = { ...ctl, statefulset: w.name };
    b.gauge('kube_statefulset_replicas', sts, () => Math.max(replicas, 1), { noise: false });
    b.gauge('kube_statefulset_status_replicas_ready', sts, (t) => ready(t), { noise: false });
    b.gauge('kube_statefulset_metadata_generation', sts, generation, { noise: false });
  }
}

/** node-exporter on every node: CPU by mode, load, memory, the root filesystem and disk I/O. */
export function emitNodes(
  b: TelemetryBuilder,
  nodes: readonly KubeNode[],
  input: {
    /** Cores busy on the node at `t` (the pods' usage plus the system's own). */
    busy: (node: KubeNode, t: number) => number;
    /** Extra bytes used on the node's root filesystem at `t` (default: slow log growth only). */
    rootUsed?: (node: KubeNode, t: number) => number;
    /** Share of time the node's data disk is busy (0..1) at `t`. */
    diskBusy?: (node: KubeNode, t: number) => number;
    /** Share of CPU time spent waiting on I/O at `t`. */
    iowait?: (node: KubeNode, t: number) => number;
  },
): void {
  for (const node of nodes) {
    const labels = { job: 'node-exporter', instance: `${node.ip}:9100`, node: node.name };
    const busy = (t: number) => Math.min(node.cpus * 0.995, input.busy(node, t));
    const iowait = (t: number) => input.iowait?.(node, t) ?? 0.01;
    for (let cpu = 0; cpu < node.cpus; cpu++) {
      for (const [mode, part] of [
        ['user', 0.68],
        ['system', 0.27],
        ['softirq', 0.05],
      ] as const)
        b.counter(
          'node_cpu_seconds_total',
          { ...labels, cpu: String(cpu), mode },
          (t) => (busy(t) / node.cpus) * part,
          { integer: false },
        );
      b.counter(
        'node_cpu_seconds_total',
        { ...labels, cpu: String(cpu), mode: 'iowait' },
        (t) => iowait(t),
        { integer: false },
      );
      b.counter(
        'node_cpu_seconds_total',
        { ...labels, cpu: String(cpu), mode: 'idle' },
        (t) => Math.max(0, 1 - busy(t) / node.cpus - iowait(t)),
        { integer: false, noise: { jitter: 0.01 } },
      );
    }
    b.gauge('node_load1', labels, (t) => busy(t) * 1.05 + iowait(t) * node.cpus, {
      noise: { jitter: 0.12 },
    });
    b.gauge('node_memory_MemTotal_bytes', labels, () => node.memGiB * 1_073_741_824, {
      noise: false,
    });
    b.gauge('node_memory_MemAvailable_bytes', labels, () => node.memGiB * 1_073_741_824 * 0.41, {
      noise: { jitter: 0.01, spikeChance: 0 },
    });
    const fs = { ...labels, device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' };
    b.gauge('node_filesystem_size_bytes', fs, () => node.diskBytes, { noise: false });
    b.gauge(
      'node_filesystem_avail_bytes',
      fs,
      (t) =>
        Math.max(
          0,
          node.diskBytes * 0.58 - (t - b.timeline.start) * 600 - (input.rootUsed?.(node, t) ?? 0),
        ),
      { noise: false },
    );
    b.counter(
      'node_disk_io_time_seconds_total',
      { ...labels, device: 'nvme1n1' },
      (t) => Math.min(1, input.diskBusy?.(node, t) ?? 0.06),
      { integer: false },
    );
    b.counter(
      'node_network_receive_bytes_total',
      { ...labels, device: 'eth0' },
      (t) => busy(t) * 2_000_000,
    );
  }
}

/** kubelet's volume stats for a PersistentVolumeClaim. */
export function emitVolume(
  b: TelemetryBuilder,
  input: { namespace: string; pvc: string; node: string; capacity: number; used: Curve },
): void {
  const labels = {
    job: 'kubelet',
    metrics_path: '/metrics',
    namespace: input.namespace,
    persistentvolumeclaim: input.pvc,
    node: input.node,
  };
  const used = (t: number) => Math.min(input.capacity, input.used(t));
  b.gauge('kubelet_volume_stats_capacity_bytes', labels, () => input.capacity, { noise: false });
  b.gauge('kubelet_volume_stats_used_bytes', labels, used, { noise: false });
  b.gauge('kubelet_volume_stats_available_bytes', labels, (t) => input.capacity - used(t), {
    noise: false,
  });
  b.gauge('kubelet_volume_stats_inodes_free', labels, () => 6_400_000, { noise: false });
}
