import { and, asc, eq } from 'drizzle-orm';
import { services, type Database } from '@vibemonitor/db';
import { afterCursor, cursorText, toPage, type Page } from '../workspaces/page-cursor.js';
import { serviceColumns, toServiceSummary } from './load-service.js';
import type { ServiceSummary } from './service-summary.js';

/** The workspace's services in the order they were created, one keyset page at a time. */
export async function listServices({
  db,
  workspaceId,
  limit,
  cursor,
}: {
  db: Database;
  workspaceId: string;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<ServiceSummary>> {
  const rows = await db
    .select({ ...serviceColumns, cursorAt: cursorText(services.createdAt), cursorId: services.id })
    .from(services)
    .where(
      and(
        eq(services.workspaceId, workspaceId),
        cursor === undefined ? undefined : afterCursor(services.createdAt, services.id, cursor),
      ),
    )
    .orderBy(asc(services.createdAt), asc(services.id))
    .limit(limit + 1);
  return toPage(rows, limit, ({ cursorAt: _at, cursorId: _id, ...service }) =>
    toServiceSummary(service),
  );
}
