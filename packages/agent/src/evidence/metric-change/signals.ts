/**
 * The signals the ranking knows, and which way is bad for each. Direction
 * matters: latency going down is good news, throughput going down is not.
 */
export const signalKinds = [
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'latency_mean',
  'error_ratio',
  'throughput',
  'cpu',
  'cpu_throttling',
  'memory',
  'memory_utilization',
  'gc_time',
  'restarts',
  'oom_kills',
  'pool_saturation',
  'queue_depth',
  'disk_usage',
  'availability',
  'probe_latency',
  'tcp_retransmits',
  'fd_usage',
] as const;

export type SignalKind = (typeof signalKinds)[number];

/** `up`: a rise is bad; `down`: a fall is bad; `both`: either way is news. */
export type Direction = 'up' | 'down' | 'both';

export interface SignalInfo {
  direction: Direction;
  /**
   * Smallest change treated as one robust standard deviation, in the signal's
   * unit. It stops a flat baseline (MAD = 0) from making any wobble look
   * infinitely abnormal.
   */
  absoluteFloor: number;
  /**
   * Smallest scale as a fraction of the baseline median, for unbounded
   * signals (latency, throughput, CPU, memory): a 5% move is never more than
   * one sigma. Bounded ratios (error ratio, saturation, disk, availability)
   * use 0: going from 60% to 99% full matters whatever the starting level.
   */
  relativeFloor: number;
  /**
   * Weight in the ranking. Symptoms (latency, errors) usually move further
   * than their cause and in every service downstream of it, so a saturated
   * resource is the better lead when both are abnormal: symptoms weigh less.
   */
  weight: number;
  unit: string;
  /**
   * Events that are normally absent (restarts, OOM kills): any occurrence
   * where the baseline had none is news, whatever the medians say, because a
   * handful of events in a window leaves the median at 0.
   */
  sparse?: boolean;
}

export const signalInfo: Record<SignalKind, SignalInfo> = {
  latency_p50: {
    direction: 'up',
    absoluteFloor: 0.005,
    relativeFloor: 0.05,
    weight: 0.5,
    unit: 'seconds',
  },
  latency_p95: {
    direction: 'up',
    absoluteFloor: 0.005,
    relativeFloor: 0.05,
    weight: 0.5,
    unit: 'seconds',
  },
  latency_p99: {
    direction: 'up',
    absoluteFloor: 0.005,
    relativeFloor: 0.05,
    weight: 0.5,
    unit: 'seconds',
  },
  // The mean (a summary's or histogram's sum over its count): all there is when no buckets are published.
  latency_mean: {
    direction: 'up',
    absoluteFloor: 0.005,
    relativeFloor: 0.05,
    weight: 0.5,
    unit: 'seconds',
  },
  error_ratio: {
    direction: 'up',
    absoluteFloor: 0.005,
    relativeFloor: 0,
    weight: 0.6,
    unit: 'ratio',
  },
  // Both ways: a drop means lost traffic, a surge is itself a cause (traffic spikes, retry storms).
  throughput: {
    direction: 'both',
    absoluteFloor: 0.1,
    relativeFloor: 0.05,
    weight: 0.7,
    unit: 'requests/s',
  },
  cpu: { direction: 'up', absoluteFloor: 0.01, relativeFloor: 0.05, weight: 1, unit: 'cores' },
  cpu_throttling: {
    direction: 'up',
    absoluteFloor: 0.02,
    relativeFloor: 0,
    weight: 1,
    unit: 'ratio',
  },
  memory: {
    direction: 'up',
    absoluteFloor: 4 * 2 ** 20,
    relativeFloor: 0.05,
    weight: 1,
    unit: 'bytes',
  },
  // Memory as a share of the container's limit: bounded, so a climb towards 100% matters from any start.
  memory_utilization: {
    direction: 'up',
    absoluteFloor: 0.02,
    relativeFloor: 0,
    weight: 1,
    unit: 'ratio',
  },
  // Seconds per second spent in garbage collection: pauses that stop the process, a mechanism of its own.
  gc_time: {
    direction: 'up',
    absoluteFloor: 0.002,
    relativeFloor: 0.1,
    weight: 1,
    unit: 'seconds/s',
  },
  restarts: {
    direction: 'up',
    absoluteFloor: 0.25,
    relativeFloor: 0,
    weight: 1,
    unit: 'restarts',
    sparse: true,
  },
  oom_kills: {
    direction: 'up',
    absoluteFloor: 0.25,
    relativeFloor: 0,
    weight: 1,
    unit: 'kills',
    sparse: true,
  },
  pool_saturation: {
    direction: 'up',
    absoluteFloor: 0.02,
    relativeFloor: 0,
    weight: 1,
    unit: 'ratio',
  },
  queue_depth: { direction: 'up', absoluteFloor: 1, relativeFloor: 0.05, weight: 1, unit: 'items' },
  disk_usage: { direction: 'up', absoluteFloor: 0.005, relativeFloor: 0, weight: 1, unit: 'ratio' },
  availability: {
    direction: 'down',
    absoluteFloor: 0.01,
    relativeFloor: 0,
    weight: 1,
    unit: 'ratio',
  },
  // How long an outside probe (blackbox exporter) takes to get an answer: the service plus the network to it.
  probe_latency: {
    direction: 'up',
    absoluteFloor: 0.01,
    relativeFloor: 0.1,
    weight: 1,
    unit: 'seconds',
  },
  // Retransmitted share of the TCP segments a host sends: packet loss on its network path.
  tcp_retransmits: {
    direction: 'up',
    absoluteFloor: 0.002,
    relativeFloor: 0,
    weight: 1,
    unit: 'ratio',
  },
  // Open file descriptors as a share of the process's limit: sockets and files, exhausted at 100%.
  fd_usage: {
    direction: 'up',
    absoluteFloor: 0.02,
    relativeFloor: 0,
    weight: 1,
    unit: 'ratio',
  },
};

/** Flips a signed change so that positive always means "worse" for the signal. */
export function badness(signedZ: number, direction: Direction): number {
  if (direction === 'up') return signedZ;
  if (direction === 'down') return -signedZ;
  return Math.abs(signedZ);
}
