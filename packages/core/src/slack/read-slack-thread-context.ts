import type { SlackClient } from '@vibemonitor/integrations';
import { questionFromSlackText } from './slack-question.js';

/** At most this many earlier messages, each cut to MESSAGE_CHARS, are given as context. */
export const THREAD_CONTEXT_MESSAGES = 10;
const MESSAGE_CHARS = 300;
const STATUS_PREFIXES = [
  ':hourglass_flowing_sand:',
  ':white_check_mark: Investigation finished',
  ':x: Investigation',
];

/**
 * The thread's earlier messages (`conversations.replies`), oldest first, as
 * context lines for a question asked inside a thread: what people said and
 * what the bot answered, without the bot's progress messages.
 */
export async function readSlackThreadContext({
  client,
  channelId,
  threadTs,
  beforeTs,
}: {
  client: SlackClient;
  channelId: string;
  threadTs: string;
  /** The message asking; it and anything after it are left out. */
  beforeTs: string;
}): Promise<string[]> {
  const replies = await client.conversations.replies({
    channel: channelId,
    ts: threadTs,
    limit: 50,
  });
  return (replies.messages ?? [])
    .filter((m) => m.ts !== undefined && Number(m.ts) < Number(beforeTs))
    .map((m) => questionFromSlackText(m.text ?? ''))
    .filter((text) => text.length > 0 && !STATUS_PREFIXES.some((p) => text.startsWith(p)))
    .slice(-THREAD_CONTEXT_MESSAGES)
    .map((text) => (text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS)}…` : text));
}
