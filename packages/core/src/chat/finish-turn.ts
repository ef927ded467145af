import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  AppError,
  type RcaReport,
  type RcaUsage,
  type TurnStreamItem,
} from '@vibemonitor/contracts';
import { chatTurns, rcaJobs, type Database, type Transaction } from '@vibemonitor/db';
import type { EventBus } from '@vibemonitor/jobs';
import type { ChatLogger } from './chat-logger.js';
import type { TurnError } from './chat-views.js';
import { insertTurnEvent, publishTurnEvent, retryOnSeqConflict } from './turn-events.js';

interface FinishOptions {
  db: Database;
  bus: EventBus;
  logger?: ChatLogger | undefined;
  workspaceId: string;
  turnId: string;
  /** The finishing run's attempt: a superseded run cannot end the turn. */
  attempt?: number | undefined;
}

/**
 * Stores a terminal event and the matching turn/job state in one
 * transaction, then publishes the event. Returns null when the turn ended
 * (e.g. was cancelled) or was deleted in the meantime: that outcome stands.
 */
async function finish(
  { db, bus, logger, turnId }: FinishOptions,
  store: (tx: Transaction) => Promise<TurnStreamItem>,
): Promise<TurnStreamItem | null> {
  let item: TurnStreamItem;
  try {
    item = await retryOnSeqConflict(() => db.transaction(store));
  } catch (error) {
    if (
      error instanceof AppError &&
      (error.code === 'PRECONDITION_FAILED' || error.code === 'NOT_FOUND')
    )
      return null;
    throw error;
  }
  await publishTurnEvent({ bus, turnId, item, logger });
  return item;
}

const unfinished = ['queued', 'running'] as const;

/** Ends a turn with its report: `complete` event, status completed, report and usage stored. */
export function completeTurn(
  options: FinishOptions & { report: RcaReport; usage: RcaUsage },
): Promise<TurnStreamItem | null> {
  const { workspaceId, turnId, report, usage, attempt } = options;
  return finish(options, async (tx) => {
    const item = await insertTurnEvent({
      db: tx,
      workspaceId,
      turnId,
      attempt,
      event: { type: 'complete', report, usage },
    });
    await tx
      .update(chatTurns)
      .set({ status: 'completed', report, usage, error: null, completedAt: sql`now()` })
      .where(
        and(
          eq(chatTurns.id, turnId),
          eq(chatTurns.workspaceId, workspaceId),
          inArray(chatTurns.status, unfinished),
        ),
      );
    await tx
      .update(rcaJobs)
      .set({ status: 'completed', finishedAt: sql`now()` })
      .where(and(eq(rcaJobs.turnId, turnId), eq(rcaJobs.workspaceId, workspaceId)));
    return item;
  });
}

/** Ends a turn with an error the user can read: `error` event, status failed. */
export function failTurn(
  options: FinishOptions & { error: TurnError },
): Promise<TurnStreamItem | null> {
  const { workspaceId, turnId, error, attempt } = options;
  return finish(options, async (tx) => {
    const item = await insertTurnEvent({
      db: tx,
      workspaceId,
      turnId,
      attempt,
      event: { type: 'error', code: error.code, message: error.message },
    });
    await tx
      .update(chatTurns)
      .set({ status: 'failed', error, completedAt: sql`now()` })
      .where(
        and(
          eq(chatTurns.id, turnId),
          eq(chatTurns.workspaceId, workspaceId),
          inArray(chatTurns.status, unfinished),
        ),
      );
    await tx
      .update(rcaJobs)
      .set({ status: 'failed', lastError: error.message, finishedAt: sql`now()` })
      .where(and(eq(rcaJobs.turnId, turnId), eq(rcaJobs.workspaceId, workspaceId)));
    return item;
  });
}
