import { and, eq } from 'drizzle-orm';
import { AppError, type TurnStatus } from '@vibemonitor/contracts';
import { chatTurns, isForeignKeyViolation, type Database } from '@vibemonitor/db';

export interface TurnRef {
  id: string;
  sessionId: string;
  status: TurnStatus;
}

/** The turn's id, session and status, or null when it is not in this workspace. */
export async function findTurn({
  db,
  workspaceId,
  turnId,
}: {
  db: Database;
  workspaceId: string;
  turnId: string;
}): Promise<TurnRef | null> {
  const [row] = await db
    .select({ id: chatTurns.id, sessionId: chatTurns.sessionId, status: chatTurns.status })
    .from(chatTurns)
    .where(and(eq(chatTurns.id, turnId), eq(chatTurns.workspaceId, workspaceId)));
  return row ?? null;
}

/**
 * `findTurn` that answers NOT_FOUND for a turn outside the workspace: the same
 * answer whether it does not exist or belongs to another tenant.
 */
export async function loadTurn(options: {
  db: Database;
  workspaceId: string;
  turnId: string;
}): Promise<TurnRef> {
  const turn = await findTurn(options);
  if (!turn) throw new AppError('NOT_FOUND', 'Turn not found in this workspace.');
  return turn;
}

/**
 * For `.catch()` on an insert referencing a turn: the turn was deleted after
 * it was loaded (a race with a session delete) is NOT_FOUND, not a 500.
 */
export function turnGone(error: unknown): never {
  if (isForeignKeyViolation(error))
    throw new AppError('NOT_FOUND', 'Turn not found in this workspace.');
  throw error;
}
