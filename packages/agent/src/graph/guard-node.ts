import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { refusalReport } from '../guard/refusal-report.js';
import { assessInjection } from '../guard/injection-heuristics.js';
import type { InvestigationSession } from './investigation-session.js';
import type { InvestigationStateUpdate } from './investigation-state.js';
import { writeEvent } from './rca-writer.js';

/**
 * Screens the question before anything runs: the heuristics always (on the
 * text as written and on its normalised readings), then the model as a
 * classifier when there is one. A blocked question ends the run with a
 * polite refusal and a security event; no check or tool runs.
 *
 * When the classifier fails, the heuristics' verdict stands: a clean
 * question goes on (failing the investigation would punish the user for our
 * outage), but one the heuristics found suspicious (a disguise they cannot
 * judge alone) is blocked: the guard fails closed where it had doubts.
 */
export function guardNode(session: InvestigationSession) {
  return async (
    _state: unknown,
    config: LangGraphRunnableConfig,
  ): Promise<InvestigationStateUpdate> => {
    const assessment = assessInjection(session.question);
    const signals: string[] = [...assessment.signals];
    let blockedBy: 'heuristics' | 'classifier' | 'classifier_unavailable' | null =
      signals.length > 0 ? 'heuristics' : null;
    let inputTokens = 0;
    let outputTokens = 0;
    if (blockedBy === null && session.classifier) {
      try {
        const verdict = await session.classifier(session.question, session.signal);
        inputTokens = verdict.inputTokens;
        outputTokens = verdict.outputTokens;
        if (verdict.injection) blockedBy = 'classifier';
      } catch (error) {
        session.signal.throwIfAborted();
        if (assessment.suspicious.length > 0) {
          blockedBy = 'classifier_unavailable';
          signals.push(...assessment.suspicious);
          session.logger?.warn(
            { err: error, suspicious: assessment.suspicious },
            'prompt-injection classifier failed on a suspicious question; blocked (fail closed)',
          );
        } else {
          session.logger?.warn(
            { err: error },
            'prompt-injection classifier failed; continuing on the heuristics verdict (clean)',
          );
        }
      }
    }
    if (blockedBy === null) return { inputTokens, outputTokens };

    writeEvent(config, {
      type: 'finding',
      check: 'prompt_guard',
      interesting: true,
      summary: 'The question was blocked by the prompt-injection guard: no query was run.',
    });
    try {
      await session.recordSecurityEvent?.({
        kind: 'prompt_injection_blocked',
        workspaceId: session.workspaceId,
        turnId: session.turnId,
        detail: { by: blockedBy, signals, excerpt: session.question.slice(0, 200) },
      });
    } catch (error) {
      session.logger?.error(
        { err: error },
        'could not record the blocked question as a security event',
      );
    }
    return { blocked: true, finalReport: refusalReport(), inputTokens, outputTokens };
  };
}
