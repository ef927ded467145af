import { and, eq, inArray } from 'drizzle-orm';
import { AppError, channels } from '@vibemonitor/contracts';
import { chatSessions, chatTurns, type Database } from '@vibemonitor/db';
import type { EventBus } from '@vibemonitor/jobs';
import type { ChatLogger } from './chat-logger.js';

/**
 * Deletes a session with its turns and their events, feedback and comments
 * (cascades). Workers still running one of its turns are told to stop; they
 * would fail on their next write anyway, this only saves them the work.
 */
export async function deleteChatSession({
  db,
  bus,
  logger,
  workspaceId,
  sessionId,
}: {
  db: Database;
  bus: EventBus;
  logger?: ChatLogger | undefined;
  workspaceId: string;
  sessionId: string;
}): Promise<void> {
  const unfinished = await db.transaction(async (tx) => {
    const running = await tx
      .select({ id: chatTurns.id })
      .from(chatTurns)
      .where(
        and(
          eq(chatTurns.sessionId, sessionId),
          eq(chatTurns.workspaceId, workspaceId),
          inArray(chatTurns.status, ['queued', 'running']),
        ),
      );
    const deleted = await tx
      .delete(chatSessions)
      .where(and(eq(chatSessions.id, sessionId), eq(chatSessions.workspaceId, workspaceId)))
      .returning({ id: chatSessions.id });
    if (deleted.length === 0)
      throw new AppError('NOT_FOUND', 'Chat session not found in this workspace.');
    return running.map((turn) => turn.id);
  });
  for (const turnId of unfinished) {
    await bus.publish(channels.turnControl(turnId), { type: 'cancel' }).catch((error: unknown) => {
      logger?.warn({ err: error, turnId }, 'could not tell the worker to stop a deleted turn');
    });
  }
}
