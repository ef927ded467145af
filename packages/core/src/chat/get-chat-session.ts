import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { chatSessions, chatTurns, type Database } from '@vibemonitor/db';
import {
  sessionSummaryColumns,
  toTurnView,
  turnColumns,
  type ChatSessionSummary,
  type TurnView,
} from './chat-views.js';

export interface ChatSessionDetails extends ChatSessionSummary {
  /** Oldest first, as the conversation reads. */
  turns: TurnView[];
}

/** One session of the workspace with all its turns (status, report, usage). */
export async function getChatSession({
  db,
  workspaceId,
  sessionId,
}: {
  db: Database;
  workspaceId: string;
  sessionId: string;
}): Promise<ChatSessionDetails> {
  const [session] = await db
    .select(sessionSummaryColumns)
    .from(chatSessions)
    .where(and(eq(chatSessions.id, sessionId), eq(chatSessions.workspaceId, workspaceId)));
  if (!session) throw new AppError('NOT_FOUND', 'Chat session not found in this workspace.');
  const turns = await db
    .select(turnColumns)
    .from(chatTurns)
    .where(and(eq(chatTurns.sessionId, sessionId), eq(chatTurns.workspaceId, workspaceId)))
    .orderBy(asc(chatTurns.createdAt), asc(chatTurns.id));
  return { ...session, turns: turns.map(toTurnView) };
}
