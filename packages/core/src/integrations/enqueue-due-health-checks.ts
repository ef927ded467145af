import { and, inArray, isNull, lt, or } from 'drizzle-orm';
import { integrations, type Database } from '@vibemonitor/db';
import type { JobQueue } from '@vibemonitor/jobs';
import { connectableProviders } from './integration-providers.js';

export const HEALTH_CHECK_INTERVAL_MS = 5 * 60_000;

/**
 * Enqueues an `integration.health-check` job for every integration not
 * checked within the last interval (on-demand checks count). The job id is
 * the integration and the interval bucket, so several workers ticking at
 * once enqueue each check only once.
 * @returns how many checks were enqueued.
 */
export async function enqueueDueHealthChecks({
  db,
  queue,
  now = new Date(),
  intervalMs = HEALTH_CHECK_INTERVAL_MS,
}: {
  db: Database;
  queue: JobQueue;
  now?: Date;
  intervalMs?: number;
}): Promise<number> {
  // A little slack so a check that ran just under an interval ago is not skipped for a whole extra interval.
  const dueBefore = new Date(now.getTime() - intervalMs * 0.9);
  const due = await db
    .select({ id: integrations.id, workspaceId: integrations.workspaceId })
    .from(integrations)
    .where(
      and(
        inArray(integrations.provider, [...connectableProviders]),
        or(isNull(integrations.lastCheckedAt), lt(integrations.lastCheckedAt, dueBefore)),
      ),
    );
  const bucket = Math.floor(now.getTime() / intervalMs);
  for (const { id, workspaceId } of due) {
    await queue.enqueue(
      'integration.health-check',
      { workspaceId, integrationId: id },
      { jobId: `health-${id}-${bucket}`, attempts: 1 },
    );
  }
  return due.length;
}
