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
