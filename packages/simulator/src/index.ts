export { deriveSignals, histogramQuantile } from './derived-signals.js';
export { streamLabels, type SimLogLine } from './logs.js';
export { formatLabels, type SimRange } from './open-metrics.js';
export { createRng, hashString, mix, type Rng } from './prng.js';
export { healthyLevers, scenarioIds, scenarios, type Levers, type Scenario, type ScenarioChange, type ScenarioId, type ScenarioLogRule } from './scenarios.js';
export type { SimSignal, SimSignalKind } from './signals.js';
export { GRID_STEP_SECONDS, type MetricType, type RawSeries } from './series.js';
export { createSimulator, DEFAULT_FAULT_START, type ChangeEvent, type LogSelector, type Simulator } from './simulator.js';
export { callGraph, serviceNames, services, type ServiceName, type ServiceSpec } from './topology.js';
