/**
 * Limits of one investigation. Hitting any of them ends the exploration, never
 * the investigation: the report is then written from what was gathered.
 */
export interface InvestigationBudget {
  /** Model calls that may request tools (the final answer is one more). */
  maxSteps: number;
  /** Tool calls executed, all steps together. */
  maxToolCalls: number;
  /** Input + output tokens for the whole investigation; exploration stops at `explorationShare` of it. */
  maxTokens: number;
  /** Share of `maxTokens` after which no more tools run, keeping the rest for the answer. */
  explorationShare: number;
  /** Deadline of one tool call. */
  toolTimeoutMs: number;
  /** Log lines returned to the model per call. */
  maxLogLines: number;
  /** Points per series in a range result (the step widens to fit). */
  maxPoints: number;
  /** Series per metric result. */
  maxSeries: number;
  /** Characters of one tool result as the model sees it; larger ones are replaced by a summary. */
  maxResultChars: number;
}

export const defaultBudget: InvestigationBudget = {
  maxSteps: 8,
  maxToolCalls: 16,
  maxTokens: 80_000,
  explorationShare: 0.8,
  toolTimeoutMs: 15_000,
  maxLogLines: 100,
  maxPoints: 100,
  maxSeries: 20,
  maxResultChars: 6_000,
};

export function resolveBudget(overrides: Partial<InvestigationBudget> = {}): InvestigationBudget {
  return { ...defaultBudget, ...overrides };
}
