import { securityEvents, type Database } from '@vibemonitor/db';

/**
 * Stores a security event of an investigation (a blocked question, telemetry
 * lines withheld from the model). The detail holds signals and a short
 * excerpt, never credentials.
 */
export async function recordInvestigationSecurityEvent({
  db,
  kind,
  workspaceId,
  turnId,
  detail,
}: {
  db: Database;
  kind: string;
  workspaceId: string;
  turnId: string;
  detail: Record<string, unknown>;
}): Promise<void> {
  await db.insert(securityEvents).values({ workspaceId, kind, detail: { ...detail, turnId } });
}
