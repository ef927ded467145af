/**
 * The signals the simulator derives from its series and names as a scenario's
 * root-cause evidence. They are a subset of the engine's signal kinds
 * (packages/agent/src/evidence/metric-change/signals.ts), restated here because
 * the simulator sits below the agent; the types are structural, so the agent's
 * tests pass these straight to its ranking and the compiler checks the subset.
 */
export type SimSignalKind =
  | 'latency_p50'
  | 'latency_p95'
  | 'latency_p99'
  | 'error_ratio'
  | 'throughput'
  | 'cpu'
  | 'cpu_throttling'
  | 'memory'
  | 'restarts'
  | 'oom_kills'
  | 'pool_saturation'
  | 'disk_usage'
  | 'availability';

/** One derived signal of one service: [epoch seconds, value] points, NaN for gaps. */
export interface SimSignal {
  service: string;
  signal: SimSignalKind;
  points: ReadonlyArray<readonly [timestampSeconds: number, value: number]>;
}
