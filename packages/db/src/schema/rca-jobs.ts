import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { chatTurns } from './chat.js';
import { enumCheck, id, timestamptz } from './columns.js';
import { rcaJobStatuses } from './enums.js';
import { workspaceId } from './workspaces.js';

/**
 * One RCA run of a chat turn, as the worker sees it. Kept beside the queue so
 * a stalled or lost job can be found and re-enqueued from the database.
 */
export const rcaJobs = pgTable(
  'rca_jobs',
  {
    id: id(),
    workspaceId: workspaceId(),
    turnId: uuid('turn_id')
      .notNull()
      .references(() => chatTurns.id, { onDelete: 'cascade' }),
    status: text('status', { enum: rcaJobStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    queuedAt: timestamptz('queued_at').notNull().defaultNow(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    workerId: text('worker_id'),
    /** Written every few seconds by the worker running the job: a stale one means that worker died. */
    heartbeatAt: timestamptz('heartbeat_at'),
    lastError: text('last_error'),
  },
  (t) => [
    index('rca_jobs_workspace_id_idx').on(t.workspaceId),
    index('rca_jobs_turn_id_idx').on(t.turnId),
    // The sweeper looks for old queued/running jobs.
    index('rca_jobs_status_queued_at_idx').on(t.status, t.queuedAt),
    enumCheck('rca_jobs_status_check', t.status, rcaJobStatuses),
  ],
);

export type RcaJob = typeof rcaJobs.$inferSelect;
export type NewRcaJob = typeof rcaJobs.$inferInsert;
