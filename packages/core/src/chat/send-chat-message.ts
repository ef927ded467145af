import { and, eq, sql } from 'drizzle-orm';
import { AppError, type TurnSource } from '@vibemonitor/contracts';
import { chatSessions, chatTurns, rcaJobs, type Database } from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import { consumeInvestigationQuota } from '../usage/consume-investigation-quota.js';
import type { ChatLogger } from './chat-logger.js';
import { classifyChatMessage, smallTalkAnswer } from './classify-chat-message.js';
import { resolveChatEnvironment } from './resolve-chat-environment.js';
import { insertTurnEvent } from './turn-events.js';
import { deriveSessionTitle } from './session-title.js';

export const CHAT_MESSAGE_MAX = 4000;

/**
 * How often the queue retries an `rca.run` whose handler threw. The handler
 * records investigation failures itself, so a throw means the database or
 * the bus failed mid-way: worth another try, which resumes as a new attempt.
 */
export const RCA_RUN_QUEUE_ATTEMPTS = 3;

export interface SendChatMessageInput {
  message: string;
  sessionId?: string | undefined;
  environmentId?: string | undefined;
}

/**
 * Enqueues the `rca.run` job of a turn; its id is the turn id, so repeats are
 * no-ops while the job is pending or running. With `revive`, a job kept as
 * failed (its retries spent, e.g. while the database restarted) is replaced.
 */
export async function enqueueRcaRun(
  queue: JobQueue,
  ref: { workspaceId: string; turnId: string },
  options: { revive?: boolean } = {},
): Promise<void> {
  await queue.enqueue('rca.run', ref, {
    jobId: ref.turnId,
    attempts: RCA_RUN_QUEUE_ATTEMPTS,
    ...(options.revive ? { replaceFailed: true } : {}),
  });
}

/**
 * Asks a question: in one transaction, continues the given session (or
 * starts one titled from the message), counts the investigation against the
 * plan's daily quota, and records the turn (`queued`) and its `rca_jobs` row.
 * After the commit it enqueues `rca.run` and returns without waiting for it.
 *
 * A greeting or a help request (`classifyChatMessage`) is answered in the same
 * transaction instead: the turn is stored completed with a short deterministic
 * answer (a `thinking` event with the text, then `complete`), streamed like any
 * turn, with no quota spent and nothing enqueued.
 *
 * If the enqueue fails (queue store briefly unreachable) the call still
 * succeeds: the turn is durable and the worker's stale-turn sweeper enqueues
 * it, whereas failing here would invite a retry that spends quota twice.
 * @throws AppError NOT_FOUND (session or environment not in the workspace),
 *   PAYMENT_REQUIRED (daily quota spent).
 */
export async function sendChatMessage({
  db,
  queue,
  logger,
  actor,
  workspaceId,
  input,
  now = new Date(),
  linkTurn,
  source = 'chat',
}: {
  db: Database;
  queue: JobQueue;
  logger?: ChatLogger | undefined;
  actor: { id: string };
  workspaceId: string;
  input: SendChatMessageInput;
  now?: Date;
  /** Who asked (shown in the chat history). */
  source?: TurnSource;
  /**
   * Runs inside the transaction once the turn exists, so rows tied to it
   * (e.g. where a Slack thread wants the answer) are committed before any
   * worker can pick the turn up.
   */
  linkTurn?: (tx: Database, ids: { sessionId: string; turnId: string }) => Promise<void>;
}): Promise<{ sessionId: string; turnId: string }> {
  const ids = await db.transaction(async (tx) => {
    let session: { id: string; environmentId: string | null } | undefined;
    if (input.sessionId) {
      [session] = await tx
        .select({ id: chatSessions.id, environmentId: chatSessions.environmentId })
        .from(chatSessions)
        .where(
          and(eq(chatSessions.id, input.sessionId), eq(chatSessions.workspaceId, workspaceId)),
        );
      if (!session) throw new AppError('NOT_FOUND', 'Chat session not found in this workspace.');
    }
    const environmentId = await resolveChatEnvironment({
      db: tx,
      workspaceId,
      environmentId: input.environmentId ?? session?.environmentId,
    });
    const kind = classifyChatMessage(input.message);
    if (kind === 'question') await consumeInvestigationQuota({ db: tx, workspaceId, now });

    let sessionId: string;
    if (session) {
      sessionId = session.id;
      await tx
        .update(chatSessions)
        .set({
          environmentId,
          updatedAt: sql`now()`,
          // Feeds the generated search_vector (title + every question).
          searchMessages: sql`${chatSessions.searchMessages} || ${'\n'} || ${input.message}`,
        })
        .where(eq(chatSessions.id, sessionId));
    } else {
      const [created] = await tx
        .insert(chatSessions)
        .values({
          workspaceId,
          userId: actor.id,
          title: deriveSessionTitle(input.message),
          environmentId,
          searchMessages: input.message,
        })
        .returning({ id: chatSessions.id });
      if (!created) throw new Error('insert into chat_sessions returned no row');
      sessionId = created.id;
    }
    const [turn] = await tx
      .insert(chatTurns)
      .values({
        workspaceId,
        sessionId,
        userId: actor.id,
        message: input.message,
        status: 'queued',
        source,
      })
      .returning({ id: chatTurns.id });
    if (!turn) throw new Error('insert into chat_turns returned no row');
    if (kind !== 'question') {
      const answer = smallTalkAnswer(kind);
      await insertTurnEvent({
        db: tx,
        workspaceId,
        turnId: turn.id,
        event: { type: 'thinking', text: answer.text },
      });
      const { report, usage } = answer;
      await insertTurnEvent({
        db: tx,
        workspaceId,
        turnId: turn.id,
        event: { type: 'complete', report, usage },
      });
      await tx
        .update(chatTurns)
        .set({ status: 'completed', report, usage, startedAt: sql`now()`, completedAt: sql`now()` })
        .where(eq(chatTurns.id, turn.id));
      await linkTurn?.(tx, { sessionId, turnId: turn.id });
      return { sessionId, turnId: turn.id, investigate: false };
    }
    await tx.insert(rcaJobs).values({ workspaceId, turnId: turn.id, status: 'queued' });
    await linkTurn?.(tx, { sessionId, turnId: turn.id });
    return { sessionId, turnId: turn.id, investigate: true };
  });
  if (!ids.investigate) return { sessionId: ids.sessionId, turnId: ids.turnId };

  try {
    await enqueueRcaRun(queue, { workspaceId, turnId: ids.turnId });
  } catch (error) {
    logger?.warn(
      { err: error, turnId: ids.turnId },
      'rca.run not enqueued; the stale-turn sweeper will pick the turn up',
    );
  }
  return { sessionId: ids.sessionId, turnId: ids.turnId };
}
