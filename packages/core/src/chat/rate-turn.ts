import { sql } from 'drizzle-orm';
import { turnFeedback, type Database } from '@vibemonitor/db';
import { loadTurn, turnGone } from './load-turn.js';
import type { TurnFeedbackView } from './get-turn.js';

export const FEEDBACK_COMMENT_MAX = 2000;

/**
 * Records the caller's thumbs up/down on a turn: one rating per user and
 * turn, so rating again replaces the earlier one (and its comment).
 */
export async function rateTurn({
  db,
  workspaceId,
  turnId,
  actor,
  input,
}: {
  db: Database;
  workspaceId: string;
  turnId: string;
  actor: { id: string };
  input: { rating: 'up' | 'down'; comment?: string | undefined };
}): Promise<TurnFeedbackView> {
  await loadTurn({ db, workspaceId, turnId });
  const comment = input.comment ?? null;
  const [row] = await db
    .insert(turnFeedback)
    .values({ workspaceId, turnId, userId: actor.id, rating: input.rating, comment })
    .onConflictDoUpdate({
      target: [turnFeedback.turnId, turnFeedback.userId],
      set: { rating: input.rating, comment, updatedAt: sql`now()` },
    })
    .returning({
      rating: turnFeedback.rating,
      comment: turnFeedback.comment,
      updatedAt: turnFeedback.updatedAt,
    })
    .catch(turnGone);
  if (!row) throw new Error('upsert into turn_feedback returned no row');
  return row;
}
