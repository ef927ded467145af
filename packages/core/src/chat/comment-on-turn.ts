import { eq } from 'drizzle-orm';
import { turnComments, users, type Database } from '@vibemonitor/db';
import { loadTurn, turnGone } from './load-turn.js';
import type { TurnCommentView } from './get-turn.js';

export const TURN_COMMENT_MAX = 4000;

/** Adds a comment to a turn (teammates discussing an answer). */
export async function commentOnTurn({
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
  input: { body: string };
}): Promise<TurnCommentView> {
  await loadTurn({ db, workspaceId, turnId });
  const [row] = await db
    .insert(turnComments)
    .values({ workspaceId, turnId, userId: actor.id, body: input.body })
    .returning({
      id: turnComments.id,
      userId: turnComments.userId,
      body: turnComments.body,
      createdAt: turnComments.createdAt,
    })
    .catch(turnGone);
  if (!row) throw new Error('insert into turn_comments returned no row');
  const [author] = await db.select({ name: users.name }).from(users).where(eq(users.id, actor.id));
  return { ...row, authorName: author?.name ?? null };
}
