import type { Logger } from 'pino';
import { enqueueRcaRun, failTurn, findStaleTurns, markTurnRequeued } from '@vibemonitor/core';
import type { Database } from '@vibemonitor/db';
import type { EventBus, JobQueue } from '@vibemonitor/jobs';

export interface StaleTurnSweepTimings {
  /** A queued/running turn with no sign of life for this long is enqueued again. */
  staleAfterMs: number;
  /** A stale turn asked longer ago than this is failed instead (its job cannot be revived). */
  giveUpAfterMs: number;
  /** Pause between sweeps. */
  intervalMs: number;
}

export const defaultStaleTurnSweep: StaleTurnSweepTimings = {
  staleAfterMs: 2 * 60_000,
  giveUpAfterMs: 60 * 60_000,
  intervalMs: 60_000,
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
 * first and the enqueue is a no-op while the job still exists. A turn still
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
    await enqueueRcaRun(queue, ref);
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
