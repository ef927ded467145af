import { and, eq, sql } from 'drizzle-orm';
import { rcaJobs, type Database } from '@vibemonitor/db';

/**
 * Records that `workerId` is still running the turn's job (database clock).
 * Only the worker that holds the run may beat: once another worker claimed
 * the turn (a new attempt), the old worker's beats change nothing.
 * @returns false when this worker no longer holds a running job for the turn.
 */
export async function recordTurnHeartbeat({
  db,
  workspaceId,
  turnId,
  workerId,
}: {
  db: Database;
  workspaceId: string;
  turnId: string;
  workerId: string;
}): Promise<boolean> {
  const rows = await db
    .update(rcaJobs)
    .set({ heartbeatAt: sql`now()` })
    .where(
      and(
        eq(rcaJobs.turnId, turnId),
        eq(rcaJobs.workspaceId, workspaceId),
        eq(rcaJobs.workerId, workerId),
        eq(rcaJobs.status, 'running'),
      ),
    )
    .returning({ id: rcaJobs.id });
  return rows.length > 0;
}
