import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Investigator } from '@vibemonitor/agent';
import {
  AppError,
  channels,
  isAppError,
  isTerminalRcaEvent,
  rcaReportSchema,
  rcaUsageSchema,
  type RcaEvent,
  type TurnFinishedNotification,
} from '@vibemonitor/contracts';
import {
  appendTurnEvent,
  claimTurn,
  completeTurn,
  failTurn,
  findTurn,
  recordTurnHeartbeat,
  listEarlierTurns,
  type Notifier,
  type TurnError,
} from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { EventBus, JobContext } from '@vibemonitor/jobs';
import { InvestigationThreadStopped } from '../investigation-thread/start-investigation-thread.js';

export interface RcaRunDeps {
  db: Database;
  bus: EventBus;
  investigator: Investigator;
  workerId: string;
  logger: Logger;
  /** Told when a turn completes or fails (web via the bus; Slack later). */
  notifier?: Notifier;
  /**
   * How often the running job's heartbeat is written (the stale-turn sweeper
   * re-runs turns whose heartbeat stopped). Default 3000.
   */
  heartbeatIntervalMs?: number;
}

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;

/** What the user reads when the engine fails with something other than an AppError. */
export const INTERNAL_FAILURE_MESSAGE =
  'The investigation failed because of an internal error (it has been logged). Try asking again.';

function isCancelMessage(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'cancel'
  );
}

/** An ended turn refuses events (PRECONDITION_FAILED); a deleted one is NOT_FOUND. */
function meansTurnEnded(error: unknown): boolean {
  return isAppError(error) && (error.code === 'PRECONDITION_FAILED' || error.code === 'NOT_FOUND');
}

/**
 * Runs one `rca.run` job: claims the turn (skipping a missing or ended one,
 * so re-runs are harmless; a turn found `running` becomes a new, announced
 * attempt), listens for cancel on the turn's control channel, runs the
 * investigator with an `emit` that persists and publishes each event in
 * order, then stores `complete` with the report, or `error` when it failed.
 * A cancelled turn already has its `cancelled` event: the worker just stops.
 *
 * On queue shutdown (the job's signal) it rethrows without touching the
 * turn, which stays `running` for the next attempt.
 */
export function createRcaRunProcessor(deps: RcaRunDeps) {
  const { db, bus, investigator, workerId } = deps;
  const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;

  return async ({ payload, signal: queueSignal }: JobContext<'rca.run'>): Promise<void> => {
    const { turnId, workspaceId } = payload;
    const logger = deps.logger.child({ turnId, workspaceId });
    const claim = await claimTurn({ db, bus, logger, workspaceId, turnId, workerId });
    if (claim.kind === 'skip') {
      logger.info({ reason: claim.reason }, 'rca.run skipped: the turn is gone or has ended');
      return;
    }
    if (claim.kind === 'gave-up') {
      logger.warn(
        { attempts: claim.attempts },
        'rca.run gave up: the turn was interrupted too many times',
      );
      return;
    }
    const { turn } = claim;
    const notify = async (status: TurnFinishedNotification['status'], summary: string) => {
      // A notification is a courtesy: the turn's outcome is already stored, so a
      // failing channel is logged and never turns a finished job into a retry.
      await deps.notifier
        ?.notify({
          kind: 'turn_finished',
          workspaceId,
          sessionId: turn.sessionId,
          turnId,
          status,
          summary,
          at: new Date().toISOString(),
        })
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'could not deliver the turn notification'),
        );
    };

    const controller = new AbortController();
    // Set when the turn ended under us (cancelled, deleted): its outcome is already written.
    let ended = false;
    const stop = (reason: AppError) => {
      ended = true;
      controller.abort(reason);
    };
    const onQueueAbort = () => controller.abort(queueSignal.reason);
    queueSignal.addEventListener('abort', onQueueAbort, { once: true });
    const unsubscribe = await bus.subscribe(channels.turnControl(turnId), (message) => {
      if (isCancelMessage(message))
        stop(new AppError('PRECONDITION_FAILED', 'The turn was cancelled.'));
    });
    // The heartbeat says "this worker is alive and still on this turn". A
    // failed beat (database briefly away) is only logged: the next one counts.
    // A beat that finds the run taken over by another worker (this one was
    // presumed dead) stops this run: the new attempt owns the turn.
    let beating: Promise<void> = Promise.resolve();
    const heartbeat = setInterval(() => {
      beating = recordTurnHeartbeat({ db, workspaceId, turnId, workerId }).then(
        (held) => {
          if (!held && !controller.signal.aborted)
            stop(new AppError('CONFLICT', 'Another worker took over this turn.'));
        },
        (error: unknown) => logger.warn({ err: error }, 'could not record the turn heartbeat'),
      );
    }, heartbeatIntervalMs);

    try {
      // A cancel that landed between the claim and the subscription above.
      const current = await findTurn({ db, workspaceId, turnId });
      if (current?.status !== 'running') return;

      // One event at a time, in call order, even if the engine emits from
      // parallel tool calls: seqs are handed out by the database per insert.
      let queue: Promise<unknown> = Promise.resolve();
      // Set when storing an event failed for a reason other than the turn
      // ending (the database restarting, say): the investigation did not
      // fail, our storage did, so the job is retried (a new attempt) instead
      // of the turn being failed for the user.
      let storageFailure: unknown;
      const emit = (event: RcaEvent): Promise<void> => {
        const appended = queue.then(async () => {
          if (isTerminalRcaEvent(event)) {
            throw new AppError(
              'VALIDATION_FAILED',
              `Investigators return a report or throw; they do not emit "${event.type}" events.`,
            );
          }
          if (controller.signal.aborted) throw controller.signal.reason;
          try {
            await appendTurnEvent({
              db,
              bus,
              logger,
              workspaceId,
              turnId,
              event,
              attempt: turn.attempt,
            });
          } catch (error) {
            if (meansTurnEnded(error)) stop(error as AppError);
            else if (!isAppError(error)) storageFailure ??= error;
            throw error;
          }
        });
        queue = appended.catch(() => undefined);
        return appended;
      };

      const started = performance.now();
      let result;
      try {
        // A follow-up is investigated with the session's earlier turns as context.
        const history = await listEarlierTurns({ db, workspaceId, turnId });
        result = await investigator.investigate({
          question: turn.message,
          workspaceId,
          turnId,
          emit,
          signal: controller.signal,
          history,
        });
      } catch (error) {
        if (ended) return;
        if (queueSignal.aborted) throw error;
        if (storageFailure !== undefined) {
          logger.warn(
            { err: storageFailure },
            'could not store an event of the investigation; the job will run again',
          );
          throw storageFailure;
        }
        // Like a killed worker: the run was lost, not failed. The job runs
        // again and the turn resumes as a new attempt (on a new thread).
        if (error instanceof InvestigationThreadStopped) {
          logger.warn({ err: error }, 'the investigation thread stopped; the job will run again');
          throw error;
        }
        const failure = describeFailure(error, logger);
        await failTurn({
          db,
          bus,
          logger,
          workspaceId,
          turnId,
          attempt: turn.attempt,
          error: failure,
        });
        await notify('failed', failure.message);
        return;
      }
      if (ended) return;
      const report = rcaReportSchema.safeParse(result.report);
      const usage = rcaUsageSchema.safeParse(result.usage);
      if (!report.success || !usage.success) {
        logger.error(
          { report: report.error?.issues, usage: usage.error?.issues },
          'investigator returned an invalid report or usage',
        );
        await failTurn({
          db,
          bus,
          logger,
          workspaceId,
          turnId,
          attempt: turn.attempt,
          error: { code: 'INTERNAL', message: INTERNAL_FAILURE_MESSAGE },
        });
        await notify('failed', INTERNAL_FAILURE_MESSAGE);
        return;
      }
      await completeTurn({
        db,
        bus,
        logger,
        workspaceId,
        turnId,
        attempt: turn.attempt,
        report: report.data,
        usage: usage.data,
      });
      await notify('completed', report.data.summary);
      logger.info(
        { attempt: turn.attempt, durationMs: Math.round(performance.now() - started) },
        'rca.run completed',
      );
    } finally {
      clearInterval(heartbeat);
      await beating;
      queueSignal.removeEventListener('abort', onQueueAbort);
      await unsubscribe();
    }
  };
}

/** The error a user reads: an AppError's own message, anything else a safe generic one (logged in full). */
function describeFailure(error: unknown, logger: Logger): TurnError {
  if (isAppError(error)) return { code: error.code, message: error.message };
  logger.error({ err: error }, 'investigation failed unexpectedly');
  return { code: 'INTERNAL', message: INTERNAL_FAILURE_MESSAGE };
}
