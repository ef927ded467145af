import type { Database } from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import type { ChatLogger } from '../chat/chat-logger.js';
import { CHAT_MESSAGE_MAX } from '../chat/send-chat-message.js';
import type { LlmSettings } from '../llm-config/llm-settings.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { LoadedSlackInstallation } from './load-slack-installation.js';
import { escapeMrkdwn } from './render-slack-answer.js';
import { readSlackThreadContext } from './read-slack-thread-context.js';
import { isGreetingOrHelp, questionFromSlackText } from './slack-question.js';
import { resolveSlackMember } from './resolve-slack-member.js';
import { startSlackInvestigation, type SlackStartOutcome } from './start-slack-investigation.js';

export type SlackAskOutcome = { kind: 'help' } | { kind: 'refused' } | SlackStartOutcome;

export const SLACK_HELP_TEXT =
  'Ask me why something is broken, e.g. `@VibeMonitor why is checkout slow?`, in a channel, in a DM or with `/vibemonitor <question>`. ' +
  'I investigate your metrics and logs, post progress in the thread and answer there. Reply in the thread to follow up.';

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
  messageTs,
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
  /** The asking message's own ts; when it is a reply (not the thread's root) the thread's history is added. */
  messageTs?: string | undefined;
}): Promise<SlackAskOutcome> {
  const { installation, client } = loaded;
  const workspaceId = installation.workspaceId;
  const question = questionFromSlackText(text).slice(0, CHAT_MESSAGE_MAX);
  const reply = async (message: string, ts = threadTs) => {
    await client.chat.postMessage({
      channel: channelId,
      text: message,
      ...(ts ? { thread_ts: ts } : {}),
    });
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

  let asked = question;
  if (threadTs && messageTs && messageTs !== threadTs) {
    const earlier = await readSlackThreadContext({
      client,
      channelId,
      threadTs,
      beforeTs: messageTs,
    }).catch((error: unknown) => {
      logger?.warn({ err: error }, 'could not read the Slack thread; asking without its history');
      return [];
    });
    if (earlier.length > 0) {
      asked = `${question}\n\nEarlier in this Slack thread:\n${earlier.map((line) => `- ${line}`).join('\n')}`;
    }
  }
  return startSlackInvestigation(
    { db, queue, rateLimiter, llm, logger },
    {
      loaded,
      actorId: member.userId,
      channelId,
      slackUserId,
      question: asked,
      threadTs,
      rootText: `<@${slackUserId}> asked: ${escapeMrkdwn(question)}`,
    },
  );
}
