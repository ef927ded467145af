import { and, eq } from 'drizzle-orm';
import { isAppError } from '@vibemonitor/contracts';
import { slackChannelSettings, slackThreads, slackTurnMessages, type Database } from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import type { ChatLogger } from '../chat/chat-logger.js';
import { CHAT_MESSAGE_MAX, sendChatMessage } from '../chat/send-chat-message.js';
import { consumeServerLlmAllowance } from '../llm-config/consume-server-llm-allowance.js';
import type { LlmSettings } from '../llm-config/llm-settings.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { LoadedSlackInstallation } from './load-slack-installation.js';
import { escapeMrkdwn } from './render-slack-answer.js';
import { resolveSlackMember } from './resolve-slack-member.js';

export type SlackAskOutcome =
  | { kind: 'help' }
  | { kind: 'refused' }
  | { kind: 'failed'; message: string }
  | { kind: 'asked'; sessionId: string; turnId: string; threadTs: string };

export const SLACK_HELP_TEXT =
  'Ask me why something is broken, e.g. `@VibeMonitor why is checkout slow?`, in a channel, in a DM or with `/vibemonitor <question>`. ' +
  'I investigate your metrics and logs, post progress in the thread and answer there. Reply in the thread to follow up.';

const GREETING = /^(hi|hello|hey|yo|hiya|help|\?|thanks|thank you|ping)[\s!.?]*$/i;

/** The question without bot mentions and surrounding whitespace. */
export function questionFromSlackText(text: string): string {
  return text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Greetings and `help` are answered without an investigation. */
export function isGreetingOrHelp(question: string): boolean {
  return question === '' || GREETING.test(question);
}

/**
 * Asks a question from Slack the way `chat.send` does (same server LLM
 * allowance, daily quota, injection guard in the engine, environment chosen
 * by the channel's setting), after mapping the Slack user to a member by
 * verified email. In a known thread it continues that thread's session. It
 * posts the status message the progress follower updates and queues
 * `slack.progress` for the turn.
 *
 * Without `threadTs` (a slash command) it first posts the question as a new
 * message, whose thread then carries the investigation.
 */
export async function askFromSlack({
  db,
  queue,
  rateLimiter,
  llm,
  logger,
  loaded,
  channelId,
  slackUserId,
  text,
  threadTs,
}: {
  db: Database;
  queue: JobQueue;
  rateLimiter: RateLimiter;
  llm: Pick<LlmSettings, 'serverDefault'>;
  logger?: ChatLogger | undefined;
  loaded: LoadedSlackInstallation;
  channelId: string;
  slackUserId: string;
  text: string;
  threadTs: string | undefined;
}): Promise<SlackAskOutcome> {
  const { installation, client } = loaded;
  const workspaceId = installation.workspaceId;
  const question = questionFromSlackText(text).slice(0, CHAT_MESSAGE_MAX);
  const reply = async (message: string, ts = threadTs) => {
    await client.chat.postMessage({ channel: channelId, text: message, ...(ts ? { thread_ts: ts } : {}) });
  };

  const member = await resolveSlackMember({ db, client, workspaceId, slackUserId });
  if (member.kind !== 'member') {
    await reply(
      `Sorry <@${slackUserId}>, I only investigate for members of this team's VibeMonitor workspace, and ` +
        (member.email
          ? `no member has the verified email ${escapeMrkdwn(member.email)}. `
          : 'your Slack profile has no verified email I can match. ') +
        'Ask a workspace owner to invite you (VibeMonitor → Members → Invite), accept the invitation, and ask again.',
    );
    return { kind: 'refused' };
  }
  if (isGreetingOrHelp(question)) {
    await reply(`Hi <@${slackUserId}>! ${SLACK_HELP_TEXT}`);
    return { kind: 'help' };
  }

  let thread = threadTs;
  const [known] = thread
    ? await db
        .select({ sessionId: slackThreads.sessionId })
        .from(slackThreads)
        .where(
          and(
            eq(slackThreads.installationId, installation.id),
            eq(slackThreads.channelId, channelId),
            eq(slackThreads.threadTs, thread),
          ),
        )
    : [];
  const [channel] = await db
    .select({ environmentId: slackChannelSettings.environmentId })
    .from(slackChannelSettings)
    .where(and(eq(slackChannelSettings.installationId, installation.id), eq(slackChannelSettings.channelId, channelId)));

  if (!thread) {
    const root = await client.chat.postMessage({
      channel: channelId,
      text: `<@${slackUserId}> asked: ${escapeMrkdwn(question)}`,
    });
    thread = root.ts;
    if (!thread) throw new Error('chat.postMessage returned no ts');
  }
  const threadTsFinal = thread;
  const status = await client.chat.postMessage({
    channel: channelId,
    thread_ts: thread,
    text: ':hourglass_flowing_sand: Investigating…',
  });

  let ids: { sessionId: string; turnId: string };
  try {
    await consumeServerLlmAllowance({ db, rateLimiter, llm, workspaceId });
    ids = await sendChatMessage({
      db,
      queue,
      logger,
      actor: { id: member.userId },
      workspaceId,
      input: {
        message: question,
        sessionId: known?.sessionId,
        // A follow-up keeps its session's environment; a new question takes the channel's.
        environmentId: known ? undefined : (channel?.environmentId ?? undefined),
      },
      // In the turn's own transaction: a fast investigation must find where to answer.
      linkTurn: async (tx, created) => {
        if (!known) {
          await tx
            .insert(slackThreads)
            .values({ workspaceId, installationId: installation.id, channelId, threadTs: threadTsFinal, sessionId: created.sessionId })
            .onConflictDoNothing();
        }
        await tx.insert(slackTurnMessages).values({
          turnId: created.turnId,
          workspaceId,
          installationId: installation.id,
          channelId,
          threadTs: threadTsFinal,
          statusTs: status.ts ?? null,
          slackUserId,
        });
      },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const text = `I could not start the investigation: ${escapeMrkdwn(error.message)}`;
    if (status.ts) await client.chat.update({ channel: channelId, ts: status.ts, text });
    else await reply(text, thread);
    return { kind: 'failed', message: error.message };
  }

  await queue.enqueue(
    'slack.progress',
    { workspaceId, turnId: ids.turnId },
    { jobId: `slack-progress-${ids.turnId}`, attempts: 3 },
  );
  return { kind: 'asked', ...ids, threadTs: threadTsFinal };
}
