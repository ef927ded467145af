import { performance } from 'node:perf_hooks';
import type { RcaEvent, RcaReport, RcaUsage } from '@vibemonitor/contracts';
import { EvidenceLedger } from '../analyst/evidence-ledger.js';
import { resolveBudget, type InvestigationBudget } from '../budget/investigation-budget.js';
import { estimateCostUsd } from '../budget/model-prices.js';
import type { InvestigationContext } from '../engine/investigation-context.js';
import { resolveFollowUp, type ConversationTurn } from '../engine/follow-up.js';
import { investigationWindow } from '../engine/investigation-window.js';
import type { InjectionClassifier } from '../guard/injection-classifier.js';
import {
  createPersonalDataMasker,
  type PersonalDataMasker,
} from '../privacy/personal-data-masker.js';
import type { SecurityEventRecorder } from '../guard/security-event.js';
import { QueryLog, recordingLogSource, recordingMetricSource } from '../sources/query-log.js';
import { readOnlyTools } from '../tools/read-only-tools.js';
import { buildInvestigationGraph } from './build-investigation-graph.js';
import type { AgentLogger, CheckRunner, InvestigationSession } from './investigation-session.js';
import type { InvestigationStateType } from './investigation-state.js';

export interface RunInvestigationInput {
  question: string;
  workspaceId: string;
  turnId: string;
  /** Persists and streams one progress event; rejects once the turn has ended. */
  emit(event: RcaEvent): Promise<void>;
  signal: AbortSignal;
  context: InvestigationContext;
  runChecks: CheckRunner;
  budget?: Partial<InvestigationBudget>;
  /** The end of the incident window (default: now). */
  now?: Date;
  /** Minutes of the incident window (default: from the question, else 30). */
  windowMinutes?: number;
  /** The session's earlier turns, oldest first: a follow-up inherits their service and window. */
  history?: readonly ConversationTurn[];
  classifier?: InjectionClassifier | null;
  /**
   * The investigation's personal-data masker (share it with the classifier).
   * Default: a new one when there is a model, unless the context turned
   * masking off.
   */
  masker?: PersonalDataMasker | null;
  recordSecurityEvent?: SecurityEventRecorder;
  logger?: AgentLogger;
}

/**
 * Runs one investigation through the graph and maps its `custom` stream to
 * RCA events, one at a time and in order. If an event cannot be stored (the
 * turn was cancelled or deleted) the run is aborted and that error thrown.
 */
export async function runInvestigation(
  input: RunInvestigationInput,
): Promise<{ report: RcaReport; usage: RcaUsage }> {
  const started = performance.now();
  const now = input.now ?? new Date();
  const controller = new AbortController();
  const onAbort = () => controller.abort(input.signal.reason);
  if (input.signal.aborted) onAbort();
  input.signal.addEventListener('abort', onAbort, { once: true });

  const { context } = input;
  const frame = resolveFollowUp({
    question: input.question,
    history: input.history ?? [],
    now,
    services: context.services,
  });
  const windowMinutes = input.windowMinutes ?? frame.windowMinutes;
  const queryLog = new QueryLog();
  const session: InvestigationSession = {
    question: frame.question,
    workspaceId: input.workspaceId,
    turnId: input.turnId,
    services: context.services,
    environment: context.environment,
    metrics: context.metrics.map((source) => recordingMetricSource(source, queryLog)),
    logs: context.logs.map((source) => recordingLogSource(source, queryLog)),
    changes: context.changes ?? [],
    code: context.code ?? null,
    unavailable: context.unavailable,
    model: context.model,
    classifier: input.classifier ?? null,
    masker:
      input.masker !== undefined
        ? input.masker
        : context.model && context.maskPersonalData !== false
          ? createPersonalDataMasker()
          : null,
    budget: resolveBudget(input.budget),
    window: investigationWindow({
      question: frame.question,
      now: frame.end,
      ...(windowMinutes ? { minutes: windowMinutes } : {}),
      onset: context.onset ?? null,
    }),
    now: frame.end,
    ledger: new EvidenceLedger(),
    queryLog,
    tools: readOnlyTools({
      hasLogs: context.logs.length > 0,
      hasMetrics: context.metrics.length > 0,
      hasCode: Boolean(context.code),
    }),
    runChecks: input.runChecks,
    recordSecurityEvent: input.recordSecurityEvent,
    logger: input.logger,
    signal: controller.signal,
    directory: null,
    notChecked: [],
    neutralizedLines: 0,
    nextStep: 0,
    modelFailure: null,
  };

  try {
    if (frame.note) await input.emit({ type: 'thinking', text: frame.note });
    const graph = buildInvestigationGraph(session);
    const stream = await graph.stream(
      { messages: [] },
      {
        streamMode: ['custom', 'values'],
        signal: controller.signal,
        recursionLimit: 2 * session.budget.maxSteps + 12,
      },
    );
    let final: InvestigationStateType | undefined;
    for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
      if (mode === 'values') {
        final = chunk as InvestigationStateType;
        continue;
      }
      try {
        await input.emit(chunk as RcaEvent);
      } catch (error) {
        controller.abort(error);
        throw error;
      }
    }
    const composed = final?.finalReport;
    if (!final || !composed) throw new Error('The investigation graph ended without a report.');
    const queries = queryLog.all();
    const report: RcaReport = queries.length > 0 ? { ...composed, queries } : composed;
    const costUsd = estimateCostUsd(context.model?.name, final.inputTokens, final.outputTokens);
    return {
      report,
      usage: {
        inputTokens: final.inputTokens,
        outputTokens: final.outputTokens,
        ...(context.model && costUsd !== undefined ? { costUsd } : {}),
        toolCalls: final.toolCalls,
        durationMs: Math.round(performance.now() - started),
      },
    };
  } catch (error) {
    // An abort surfaces from deep inside the graph as its own error type; report the reason we were given.
    if (controller.signal.aborted) throw controller.signal.reason ?? error;
    throw error;
  } finally {
    input.signal.removeEventListener('abort', onAbort);
  }
}
