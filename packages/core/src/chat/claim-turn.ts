import { and, eq, sql } from 'drizzle-orm';
import type { RcaEvent } from '@vibemonitor/contracts';
import { chatSessions, chatTurns, rcaJobs, type Database } from '@vibemonitor/db';
import type { EventBus } from '@vibemonitor/jobs';
import type { ChatLogger } from './chat-logger.js';
import { isTerminalTurnStatus } from './chat-views.js';
import { insertTurnEvent, publishTurnEvent, retryOnSeqConflict } from './turn-events.js';

/**
 * Runs of one turn before it is failed instead of started again: a question
 * that kills its worker every time must not crash-loop the fleet.
 */
export const MAX_TURN_ATTEMPTS = 3;

export const INTERRUPTED_REASON = 'the previous attempt was interrupted';

export interface ClaimedTurn {
  id: string;
  workspaceId: string;
  sessionId: string;
  environmentId: string | null;
  message: string;
  attempt: number;
  /** True when a previous attempt was cut short (its worker died mid-run). */
  resumed: boolean;
}

export type ClaimOutcome =
  | { kind: 'run'; turn: ClaimedTurn }
  | { kind: 'skip'; reason: 'missing' | 'ended' }
  | { kind: 'gave-up'; attempts: number };

/**
 * Takes a turn for one run on `workerId`. Re-entrant, as queue handlers must
 * be: a missing or ended turn is skipped; a turn already `running` means the
 * worker that ran it died (or the sweeper re-enqueued it), so this is a new
 * attempt, announced with `attempt_started { attempt, reason }`, after which
 * clients see the new attempt's events with the next seqs (never reused).
 * Past `maxAttempts` the turn is failed with code INTERRUPTED instead.
 */
export async function claimTurn({
  db,
  bus,
  logger,
  workspaceId,
  turnId,
  workerId,
  maxAttempts = MAX_TURN_ATTEMPTS,
}: {
  db: Database;
  bus: EventBus;
  logger?: ChatLogger | undefined;
  workspaceId: string;
  turnId: string;
  workerId: string;
  maxAttempts?: number;
}): Promise<ClaimOutcome> {
  const outcome = await retryOnSeqConflict(() =>
    db.transaction(async (tx) => {
      const [turn] = await tx
        .select({
          id: chatTurns.id,
          workspaceId: chatTurns.workspaceId,
          sessionId: chatTurns.sessionId,
          environmentId: chatSessions.environmentId,
          message: chatTurns.message,
          status: chatTurns.status,
          attempt: chatTurns.attempt,
        })
        .from(chatTurns)
        .innerJoin(chatSessions, eq(chatSessions.id, chatTurns.sessionId))
        .where(and(eq(chatTurns.id, turnId), eq(chatTurns.workspaceId, workspaceId)))
        .for('update', { of: chatTurns });
      if (!turn) return { kind: 'skip', reason: 'missing' } as const;
      if (isTerminalTurnStatus(turn.status)) return { kind: 'skip', reason: 'ended' } as const;

      const resumed = turn.status === 'running';
      const attempt = resumed ? turn.attempt + 1 : turn.attempt;
      if (attempt > maxAttempts) {
        const message = `The investigation was interrupted ${turn.attempt} times (its worker stopped mid-run) and was not started again. Ask again to retry.`;
        const item = await insertTurnEvent({
          db: tx,
          workspaceId,
          turnId,
          event: { type: 'error', code: 'INTERRUPTED', message },
        });
        await tx
          .update(chatTurns)
          .set({
            status: 'failed',
            error: { code: 'INTERRUPTED', message },
            completedAt: sql`now()`,
          })
          .where(eq(chatTurns.id, turnId));
        await tx
          .update(rcaJobs)
          .set({ status: 'failed', lastError: message, finishedAt: sql`now()` })
          .where(and(eq(rcaJobs.turnId, turnId), eq(rcaJobs.workspaceId, workspaceId)));
        return { kind: 'gave-up', attempts: turn.attempt, item } as const;
      }

      await tx
        .update(chatTurns)
        .set({
          status: 'running',
          attempt,
          startedAt: sql`coalesce(${chatTurns.startedAt}, now())`,
        })
        .where(eq(chatTurns.id, turnId));
      await tx
        .update(rcaJobs)
        .set({
          status: 'running',
          workerId,
          startedAt: sql`now()`,
          attempts: sql`${rcaJobs.attempts} + 1`,
        })
        .where(and(eq(rcaJobs.turnId, turnId), eq(rcaJobs.workspaceId, workspaceId)));
      const event: RcaEvent = resumed
        ? { type: 'attempt_started', attempt, reason: INTERRUPTED_REASON }
        : { type: 'attempt_started', attempt };
      const item = await insertTurnEvent({ db: tx, workspaceId, turnId, event });
      const { status: _status, attempt: _previous, ...claimed } = turn;
      return { kind: 'run', turn: { ...claimed, attempt, resumed }, item } as const;
    }),
  );
  if (outcome.kind === 'skip') return outcome;
  await publishTurnEvent({ bus, turnId, item: outcome.item, logger });
  return outcome.kind === 'run'
    ? { kind: 'run', turn: outcome.turn }
    : { kind: 'gave-up', attempts: outcome.attempts };
}
