import type { InvestigationResult, Investigator } from '../investigator.js';
import type { InvestigationBudget } from '../budget/investigation-budget.js';
import { runDeterministicChecks } from '../checks/run-checks.js';
import { createLlmInjectionClassifier } from '../guard/injection-classifier.js';
import { createPersonalDataMasker } from '../privacy/personal-data-masker.js';
import type { SecurityEventRecorder } from '../guard/security-event.js';
import type { AgentLogger, CheckRunner } from '../graph/investigation-session.js';
import { runInvestigation } from '../graph/run-investigation.js';
import type { InvestigationContext } from './investigation-context.js';

export interface CreateInvestigatorOptions {
  /** Loads the workspace's services, sources and model for one turn (the worker reads them from the database). */
  loadContext(input: {
    workspaceId: string;
    turnId: string;
    signal: AbortSignal;
  }): Promise<InvestigationContext>;
  /** Stores security events (blocked questions, withheld telemetry lines). */
  recordSecurityEvent?: SecurityEventRecorder;
  budget?: Partial<InvestigationBudget>;
  /** End of the incident window (default: the current time); the demo and the evaluation pin it. */
  now?: () => Date;
  /** Screen questions with the model as well as the heuristics when a model is configured (default true). */
  llmClassifier?: boolean;
  runChecks?: CheckRunner;
  logger?: AgentLogger;
}

/**
 * The investigation engine the worker runs for each chat turn: loads the
 * context, then runs the graph (guard, checks, agent with read-only tools
 * when a model is configured, report). Without a model it still answers,
 * from the deterministic checks, and says so in the report.
 */
export function createInvestigator(options: CreateInvestigatorOptions): Investigator {
  return {
    async investigate({
      question,
      workspaceId,
      turnId,
      emit,
      signal,
      history,
    }): Promise<InvestigationResult> {
      const context = await options.loadContext({ workspaceId, turnId, signal });
      const masker =
        context.model && context.maskPersonalData !== false ? createPersonalDataMasker() : null;
      const classifier =
        context.model && options.llmClassifier !== false
          ? createLlmInjectionClassifier(context.model.chat, masker)
          : null;
      return runInvestigation({
        question,
        workspaceId,
        turnId,
        emit,
        signal,
        context,
        runChecks: options.runChecks ?? runDeterministicChecks,
        ...(history ? { history } : {}),
        classifier,
        masker,
        ...(options.budget ? { budget: options.budget } : {}),
        ...(options.now ? { now: options.now() } : {}),
        ...(options.recordSecurityEvent
          ? { recordSecurityEvent: options.recordSecurityEvent }
          : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      });
    },
  };
}
