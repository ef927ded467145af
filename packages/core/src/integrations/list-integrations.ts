import { asc, eq } from 'drizzle-orm';
import { integrations, type Database } from '@vibemonitor/db';
import { toIntegrationSummary, type IntegrationSummary } from './integration-summary.js';

/** Every integration of the workspace, oldest first, without secrets. */
export async function listIntegrations({
  db,
  workspaceId,
}: {
  db: Database;
  workspaceId: string;
}): Promise<IntegrationSummary[]> {
  const rows = await db
    .select()
    .from(integrations)
    .where(eq(integrations.workspaceId, workspaceId))
    .orderBy(asc(integrations.createdAt), asc(integrations.id));
  return rows.map(toIntegrationSummary);
}
