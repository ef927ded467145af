import { and, asc, eq, lt, ne } from 'drizzle-orm';
import type { RcaReport } from '@vibemonitor/contracts';
import { chatTurns, type Database } from '@vibemonitor/db';
import { classifyChatMessage } from './classify-chat-message.js';

/** At most this many earlier turns frame a follow-up (the most recent ones). */
export const EARLIER_TURNS_MAX = 10;

export interface EarlierTurn {
  question: string;
  summary: string | null;
  rootCauseService: string | null;
}

/**
 * The turns asked before `turnId` in its session, oldest first, as context
 * for a follow-up: each question with its report's summary and root-cause
 * service. Greetings and help requests are left out (they carry no context),
 * and so are cancelled turns.
 */
export async function listEarlierTurns({
  db,
  workspaceId,
  turnId,
}: {
  db: Database;
  workspaceId: string;
  turnId: string;
}): Promise<EarlierTurn[]> {
  const [turn] = await db
    .select({ sessionId: chatTurns.sessionId, createdAt: chatTurns.createdAt })
    .from(chatTurns)
    .where(and(eq(chatTurns.id, turnId), eq(chatTurns.workspaceId, workspaceId)));
  if (!turn) return [];
  const rows = await db
    .select({
      message: chatTurns.message,
      report: chatTurns.report,
      createdAt: chatTurns.createdAt,
    })
    .from(chatTurns)
    .where(
      and(
        eq(chatTurns.workspaceId, workspaceId),
        eq(chatTurns.sessionId, turn.sessionId),
        lt(chatTurns.createdAt, turn.createdAt),
        ne(chatTurns.status, 'cancelled'),
      ),
    )
    .orderBy(asc(chatTurns.createdAt));
  return rows
    .filter((row) => classifyChatMessage(row.message) === 'question')
    .slice(-EARLIER_TURNS_MAX)
    .map((row) => {
      // Stored by completeTurn after validation against rcaReportSchema.
      const report = row.report as RcaReport | null;
      return {
        question: row.message,
        summary: report?.summary ?? null,
        rootCauseService: report?.rootCause?.service ?? null,
      };
    });
}
