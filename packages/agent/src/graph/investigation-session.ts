import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { EvidenceLedger } from '../analyst/evidence-ledger.js';
import type { InvestigationBudget } from '../budget/investigation-budget.js';
import type { CheckResult } from '../checks/check-result.js';
import type { ServiceDirectory } from '../checks/service-directory.js';
import type { WorkspaceService } from '../checks/workspace-service.js';
import type { InvestigationWindow } from '../engine/investigation-window.js';
import type { InjectionClassifier } from '../guard/injection-classifier.js';
import type { PersonalDataMasker } from '../privacy/personal-data-masker.js';
import type { SecurityEventRecorder } from '../guard/security-event.js';
import type { ChangeSource, CodeSource, LogSource, MetricSource } from '../sources/data-sources.js';
import type { QueryLog } from '../sources/query-log.js';
import type { InvestigationTool } from '../tools/investigation-tool.js';

/** A minimal pino-compatible logger, so the agent does not depend on pino. */
export interface AgentLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface InvestigationModel {
  chat: BaseChatModel;
  /** The model name, for the report and the price table. */
  name: string;
  provider: string;
}

/** Runs the deterministic checks; injected so the graph can be tested with any set of checks. */
export type CheckRunner = (input: {
  question: string;
  directory: ServiceDirectory;
  metrics: readonly MetricSource[];
  logs: readonly LogSource[];
  changes: readonly ChangeSource[];
  window: InvestigationWindow;
  ledger: EvidenceLedger;
  /** Every data query the sources ran, so "ruled out" lines can cite the queries that measured them. */
  queryLog: QueryLog;
  signal: AbortSignal;
  /** Called as each check finishes, for its `finding` event. */
  onResult?: (result: CheckResult) => void;
}) => Promise<CheckResult[]>;

/**
 * Everything one investigation's nodes share that is not graph state: the
 * injected sources and model, the ledger, the service directory once built.
 * Lives for one run; never persisted (it holds live clients).
 */
export interface InvestigationSession {
  question: string;
  workspaceId: string;
  turnId: string;
  services: readonly WorkspaceService[];
  environment: { id: string; name: string } | null;
  metrics: readonly MetricSource[];
  logs: readonly LogSource[];
  changes: readonly ChangeSource[];
  /** The environment's repositories when GitHub is connected (code tools). */
  code: CodeSource | null;
  /** Sources that exist but cannot be queried, and why. */
  unavailable: readonly string[];
  model: InvestigationModel | null;
  classifier: InjectionClassifier | null;
  /** Masks personal data in what the model provider reads (null: the workspace turned it off, or no model). */
  masker: PersonalDataMasker | null;
  budget: InvestigationBudget;
  window: InvestigationWindow;
  now: Date;
  ledger: EvidenceLedger;
  /** Every data query run through `metrics` and `logs` (they record themselves). */
  queryLog: QueryLog;
  tools: readonly InvestigationTool[];
  runChecks: CheckRunner;
  recordSecurityEvent: SecurityEventRecorder | undefined;
  logger: AgentLogger | undefined;
  signal: AbortSignal;
  /** Set by the checks node. */
  directory: ServiceDirectory | null;
  /** What the checks and discovery could not look at. */
  notChecked: string[];
  /** Tool-output lines withheld by the injection guard so far. */
  neutralizedLines: number;
  /** Tool calls numbered across the run, for step ids. */
  nextStep: number;
  /** Set when a model call failed: the report is then composed without the model. */
  modelFailure: string | null;
}
