import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { chatSessions, type Database } from '@vibemonitor/db';
import { sessionSummaryColumns, type ChatSessionSummary } from './chat-views.js';

export const SESSION_TITLE_INPUT_MAX = 200;

/** Renames a session of the workspace. */
export async function updateChatSession({
  db,
  workspaceId,
  sessionId,
  input,
}: {
  db: Database;
  workspaceId: string;
  sessionId: string;
  input: { title: string };
}): Promise<ChatSessionSummary> {
  const [session] = await db
    .update(chatSessions)
    .set({ title: input.title })
    .where(and(eq(chatSessions.id, sessionId), eq(chatSessions.workspaceId, workspaceId)))
    .returning(sessionSummaryColumns);
  if (!session) throw new AppError('NOT_FOUND', 'Chat session not found in this workspace.');
  return session;
}
