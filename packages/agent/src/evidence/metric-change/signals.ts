/**
 * The signals the ranking knows, and which way is bad for each. Direction
 * matters: latency going down is good news, throughput going down is not.
 */
export const signalKinds = [
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'error_ratio',
  'throughput',
  'cpu',
  'cpu_throttling',
  'memory',
  'restarts',
  'oom_kills',
  'pool_saturation',
  'queue_depth',
  'disk_usage',
  'availability',
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
}

export const signalInfo: Record<SignalKind, SignalInfo> = {
  latency_p50: { direction: 'up', absoluteFloor: 0.005, relativeFloor: 0.05, weight: 0.5, unit: 'seconds' },
  latency_p95: { direction: 'up', absoluteFloor: 0.005, relativeFloor: 0.05, weight: 0.5, unit: 'seconds' },
  latency_p99: { direction: 'up', absoluteFloor: 0.005, relativeFloor: 0.05, weight: 0.5, unit: 'seconds' },
  error_ratio: { direction: 'up', absoluteFloor: 0.005, relativeFloor: 0, weight: 0.6, unit: 'ratio' },
  // Both ways: a drop means lost traffic, a surge is itself a cause (traffic spikes, retry storms).
  throughput: { direction: 'both', absoluteFloor: 0.1, relativeFloor: 0.05, weight: 0.7, unit: 'requests/s' },
  cpu: { direction: 'up', absoluteFloor: 0.01, relativeFloor: 0.05, weight: 1, unit: 'cores' },
  cpu_throttling: { direction: 'up', absoluteFloor: 0.02, relativeFloor: 0, weight: 1, unit: 'ratio' },
  memory: { direction: 'up', absoluteFloor: 4 * 2 ** 20, relativeFloor: 0.05, weight: 1, unit: 'bytes' },
  restarts: { direction: 'up', absoluteFloor: 0.25, relativeFloor: 0, weight: 1, unit: 'restarts' },
  oom_kills: { direction: 'up', absoluteFloor: 0.25, relativeFloor: 0, weight: 1, unit: 'kills' },
  pool_saturation: { direction: 'up', absoluteFloor: 0.02, relativeFloor: 0, weight: 1, unit: 'ratio' },
  queue_depth: { direction: 'up', absoluteFloor: 1, relativeFloor: 0.05, weight: 1, unit: 'items' },
  disk_usage: { direction: 'up', absoluteFloor: 0.005, relativeFloor: 0, weight: 1, unit: 'ratio' },
  availability: { direction: 'down', absoluteFloor: 0.01, relativeFloor: 0, weight: 1, unit: 'ratio' },
};

/** Flips a signed change so that positive always means "worse" for the signal. */
export function badness(signedZ: number, direction: Direction): number {
  if (direction === 'up') return signedZ;
  if (direction === 'down') return -signedZ;
  return Math.abs(signedZ);
}
