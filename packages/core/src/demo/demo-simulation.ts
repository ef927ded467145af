/*
 * What the demo reads its telemetry from: the agent's simulator
 * (`createSimulator` in @vibemonitor/agent), injected by whoever may import
 * the agent (the worker, the evaluation), because core must not. Any object
 * with this shape works: the types are structural.
 */

export interface DemoRange {
  /** Epoch seconds, inclusive. */
  start: number;
  /** Epoch seconds, inclusive. */
  end: number;
}

export interface DemoRawSeries {
  /** Sample name (`x_total`, `x_bucket`...): becomes `__name__`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** One value per grid step from `dataStart`; NaN where the series has no sample. */
  readonly values: ArrayLike<number>;
}

export interface DemoLogLine {
  /** Epoch milliseconds. */
  timestamp: number;
  line: string;
  labels: Readonly<Record<string, string>>;
}

export interface DemoChangeEvent {
  /** Epoch seconds. */
  timestamp: number;
  service: string;
  kind: 'deploy' | 'config' | 'scale' | 'cronjob';
  title: string;
  version?: string;
}

/** One simulated system with its fault already injected at `faultStart`. */
export interface DemoSimulation {
  /** Epoch seconds of the first grid step. */
  readonly dataStart: number;
  readonly faultStart: number;
  series(): readonly DemoRawSeries[];
  /** Lines in the range whose stream labels match the LogQL stream selector (every stream without one). */
  logLines(range: DemoRange, selector?: string): DemoLogLine[];
  changeEvents(range: DemoRange): DemoChangeEvent[];
}

/** Builds the simulation of the demo scenario with the fault starting at `faultStart` (epoch seconds). */
export type DemoSimulate = (options: { faultStart: number }) => {
  simulation: DemoSimulation;
  /** Seconds between grid steps. */
  stepSeconds: number;
  /** Label sets of every log stream (for label discovery without reading lines). */
  logStreams: ReadonlyArray<Readonly<Record<string, string>>>;
};
