import { and, eq } from 'drizzle-orm';
import { alertGroups, type Database } from '@vibemonitor/db';

/** The onset of the alert group that started this turn (its earliest firing `startsAt`), or null for other turns. */
export async function findAlertOnset({
  db,
  workspaceId,
  turnId,
}: {
  db: Database;
  workspaceId: string;
  turnId: string;
}): Promise<Date | null> {
  const [group] = await db
    .select({ startsAt: alertGroups.startsAt })
    .from(alertGroups)
    .where(and(eq(alertGroups.workspaceId, workspaceId), eq(alertGroups.turnId, turnId)));
  return group?.startsAt ?? null;
}
