import { asc, eq } from 'drizzle-orm';
import { alertEndpoints, type Database } from '@vibemonitor/db';
import {
  alertEndpointColumns,
  toAlertEndpointView,
  type AlertEndpointView,
} from './alert-endpoint-view.js';

/** The workspace's alert endpoints, oldest first (at most MAX_ALERT_ENDPOINTS exist). */
export async function listAlertEndpoints({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<AlertEndpointView[]> {
  const rows = await db
    .select(alertEndpointColumns)
    .from(alertEndpoints)
    .where(eq(alertEndpoints.workspaceId, workspaceId))
    .orderBy(asc(alertEndpoints.createdAt), asc(alertEndpoints.id));
  return rows.map(toAlertEndpointView);
}
