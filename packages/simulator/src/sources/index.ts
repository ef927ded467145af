// `@vibemonitor/simulator/sources`: the engine's source interfaces served in process, by the PromQL and
// LogQL subsets, over the simulator (the demo) or over series loaded from a provider (core's Datadog and
// New Relic sources). A separate entry, so that the simulator alone does not load the integrations.
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
export { createDemoSources, type DemoSources } from './demo-sources.js';
export { createDemoMetricSource } from './demo-metric-source.js';
export { createDemoLogSource, evaluateLogMetric } from './demo-log-source.js';
export { createDemoChangeSource } from './demo-change-source.js';
export { SeriesGrid, type GridSeries } from '../promql/series-grid.js';
export type { LabelMatcher } from '../promql/promql-ast.js';
export { evaluateInstant, evaluateRange, type EvaluatedSeries } from '../promql/promql-evaluator.js';
export { parsePromql } from '../promql/promql-parser.js';
export {
  matchesLine,
  matchesStream,
  parseLogql,
  type LogExpr,
  type LogMetricExpr,
} from '../logql/logql-parser.js';
