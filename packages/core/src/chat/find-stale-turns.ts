import { and, eq, inArray, sql } from 'drizzle-orm';
import { rcaJobs, queryRows, type Database } from '@vibemonitor/db';

export interface StaleTurn {
  turnId: string;
  workspaceId: string;
  status: 'queued' | 'running';
  /** How long ago the turn was asked, in ms (by the database clock). */
  ageMs: number;
}

/**
 * Unfinished turns (across all workspaces: this is the worker's own
 * housekeeping) whose run has shown no sign of life for `staleAfterMs`: no
 * new event, no start, no heartbeat from its worker, no (re-)enqueue. Measured on the database clock, so
 * workers on skewed hosts agree.
 */
export async function findStaleTurns({
  db,
  staleAfterMs,
  limit = 100,
}: {
  db: Database;
  staleAfterMs: number;
  limit?: number;
}): Promise<StaleTurn[]> {
  const rows = await queryRows<{
    turn_id: string;
    workspace_id: string;
    status: 'queued' | 'running';
    age_ms: number | string;
  }>(
    db,
    sql`select t.id as turn_id, t.workspace_id, t.status,
               (extract(epoch from now() - t.created_at) * 1000)::bigint as age_ms
        from chat_turns t
        join rca_jobs j on j.turn_id = t.id and j.workspace_id = t.workspace_id
        where t.status in ('queued', 'running')
        group by t.id
        having greatest(
                 max(j.queued_at),
                 coalesce(max(j.started_at), max(j.queued_at)),
                 coalesce(max(j.heartbeat_at), max(j.queued_at)),
                 coalesce((select max(e.created_at) from turn_events e where e.turn_id = t.id), max(j.queued_at))
               ) < now() - (${staleAfterMs}::double precision * interval '1 millisecond')
        order by min(j.queued_at)
        limit ${limit}`,
  );
  return rows.map((row) => ({
    turnId: row.turn_id,
    workspaceId: row.workspace_id,
    status: row.status,
    ageMs: Number(row.age_ms),
  }));
}

/** Records that a turn's job was enqueued again, so it counts as fresh for the next sweeps. */
export async function markTurnRequeued({
  db,
  workspaceId,
  turnId,
}: {
  db: Database;
  workspaceId: string;
  turnId: string;
}): Promise<void> {
  await db
    .update(rcaJobs)
    .set({ queuedAt: sql`now()` })
    .where(
      and(
        eq(rcaJobs.turnId, turnId),
        eq(rcaJobs.workspaceId, workspaceId),
        inArray(rcaJobs.status, ['queued', 'running']),
      ),
    );
}
