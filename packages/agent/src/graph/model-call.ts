import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';

/** The plain text of a message, whatever its content shape (string or content blocks). */
export function messageText(message: BaseMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .map((block) => (typeof block === 'string' ? block : block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
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
  for await (const chunk of await model.stream(messages, { signal })) full = full === undefined ? chunk : full.concat(chunk);
  if (full === undefined) return new AIMessage({ content: '' });
  return new AIMessage({
    content: full.content,
    tool_calls: full.tool_calls ?? [],
    ...(full.usage_metadata ? { usage_metadata: full.usage_metadata } : {}),
    ...(full.id ? { id: full.id } : {}),
  });
}

export function usageOf(message: AIMessage): { inputTokens: number; outputTokens: number } {
  return { inputTokens: message.usage_metadata?.input_tokens ?? 0, outputTokens: message.usage_metadata?.output_tokens ?? 0 };
}
