import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { maskMessages, unmaskMessage } from '../privacy/mask-messages.js';
import type { PersonalDataMasker } from '../privacy/personal-data-masker.js';

/** The plain text of a message, whatever its content shape (string or content blocks). */
export function messageText(message: BaseMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .map((block) =>
      typeof block === 'string'
        ? block
        : block.type === 'text' && typeof block.text === 'string'
          ? block.text
          : '',
    )
    .join('');
}

/**
 * Calls the model through its streaming API and returns the whole message:
 * providers report tool calls and token usage in the stream (Groq in its last
 * chunk, OpenAI in a trailing usage chunk), and a stream can be cancelled
 * mid-answer through `signal`.
 */
export async function callModel(
  model: Runnable<BaseLanguageModelInput, AIMessageChunk>,
  messages: BaseMessage[],
  signal: AbortSignal,
  masker?: PersonalDataMasker | null,
): Promise<AIMessage> {
  const answer = await streamModel(
    model,
    masker ? maskMessages(messages, masker) : messages,
    signal,
  );
  return masker ? unmaskMessage(answer, masker) : answer;
}

/*
 * This is the one door to the model provider for the investigation graph
 * (the injection classifier masks its own single message): whatever is in
 * `messages` (question, tool results, log lines) is masked above when the
 * workspace masks personal data, and the answer is unmasked before the
 * state, the tools or the report see it.
 */
async function streamModel(
  model: Runnable<BaseLanguageModelInput, AIMessageChunk>,
  messages: BaseMessage[],
  signal: AbortSignal,
): Promise<AIMessage> {
  let full: AIMessageChunk | undefined;
  for await (const chunk of await model.stream(messages, { signal }))
    full = full === undefined ? chunk : full.concat(chunk);
  if (full === undefined) return new AIMessage({ content: '' });
  // The provider's message id is left out on purpose: the state reducer merges messages that share an id,
  // and some providers reuse one across a conversation (Groq's request id), which would overwrite history.
  const usage = full.usage_metadata ?? usageFromMetadata(full.response_metadata);
  return new AIMessage({
    content: full.content,
    tool_calls: full.tool_calls ?? [],
    ...(usage ? { usage_metadata: usage } : {}),
  });
}

type UsageMetadata = NonNullable<AIMessage['usage_metadata']>;

/**
 * Token counts some clients leave in `response_metadata` when streaming
 * (ChatGroq puts Groq's `x_groq.usage` there as input/output tokens;
 * OpenAI-style `usage` chunks carry prompt/completion tokens).
 */
function usageFromMetadata(
  metadata: Record<string, unknown> | undefined,
): UsageMetadata | undefined {
  const candidates = [
    metadata?.usage,
    (metadata?.x_groq as { usage?: unknown } | undefined)?.usage,
  ];
  for (const candidate of candidates) {
    if (!candidate || typeof candidate !== 'object') continue;
    const usage = candidate as Record<string, unknown>;
    const input = usage.input_tokens ?? usage.prompt_tokens;
    const output = usage.output_tokens ?? usage.completion_tokens;
    if (typeof input === 'number' && typeof output === 'number')
      return { input_tokens: input, output_tokens: output, total_tokens: input + output };
  }
  return undefined;
}

export function usageOf(message: AIMessage): { inputTokens: number; outputTokens: number } {
  return {
    inputTokens: message.usage_metadata?.input_tokens ?? 0,
    outputTokens: message.usage_metadata?.output_tokens ?? 0,
  };
}
