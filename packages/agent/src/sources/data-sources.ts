// The source interfaces live in @vibemonitor/integrations, so the simulator and core implement them without importing the agent.
export type {
  ChangeRecord,
  ChangeSource,
  CodeSource,
  DataSource,
  LogSource,
  MetricSource,
  SourceInfo,
} from '@vibemonitor/integrations';
