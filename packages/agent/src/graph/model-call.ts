import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';

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
