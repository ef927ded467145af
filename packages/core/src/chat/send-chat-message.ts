import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { chatSessions, chatTurns, rcaJobs, type Database } from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import { consumeInvestigationQuota } from '../usage/consume-investigation-quota.js';
import type { ChatLogger } from './chat-logger.js';
import { resolveChatEnvironment } from './resolve-chat-environment.js';
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

/** Enqueues the `rca.run` job of a turn; its id is the turn id, so repeats are no-ops. */
export async function enqueueRcaRun(
  queue: JobQueue,
  ref: { workspaceId: string; turnId: string },
): Promise<void> {
  await queue.enqueue('rca.run', ref, { jobId: ref.turnId, attempts: RCA_RUN_QUEUE_ATTEMPTS });
}

/**
 * Asks a question: in one transaction, continues the given session (or
 * starts one titled from the message), counts the investigation against the
 * plan's daily quota, and records the turn (`queued`) and its `rca_jobs` row.
 * After the commit it enqueues `rca.run` and returns without waiting for it.
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
}: {
  db: Database;
  queue: JobQueue;
  logger?: ChatLogger | undefined;
  actor: { id: string };
  workspaceId: string;
  input: SendChatMessageInput;
  now?: Date;
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
    await consumeInvestigationQuota({ db: tx, workspaceId, now });

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
      })
      .returning({ id: chatTurns.id });
    if (!turn) throw new Error('insert into chat_turns returned no row');
    await tx.insert(rcaJobs).values({ workspaceId, turnId: turn.id, status: 'queued' });
    await linkTurn?.(tx, { sessionId, turnId: turn.id });
    return { sessionId, turnId: turn.id };
  });

  try {
    await enqueueRcaRun(queue, { workspaceId, turnId: ids.turnId });
  } catch (error) {
    logger?.warn(
      { err: error, turnId: ids.turnId },
      'rca.run not enqueued; the stale-turn sweeper will pick the turn up',
    );
  }
  return ids;
}
