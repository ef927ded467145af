import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { neutralizeUntrusted } from '../guard/neutralize-untrusted.js';
import { investigationBrief } from '../prompts/investigation-brief.js';
import { systemPrompt } from '../prompts/system-prompt.js';
import type { InvestigationSession } from './investigation-session.js';
import type { InvestigationStateType, InvestigationStateUpdate } from './investigation-state.js';
import { thinking, writeEvent } from './rca-writer.js';

/**
 * Seeds the agent: instructions, then the question with the checks' compact
 * results and evidence ids. Check summaries quote log lines, so the brief
 * goes through the injection guard like any tool output.
 */
export function planNode(session: InvestigationSession) {
  return async (
    state: InvestigationStateType,
    config: LangGraphRunnableConfig,
  ): Promise<InvestigationStateUpdate> => {
    const brief = investigationBrief({
      question: session.question,
      window: session.window,
      directory: session.directory!,
      metrics: session.metrics,
      logs: session.logs,
      environment: session.environment?.name ?? null,
      checks: state.checkResults,
      notChecked: session.notChecked,
    });
    const safe = neutralizeUntrusted(brief);
    session.neutralizedLines += safe.removed;
    const interesting = state.checkResults
      .filter((check) => check.interesting)
      .map((check) => check.check);
    writeEvent(
      config,
      thinking(
        interesting.length > 0
          ? `The checks flagged ${interesting.join(', ')}; asking ${session.model?.name ?? 'the model'} to confirm the root cause with read-only tools.`
          : `The checks found nothing abnormal; asking ${session.model?.name ?? 'the model'} to look further with read-only tools.`,
      ),
    );
    return {
      messages: [
        new SystemMessage(systemPrompt({ budget: session.budget, now: session.now })),
        new HumanMessage(safe.text),
      ],
    };
  };
}
