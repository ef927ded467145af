import { and, eq } from 'drizzle-orm';
import { isAppError } from '@vibemonitor/contracts';
import {
  slackChannelSettings,
  slackThreads,
  slackTurnMessages,
  type Database,
} from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import type { ChatLogger } from '../chat/chat-logger.js';
import { CHAT_MESSAGE_MAX, sendChatMessage } from '../chat/send-chat-message.js';
import { consumeServerLlmAllowance } from '../llm-config/consume-server-llm-allowance.js';
import type { LlmSettings } from '../llm-config/llm-settings.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { LoadedSlackInstallation } from './load-slack-installation.js';
import { escapeMrkdwn } from './render-slack-answer.js';

export interface SlackInvestigationDeps {
  db: Database;
  queue: JobQueue;
  rateLimiter: RateLimiter;
  llm: Pick<LlmSettings, 'serverDefault'>;
  logger?: ChatLogger | undefined;
}

export type SlackStartOutcome =
  | { kind: 'failed'; message: string }
  | { kind: 'asked'; sessionId: string; turnId: string; threadTs: string };

/**
 * Starts an investigation whose progress and answer go to a Slack thread,
 * through `sendChatMessage` like `chat.send` (server LLM allowance, daily
 * quota, the engine's injection guard). In a thread already linked to a
 * session it continues that session; otherwise the channel's environment
 * applies. Without `threadTs` the question is first posted as a new message
 * (`rootText`) whose thread carries the investigation.
 *
 * The status message is posted first; the thread link and the answer target
 * are written in the turn's own transaction, so even an instant
 * investigation finds where to answer. Then `slack.progress` is queued.
 */
export async function startSlackInvestigation(
  deps: SlackInvestigationDeps,
  input: {
    loaded: LoadedSlackInstallation;
    actorId: string;
    channelId: string;
    /** Who asked, in Slack (a user, or the alerting bot). */
    slackUserId: string;
    question: string;
    threadTs: string | undefined;
    rootText?: string;
  },
): Promise<SlackStartOutcome> {
  const { db, queue, rateLimiter, llm, logger } = deps;
  const { installation, client } = input.loaded;
  const { channelId } = input;
  const workspaceId = installation.workspaceId;
  const question = input.question.slice(0, CHAT_MESSAGE_MAX);

  const [known] = input.threadTs
    ? await db
        .select({ sessionId: slackThreads.sessionId })
        .from(slackThreads)
        .where(
          and(
            eq(slackThreads.installationId, installation.id),
            eq(slackThreads.channelId, channelId),
            eq(slackThreads.threadTs, input.threadTs),
          ),
        )
    : [];
  const [channel] = await db
    .select({ environmentId: slackChannelSettings.environmentId })
    .from(slackChannelSettings)
    .where(
      and(
        eq(slackChannelSettings.installationId, installation.id),
        eq(slackChannelSettings.channelId, channelId),
      ),
    );

  let threadTs = input.threadTs;
  if (!threadTs) {
    const root = await client.chat.postMessage({
      channel: channelId,
      text: input.rootText ?? escapeMrkdwn(question),
    });
    if (!root.ts) throw new Error('chat.postMessage returned no ts');
    threadTs = root.ts;
  }
  const thread = threadTs;
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
      actor: { id: input.actorId },
      workspaceId,
      source: 'slack',
      input: {
        message: question,
        sessionId: known?.sessionId,
        // A follow-up keeps its session's environment; a new question takes the channel's.
        environmentId: known ? undefined : (channel?.environmentId ?? undefined),
      },
      linkTurn: async (tx, created) => {
        if (!known) {
          await tx
            .insert(slackThreads)
            .values({
              workspaceId,
              installationId: installation.id,
              channelId,
              threadTs: thread,
              sessionId: created.sessionId,
            })
            .onConflictDoNothing();
        }
        await tx.insert(slackTurnMessages).values({
          turnId: created.turnId,
          workspaceId,
          installationId: installation.id,
          channelId,
          threadTs: thread,
          statusTs: status.ts ?? null,
          slackUserId: input.slackUserId,
        });
      },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const text = `I could not start the investigation: ${escapeMrkdwn(error.message)}`;
    if (status.ts) await client.chat.update({ channel: channelId, ts: status.ts, text });
    else await client.chat.postMessage({ channel: channelId, thread_ts: thread, text });
    return { kind: 'failed', message: error.message };
  }
  await queue.enqueue(
    'slack.progress',
    { workspaceId, turnId: ids.turnId },
    { jobId: `slack-progress-${ids.turnId}`, attempts: 3 },
  );
  return { kind: 'asked', ...ids, threadTs: thread };
}
