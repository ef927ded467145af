export type { InvestigationInput, InvestigationResult, Investigator } from './investigator.js';
export {
  createInvestigator,
  type CreateInvestigatorOptions,
} from './engine/create-investigator.js';
export type { InvestigationContext } from './engine/investigation-context.js';
export {
  resolveFollowUp,
  timeShiftFromQuestion,
  type ConversationTurn,
  type FollowUpFrame,
} from './engine/follow-up.js';
export {
  investigationWindow,
  type InvestigationWindow,
  type TimeSpan,
} from './engine/investigation-window.js';
export type {
  ChangeRecord,
  ChangeSource,
  CodeSource,
  DataSource,
  LogSource,
  MetricSource,
  SourceInfo,
} from './sources/data-sources.js';
export { metricSourceFromPrometheus } from './sources/prometheus-source.js';
export { logSourceFromLoki } from './sources/loki-source.js';
export type { WorkspaceService } from './checks/workspace-service.js';
export { runDeterministicChecks } from './checks/run-checks.js';
export type {
  AgentLogger,
  CheckRunner,
  InvestigationModel,
} from './graph/investigation-session.js';
export { runInvestigation, type RunInvestigationInput } from './graph/run-investigation.js';
export { defaultBudget, type InvestigationBudget } from './budget/investigation-budget.js';
export { estimateCostUsd } from './budget/model-prices.js';
export type { InvestigationSecurityEvent, SecurityEventRecorder } from './guard/security-event.js';
export { scanForInjection, type InjectionSignal } from './guard/injection-heuristics.js';
export { createPersonalDataMasker, type PersonalDataMasker } from './privacy/personal-data-masker.js';
export { metricSourceFromCloudWatch } from './sources/cloudwatch-metric-source.js';
export { logSourceFromCloudWatch } from './sources/cloudwatch-log-source.js';
export { cloudWatchFamilies } from './sources/cloudwatch-families.js';
export { changeSourceFromEcs } from './sources/ecs-change-source.js';
