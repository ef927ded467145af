import { and, eq } from 'drizzle-orm';
import { AppError, type MemberRole } from '@vibemonitor/contracts';
import { chatSessions, type Database } from '@vibemonitor/db';
import { sessionSummaryColumns, type ChatSessionSummary } from './chat-views.js';

export const SESSION_TITLE_INPUT_MAX = 200;

/** Renames a session of the workspace (its author or a workspace owner, like deleting it). */
export async function updateChatSession({
  db,
  workspaceId,
  sessionId,
  input,
  actor,
}: {
  db: Database;
  workspaceId: string;
  sessionId: string;
  input: { title: string };
  actor: { userId: string; role: MemberRole };
}): Promise<ChatSessionSummary> {
  const [existing] = await db
    .select({ userId: chatSessions.userId })
    .from(chatSessions)
    .where(and(eq(chatSessions.id, sessionId), eq(chatSessions.workspaceId, workspaceId)))
    .limit(1);
  if (!existing) throw new AppError('NOT_FOUND', 'Chat session not found in this workspace.');
  if (actor.role !== 'owner' && existing.userId !== actor.userId) {
    throw new AppError(
      'FORBIDDEN',
      'Only the author of a chat session or a workspace owner can rename it.',
    );
  }
  const [session] = await db
    .update(chatSessions)
    .set({ title: input.title })
    .where(and(eq(chatSessions.id, sessionId), eq(chatSessions.workspaceId, workspaceId)))
    .returning(sessionSummaryColumns);
  if (!session) throw new AppError('NOT_FOUND', 'Chat session not found in this workspace.');
  return session;
}
