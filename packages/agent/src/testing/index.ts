export {
  inMemoryLogSource,
  inMemoryMetricSource,
  type InMemoryLogStream,
} from './in-memory-sources.js';
export {
  backfillSeries,
  logStreams,
  startSimulatedTelemetry,
  type SimulatedTelemetry,
} from './simulated-telemetry.js';
export {
  datadogEvents,
  datadogLogs,
  datadogMetrics,
  startSimulatedDatadog,
  type SimulatedDatadog,
} from './simulated-datadog.js';
export { deterministicReport, localPrometheusSource } from './deterministic-investigation.js';
export { startSimulatedNewrelic, type SimulatedNewrelic } from './simulated-newrelic.js';
export {
  cloudWatchData,
  startSimulatedCloudWatch,
  type SimulatedCloudWatch,
} from './simulated-cloudwatch.js';
