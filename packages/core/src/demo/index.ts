export {
  DEMO_FAULT_MINUTES_AGO,
  DEMO_HOURS_BEFORE,
  DEMO_INTEGRATION_NAME,
  DEMO_NOTE,
  DEMO_SCENARIO,
  DEMO_SEED,
  DEMO_WORKSPACE_NAME,
  demoServices,
  type DemoService,
} from './demo-catalogue.js';
export { createDemoWorkspace } from './create-demo-workspace.js';
export { createDemoSources, type DemoSources } from './demo-sources.js';
export type {
  DemoChangeEvent,
  DemoLogLine,
  DemoRange,
  DemoRawSeries,
  DemoSimulate,
  DemoSimulation,
} from './demo-simulation.js';
export { createDemoMetricSource, type DemoMetricSource } from './demo-metric-source.js';
export { createDemoLogSource, type DemoLogSource } from './demo-log-source.js';
export { createDemoChangeSource, type DemoChangeSource } from './demo-change-source.js';
export { SeriesGrid, type GridSeries } from './promql/series-grid.js';
export { evaluateInstant, evaluateRange, type EvaluatedSeries } from './promql/promql-evaluator.js';
export { parsePromql } from './promql/promql-parser.js';
export { parseLogql } from './logql/logql-parser.js';
