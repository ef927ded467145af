import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { chatTurns, turnComments, turnFeedback, users, type Database } from '@vibemonitor/db';
import { toTurnView, turnColumns, type TurnView } from './chat-views.js';

export interface TurnFeedbackView {
  rating: 'up' | 'down';
  comment: string | null;
  updatedAt: Date;
}

export interface TurnCommentView {
  id: string;
  userId: string | null;
  /** The author's current name; null once their account is deleted. */
  authorName: string | null;
  body: string;
  createdAt: Date;
}

export interface TurnDetails extends TurnView {
  /** The caller's own rating of this turn, if any. */
  myFeedback: TurnFeedbackView | null;
  /** Oldest first. */
  comments: TurnCommentView[];
}

/** Comments shown with a turn; a discussion longer than this is a sign to open a new session. */
export const TURN_COMMENTS_SHOWN = 200;

/** One turn of the workspace with its status, report, usage, the caller's rating and the comments. */
export async function getTurn({
  db,
  workspaceId,
  turnId,
  userId,
}: {
  db: Database;
  workspaceId: string;
  turnId: string;
  userId: string;
}): Promise<TurnDetails> {
  const [turn] = await db
    .select(turnColumns)
    .from(chatTurns)
    .where(and(eq(chatTurns.id, turnId), eq(chatTurns.workspaceId, workspaceId)));
  if (!turn) throw new AppError('NOT_FOUND', 'Turn not found in this workspace.');
  const [feedback] = await db
    .select({
      rating: turnFeedback.rating,
      comment: turnFeedback.comment,
      updatedAt: turnFeedback.updatedAt,
    })
    .from(turnFeedback)
    .where(
      and(
        eq(turnFeedback.turnId, turnId),
        eq(turnFeedback.workspaceId, workspaceId),
        eq(turnFeedback.userId, userId),
      ),
    );
  const comments = await db
    .select({
      id: turnComments.id,
      userId: turnComments.userId,
      authorName: users.name,
      body: turnComments.body,
      createdAt: turnComments.createdAt,
    })
    .from(turnComments)
    .leftJoin(users, eq(users.id, turnComments.userId))
    .where(and(eq(turnComments.turnId, turnId), eq(turnComments.workspaceId, workspaceId)))
    .orderBy(asc(turnComments.createdAt), asc(turnComments.id))
    .limit(TURN_COMMENTS_SHOWN);
  return { ...toTurnView(turn), myFeedback: feedback ?? null, comments };
}
