import type { RcaEvent, RcaReport, RcaUsage } from '@vibemonitor/contracts';
import type { ConversationTurn } from './engine/follow-up.js';

/** What one investigation of one chat turn receives. */
export interface InvestigationInput {
  /** The user's message, verbatim. */
  question: string;
  workspaceId: string;
  turnId: string;
  /**
   * Persists and streams one progress event (`thinking`, `tool_start`,
   * `tool_end`, `finding`). Terminal events are the caller's job: return the
   * report instead of emitting `complete`, throw instead of emitting `error`.
   * Rejects once the turn has ended (e.g. it was cancelled).
   */
  emit(event: RcaEvent): Promise<void>;
  /** Aborted when the user cancels the turn or the worker shuts down; stop promptly. */
  signal: AbortSignal;
  /** The session's earlier turns, oldest first (empty for a first question). */
  history?: readonly ConversationTurn[];
}

export interface InvestigationResult {
  report: RcaReport;
  usage: RcaUsage;
}

/**
 * The investigation engine as the worker sees it. The worker owns the turn's
 * lifecycle (status, attempts, terminal events, cancellation); an engine only
 * investigates. Throw an `AppError` for an expected failure the user should
 * read; anything else is reported as an internal error.
 */
export interface Investigator {
  investigate(input: InvestigationInput): Promise<InvestigationResult>;
}
