import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { InvestigationSession } from './investigation-session.js';
import type { InvestigationStateType, InvestigationStateUpdate } from './investigation-state.js';
import { callModel, messageText, usageOf } from './model-call.js';
import { thinking, writeEvent } from './rca-writer.js';

const MAX_MODEL_FAILURE_TEXT = 300;
// Same rules as core's cleanProviderText (the agent may not import core): credential-looking
// headers, parameters and tokens go, whatever the provider's error body echoed back.
const credentialField =
  /(["']?\b[\w-]*(?:authorization|api[-_]?key|token|secret|password|cookie|signature)[\w-]*["']?\s*[:=]\s*)(?:"[^"]*"|'[^']*'|(?:bearer|basic)\s+\S+|[^\s,;&"'}]+)/gi;
const credentialParam =
  /([?&](?:key|sig|code|[\w-]*(?:token|secret|password|signature))=)[^&\s#]+/gi;
const bearer = /\b(bearer|basic)\s+[\w.~+/=-]{6,}/gi;
const knownKey = /\b(?:sk-[\w-]{8,}|gsk_\w{8,}|AIza[\w-]{20,})/g;
const longToken = /\b[\w+/=-]{32,}/g;

/**
 * A failed model call's error, as it may appear in a report and the run's
 * events: one line, at most 300 characters, without anything that looks like
 * a credential. The endpoint may be hostile, and its error text is its to choose.
 */
export function modelFailureText(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const clean = raw
    .replace(credentialField, '$1[redacted]')
    .replace(credentialParam, '$1[redacted]')
    .replace(bearer, '$1 [redacted]')
    .replace(knownKey, '[redacted]')
    .replace(longToken, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > MAX_MODEL_FAILURE_TEXT
    ? `${clean.slice(0, MAX_MODEL_FAILURE_TEXT - 3)}...`
    : clean || 'no details';
}

/** Why exploration must stop before another model call, or null to go on. */
export function explorationLimit(
  session: InvestigationSession,
  state: InvestigationStateType,
): string | null {
  const { budget } = session;
  if (state.steps >= budget.maxSteps)
    return `the step limit (${budget.maxSteps} tool rounds) was reached`;
  if (state.toolCalls >= budget.maxToolCalls)
    return `the tool-call limit (${budget.maxToolCalls}) was reached`;
  if (state.inputTokens + state.outputTokens >= budget.maxTokens * budget.explorationShare) {
    return `the token budget (${budget.maxTokens}) is nearly used (${state.inputTokens + state.outputTokens} tokens)`;
  }
  return null;
}

/**
 * One reasoning step: the model reads everything so far and either calls
 * tools or answers. Limits are checked first, so the step that would exceed
 * a budget never runs; a failing model ends the exploration (the report is
 * then written without it) instead of failing the investigation.
 */
export function agentNode(session: InvestigationSession) {
  return async (
    state: InvestigationStateType,
    config: LangGraphRunnableConfig,
  ): Promise<InvestigationStateUpdate> => {
    const limit = explorationLimit(session, state);
    if (limit) return { stopReason: limit };
    const model = session.model!;
    if (!model.chat.bindTools) {
      session.modelFailure = `${model.name} does not support tool calling`;
      return { stopReason: session.modelFailure };
    }
    const specs = session.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      schema: tool.schema,
    }));
    let message;
    try {
      message = await callModel(
        model.chat.bindTools(specs),
        state.messages,
        session.signal,
        session.masker,
      );
    } catch (error) {
      session.signal.throwIfAborted();
      session.modelFailure = modelFailureText(error);
      session.logger?.warn(
        { err: error, model: model.name },
        'model call failed during the investigation',
      );
      return { stopReason: `the model failed (${session.modelFailure})` };
    }
    const text = messageText(message).trim();
    if (text && (message.tool_calls?.length ?? 0) > 0) writeEvent(config, thinking(text));
    return { messages: [message], steps: 1, ...usageOf(message) };
  };
}
