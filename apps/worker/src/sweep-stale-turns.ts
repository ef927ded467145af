import type { Logger } from 'pino';
import { enqueueRcaRun, failTurn, findStaleTurns, markTurnRequeued } from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { EventBus, JobQueue } from '@vibemonitor/jobs';

export interface StaleTurnSweepTimings {
  /**
   * A queued/running turn with no sign of life (event, start, enqueue, or
   * its worker's heartbeat) for this long is enqueued again. Keep it several
   * heartbeats long, so one slow beat never makes a live run look dead.
   */
  staleAfterMs: number;
  /** How often a running job's worker writes its heartbeat. */
  heartbeatIntervalMs: number;
  /** A stale turn asked longer ago than this is failed instead (its job cannot be revived). */
  giveUpAfterMs: number;
  /** Pause between sweeps. */
  intervalMs: number;
}

/**
 * With these, a turn whose worker died runs again within about 20 s
 * (15 s without a heartbeat + up to 5 s to the next sweep) even when its job
 * was lost with the process (in-process queue) or with Redis; BullMQ's stalled
 * check (packages/jobs, `StallSettings`) usually gets there first.
 */
export const defaultStaleTurnSweep: StaleTurnSweepTimings = {
  staleAfterMs: 15_000,
  heartbeatIntervalMs: 3_000,
  giveUpAfterMs: 60 * 60_000,
  intervalMs: 5_000,
};

export const ABANDONED_MESSAGE =
  'The investigation stopped making progress and was abandoned. Ask again to retry.';

export interface SweepDeps {
  db: Database;
  bus: EventBus;
  queue: JobQueue;
  logger: Logger;
}

/**
 * One sweep: every unfinished turn whose run has shown no sign of life for
 * `staleAfterMs` is enqueued again (job id = turn id). With the in-process
 * queue a job dies with its process, so this is what finishes those turns
 * after a restart; with BullMQ, stalled-job recovery normally gets there
 * first and the enqueue is a no-op while the job is still pending or active
 * (a job lost with Redis, or failed for good, is enqueued afresh). A turn still
 * stale after `giveUpAfterMs` is failed, so no turn stays `running` forever.
 */
export async function sweepStaleTurns(
  deps: SweepDeps,
  timings: Pick<StaleTurnSweepTimings, 'staleAfterMs' | 'giveUpAfterMs'>,
): Promise<{ requeued: number; abandoned: number }> {
  const { db, bus, queue, logger } = deps;
  const stale = await findStaleTurns({ db, staleAfterMs: timings.staleAfterMs });
  let requeued = 0;
  let abandoned = 0;
  for (const turn of stale) {
    const ref = { workspaceId: turn.workspaceId, turnId: turn.turnId };
    if (turn.ageMs > timings.giveUpAfterMs) {
      await failTurn({
        db,
        bus,
        logger,
        ...ref,
        error: { code: 'INTERRUPTED', message: ABANDONED_MESSAGE },
      });
      abandoned += 1;
      continue;
    }
    // `revive`: a job whose retries were spent (say, while the database was
    // restarting) is kept as failed and would otherwise dedupe this enqueue.
    await enqueueRcaRun(queue, ref, { revive: true });
    await markTurnRequeued({ db, ...ref });
    requeued += 1;
  }
  if (requeued + abandoned > 0) logger.warn({ requeued, abandoned }, 'stale turns swept');
  return { requeued, abandoned };
}

export interface StaleTurnSweeper {
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/**
 * Sweeps now (awaited, so a restarted worker has re-enqueued its lost turns
 * before it reports ready) and then every `intervalMs`. A failed sweep is
 * logged and retried at the next tick.
 */
export async function startStaleTurnSweeper(
  deps: SweepDeps,
  timings: StaleTurnSweepTimings,
): Promise<StaleTurnSweeper> {
  if (timings.heartbeatIntervalMs * 2 > timings.staleAfterMs) {
    throw new Error(
      `The turn heartbeat (${timings.heartbeatIntervalMs} ms) must be at most half of the stale age (${timings.staleAfterMs} ms), or live runs would look dead`,
    );
  }
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const sweep = async () => {
    try {
      await sweepStaleTurns(deps, timings);
    } catch (error) {
      deps.logger.error({ err: error }, 'stale-turn sweep failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep().then(schedule);
    }, timings.intervalMs);
  };

  running = sweep();
  await running;
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
