import { and, eq, inArray } from 'drizzle-orm';
import { AppError, channels, type MemberRole } from '@vibemonitor/contracts';
import { chatSessions, chatTurns, type Database } from '@vibemonitor/db';
import type { EventBus } from '@vibemonitor/jobs';
import type { ChatLogger } from './chat-logger.js';

/**
 * Deletes a session with its turns and their events, feedback and comments
 * (cascades). Only its author or a workspace owner may: a teammate's
 * investigation history is not anyone's to erase. Workers still running one
 * of its turns are told to stop; they would fail on their next write anyway,
 * this only saves them the work.
 */
export async function deleteChatSession({
  db,
  bus,
  logger,
  workspaceId,
  sessionId,
  actor,
}: {
  db: Database;
  bus: EventBus;
  logger?: ChatLogger | undefined;
  workspaceId: string;
  sessionId: string;
  actor: { userId: string; role: MemberRole };
}): Promise<void> {
  const unfinished = await db.transaction(async (tx) => {
    const [session] = await tx
      .select({ userId: chatSessions.userId })
      .from(chatSessions)
      .where(and(eq(chatSessions.id, sessionId), eq(chatSessions.workspaceId, workspaceId)))
      .limit(1);
    if (!session) throw new AppError('NOT_FOUND', 'Chat session not found in this workspace.');
    if (actor.role !== 'owner' && session.userId !== actor.userId) {
      throw new AppError('FORBIDDEN', 'Only the author of a chat session or a workspace owner can delete it.');
    }
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
