import { and, eq, inArray, sql } from 'drizzle-orm';
import { AppError, channels, type TurnStatus, type TurnStreamItem } from '@vibemonitor/contracts';
import { chatTurns, rcaJobs, type Database } from '@vibemonitor/db';
import type { EventBus } from '@vibemonitor/jobs';
import type { ChatLogger } from './chat-logger.js';
import { loadTurn } from './load-turn.js';
import { insertTurnEvent, publishTurnEvent, retryOnSeqConflict } from './turn-events.js';

const endedAs: Record<TurnStatus, string> = {
  queued: 'is queued',
  running: 'is running',
  completed: 'has already completed',
  failed: 'has already failed',
  cancelled: 'has already been cancelled',
};

/** Thrown when asked to cancel a turn that has ended. */
function alreadyEnded(status: TurnStatus): AppError {
  return new AppError(
    'PRECONDITION_FAILED',
    `This turn ${endedAs[status]}: only a queued or running turn can be cancelled.`,
  );
}

/**
 * Cancels a queued or running turn: in one transaction the turn and its
 * `rca_jobs` row become `cancelled` and the terminal `cancelled` event is
 * stored; then the event is published and the worker running the turn is
 * told to stop (`{ type: 'cancel' }` on the control channel). A worker that
 * has not stopped yet cannot add events after this one.
 * @throws AppError NOT_FOUND, PRECONDITION_FAILED (the turn has already ended).
 */
export async function cancelTurn({
  db,
  bus,
  logger,
  workspaceId,
  turnId,
  actor,
}: {
  db: Database;
  bus: EventBus;
  logger?: ChatLogger | undefined;
  workspaceId: string;
  turnId: string;
  actor: { id: string; name: string | null; email: string };
}): Promise<TurnStreamItem> {
  const item = await retryOnSeqConflict(() =>
    db.transaction(async (tx) => {
      const [cancelled] = await tx
        .update(chatTurns)
        .set({ status: 'cancelled', completedAt: sql`now()` })
        .where(
          and(
            eq(chatTurns.id, turnId),
            eq(chatTurns.workspaceId, workspaceId),
            inArray(chatTurns.status, ['queued', 'running']),
          ),
        )
        .returning({ id: chatTurns.id });
      if (!cancelled) {
        const turn = await loadTurn({ db: tx, workspaceId, turnId });
        throw alreadyEnded(turn.status);
      }
      await tx
        .update(rcaJobs)
        .set({ status: 'cancelled', finishedAt: sql`now()` })
        .where(
          and(
            eq(rcaJobs.turnId, turnId),
            eq(rcaJobs.workspaceId, workspaceId),
            inArray(rcaJobs.status, ['queued', 'running']),
          ),
        );
      // The worker may have stored its terminal event a moment ago without
      // having updated the status yet: then that outcome stands.
      const event = {
        type: 'cancelled' as const,
        reason: `cancelled by ${actor.name?.trim() || actor.email}`,
      };
      return insertTurnEvent({ db: tx, workspaceId, turnId, event }).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'PRECONDITION_FAILED') {
          throw new AppError(
            'PRECONDITION_FAILED',
            'This turn has just ended: only a queued or running turn can be cancelled.',
          );
        }
        throw error;
      });
    }),
  );
  await publishTurnEvent({ bus, turnId, item, logger });
  await bus.publish(channels.turnControl(turnId), { type: 'cancel' }).catch((error: unknown) => {
    // The worker also stops at its next event (it is refused): slower, not wrong.
    logger?.warn({ err: error, turnId }, 'could not tell the worker to stop a cancelled turn');
  });
  return item;
}
