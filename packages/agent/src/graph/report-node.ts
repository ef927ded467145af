import {
  HumanMessage,
  ToolMessage,
  type AIMessage,
  type BaseMessage,
} from '@langchain/core/messages';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { RcaReport } from '@vibemonitor/contracts';
import { composeDeterministicReport } from '../analyst/deterministic-analyst.js';
import { parseModelAnswer } from '../analyst/parse-model-answer.js';
import { validateCitations } from '../analyst/validate-citations.js';
import { finalAnswerPrompt, reformatPrompt } from '../prompts/system-prompt.js';
import type { InvestigationSession } from './investigation-session.js';
import type { InvestigationStateType, InvestigationStateUpdate } from './investigation-state.js';
import { modelFailureText } from './agent-node.js';
import { callModel, messageText, usageOf } from './model-call.js';
import { thinking, writeEvent } from './rca-writer.js';

function isAi(message: BaseMessage | undefined): message is AIMessage {
  return message?.getType() === 'ai';
}

/** Answers for tool calls that never ran, so the history stays valid for the provider. */
function closeOpenCalls(messages: BaseMessage[], reason: string): ToolMessage[] {
  const last = messages.at(-1);
  if (!isAi(last)) return [];
  return (last.tool_calls ?? []).map(
    (call) =>
      new ToolMessage({
        content: `Not run: ${reason}.`,
        tool_call_id: call.id ?? 'unknown',
        name: call.name,
        status: 'error',
      }),
  );
}

/**
 * Writes the report. With a model: its final answer (asking for one, without
 * tools, when a budget ended the exploration), held to its citations; if the
 * model failed or its answer is unusable, the deterministic report, saying
 * why. Without a model: the deterministic report. Hitting a limit is never a
 * failure: the answer is the best one the gathered evidence allows.
 */
export function reportNode(session: InvestigationSession) {
  return async (
    state: InvestigationStateType,
    config: LangGraphRunnableConfig,
  ): Promise<InvestigationStateUpdate> => {
    const notChecked = [...session.notChecked];
    if (state.stopReason) notChecked.push(`The exploration stopped early: ${state.stopReason}.`);
    if (session.neutralizedLines > 0) {
      notChecked.push(
        `${session.neutralizedLines} line(s) of telemetry looked like instructions to the assistant and were withheld from the model.`,
      );
      try {
        await session.recordSecurityEvent?.({
          kind: 'prompt_injection_neutralized',
          workspaceId: session.workspaceId,
          turnId: session.turnId,
          detail: { lines: session.neutralizedLines },
        });
      } catch (error) {
        session.logger?.error(
          { err: error },
          'could not record withheld telemetry lines as a security event',
        );
      }
    }
    const deterministic = (note?: string): RcaReport =>
      composeDeterministicReport({
        checks: state.checkResults,
        evidence: session.ledger.all(),
        notChecked,
        focus: session.directory?.focus?.service ?? null,
        ...(note ? { note } : {}),
      });

    const model = session.model;
    // No model, or nothing for it to work from (no data source was connected): the checks speak alone.
    if (!model || state.messages.length === 0) return { finalReport: deterministic() };
    if (session.modelFailure) {
      return {
        finalReport: deterministic(
          `The model (${model.name}) failed, so this report does not use it: ${session.modelFailure}.`,
        ),
      };
    }

    let inputTokens = 0;
    let outputTokens = 0;
    const spent = () => state.inputTokens + state.outputTokens + inputTokens + outputTokens;
    const ask = async (messages: BaseMessage[]): Promise<AIMessage | null> => {
      if (spent() >= session.budget.maxTokens) return null;
      try {
        const answer = await callModel(model.chat, messages, session.signal, session.masker);
        const usage = usageOf(answer);
        inputTokens += usage.inputTokens;
        outputTokens += usage.outputTokens;
        return answer;
      } catch (error) {
        session.signal.throwIfAborted();
        session.modelFailure = modelFailureText(error);
        session.logger?.warn({ err: error, model: model.name }, 'final model call failed');
        return null;
      }
    };

    let history = state.messages;
    let answer: AIMessage | null = null;
    const last = history.at(-1);
    if (!state.stopReason && isAi(last) && (last.tool_calls?.length ?? 0) === 0) {
      answer = last;
    } else {
      writeEvent(
        config,
        thinking(`Writing the report now: ${state.stopReason ?? 'no more tool calls'}.`),
      );
      history = [
        ...history,
        ...closeOpenCalls(history, state.stopReason ?? 'the investigation is ending'),
        new HumanMessage(finalAnswerPrompt(state.stopReason ?? 'write your answer')),
      ];
      answer = await ask(history);
    }

    let parsed = answer ? parseModelAnswer(messageText(answer)) : null;
    if (answer && !parsed) {
      const retry = await ask([...history, answer, new HumanMessage(reformatPrompt)]);
      parsed = retry ? parseModelAnswer(messageText(retry)) : null;
    }
    const usage = { inputTokens, outputTokens };
    if (!parsed) {
      const why = session.modelFailure
        ? `The model (${model.name}) failed while answering (${session.modelFailure}), so this report does not use it.`
        : spent() >= session.budget.maxTokens
          ? `The token budget (${session.budget.maxTokens}) ran out before the model answered, so this report does not use it.`
          : `The model's answer (${model.name}) was not in the expected format, so this report does not use it.`;
      return { finalReport: deterministic(why), ...usage };
    }

    const checked = validateCitations(parsed, (id) => session.ledger.has(id));
    const report: RcaReport = {
      analyst: 'llm',
      model: model.name,
      ...checked.report,
      evidence: session.ledger.all(),
      notChecked: [...new Set([...notChecked, ...checked.report.notChecked])],
    };
    return { finalReport: report, ...usage };
  };
}
