import { and, desc, eq, lt, or } from 'drizzle-orm';
import { alertGroups, type AlertGroupStatus, type Database } from '@vibemonitor/db';

export interface AlertGroupView {
  id: string;
  endpointId: string;
  format: string;
  status: AlertGroupStatus;
  title: string;
  service: string | null;
  environment: string | null;
  startsAt: Date;
  resolvedAt: Date | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  receivedCount: number;
  investigationCount: number;
  sessionId: string | null;
  turnId: string | null;
  skippedReason: string | null;
}

/**
 * Alert groups received by the workspace, most recently seen first, a page at
 * a time (`cursor` is the last item's `lastSeenAt` and id from the page before).
 */
export async function listAlertGroups({
  db,
  workspaceId,
  endpointId,
  limit,
  cursor,
}: {
  db: Database;
  workspaceId: string;
  endpointId?: string | undefined;
  limit: number;
  cursor?: { lastSeenAt: Date; id: string } | undefined;
}): Promise<{ items: AlertGroupView[]; nextCursor: { lastSeenAt: Date; id: string } | null }> {
  const rows = await db
    .select({
      id: alertGroups.id,
      endpointId: alertGroups.endpointId,
      format: alertGroups.format,
      status: alertGroups.status,
      title: alertGroups.title,
      service: alertGroups.service,
      environment: alertGroups.environment,
      startsAt: alertGroups.startsAt,
      resolvedAt: alertGroups.resolvedAt,
      firstSeenAt: alertGroups.firstSeenAt,
      lastSeenAt: alertGroups.lastSeenAt,
      receivedCount: alertGroups.receivedCount,
      investigationCount: alertGroups.investigationCount,
      sessionId: alertGroups.sessionId,
      turnId: alertGroups.turnId,
      skippedReason: alertGroups.skippedReason,
    })
    .from(alertGroups)
    .where(
      and(
        eq(alertGroups.workspaceId, workspaceId),
        endpointId ? eq(alertGroups.endpointId, endpointId) : undefined,
        cursor
          ? or(
              lt(alertGroups.lastSeenAt, cursor.lastSeenAt),
              and(eq(alertGroups.lastSeenAt, cursor.lastSeenAt), lt(alertGroups.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(alertGroups.lastSeenAt), desc(alertGroups.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? { lastSeenAt: last.lastSeenAt, id: last.id } : null,
  };
}
