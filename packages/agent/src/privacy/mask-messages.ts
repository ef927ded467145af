import {
  AIMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
  type BaseMessage,
  type MessageContent,
} from '@langchain/core/messages';
import type { PersonalDataMasker } from './personal-data-masker.js';

type TextTransform = (text: string) => string;

function mapContent(content: MessageContent, transform: TextTransform): MessageContent {
  if (typeof content === 'string') return transform(content);
  return content.map((block) =>
    typeof block === 'object' && block.type === 'text' && typeof block.text === 'string'
      ? { ...block, text: transform(block.text) }
      : block,
  ) as MessageContent;
}

function mapArgs(args: Record<string, unknown>, transform: TextTransform): Record<string, unknown> {
  return JSON.parse(transform(JSON.stringify(args))) as Record<string, unknown>;
}

/** A copy of `message` with `transform` applied to its text and its tool-call arguments. */
export function mapMessageText(message: BaseMessage, transform: TextTransform): BaseMessage {
  const content = mapContent(message.content, transform);
  if (AIMessage.isInstance(message)) {
    return new AIMessage({
      content,
      tool_calls: (message.tool_calls ?? []).map((call) => ({
        ...call,
        args: mapArgs(call.args, transform),
      })),
      ...(message.usage_metadata ? { usage_metadata: message.usage_metadata } : {}),
    });
  }
  if (ToolMessage.isInstance(message)) {
    return new ToolMessage({
      content,
      tool_call_id: message.tool_call_id,
      ...(message.name ? { name: message.name } : {}),
    });
  }
  if (SystemMessage.isInstance(message)) return new SystemMessage({ content });
  if (HumanMessage.isInstance(message)) return new HumanMessage({ content });
  throw new TypeError(`cannot mask a "${message.getType()}" message`);
}

/** What the provider may read: every message masked (the state keeps the originals). */
export function maskMessages(messages: BaseMessage[], masker: PersonalDataMasker): BaseMessage[] {
  return messages.map((message) => mapMessageText(message, (text) => masker.mask(text)));
}

/** The provider's answer with its placeholders put back, for the state, tools and report. */
export function unmaskMessage(message: AIMessage, masker: PersonalDataMasker): AIMessage {
  return mapMessageText(message, (text) => masker.unmask(text)) as AIMessage;
}
